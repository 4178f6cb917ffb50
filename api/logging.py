"""Structured JSON application logs.

Application logs must never hold personal data (the access log lives in the database). As a
second line of defence, a processor masks anything shaped like a personnummer.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from api.request_context import current_request_id

_PERSONAL_NUMBER = re.compile(r"(?<!\d)(\d{2})?\d{6}[-+]?\d{4}(?!\d)")


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _PERSONAL_NUMBER.sub("[personnummer]", value)
    return value


def mask_personal_numbers(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in list(event.items()):
        event[key] = _mask(value)
    return event


def add_request_id(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    request_id = current_request_id()
    if request_id:
        event.setdefault("request_id", request_id)
    return event


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr; the standard library's loggers (uvicorn, sqlalchemy) go through
    the same masking processors."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        add_request_id,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        mask_personal_numbers,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)

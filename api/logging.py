"""Structured JSON application logs.

Application logs must never hold personal data or credentials (the access log lives in the
database). Code logs identifiers only; as a second line of defence, a processor masks anything
shaped like a personnummer, a bearer token or a calendar feed's secret.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import IO, Any

import structlog

from api.request_context import current_request_id, elapsed_ms

# A personnummer stands alone: no letter or digit on either side. Without the letters, ten
# digits in a row inside a hex request id, ETag or audit hash were masked, and that id could
# no longer be found in the log.
_PERSONAL_NUMBER = re.compile(r"(?<![^\W_])(\d{2})?\d{6}[-+]?\d{4}(?![^\W_])")
_BEARER_TOKEN = re.compile(r"eyJ[\w-]*\.[\w-]+\.[\w-]*")
# A feed URL's path segment is its credential (api/calendar); uvicorn's access lines carry it.
_FEED_TOKEN = re.compile(r"(/calendar-feeds/)[^/?#\s\"']+", re.IGNORECASE)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        value = _BEARER_TOKEN.sub("[token]", value)
        value = _FEED_TOKEN.sub(r"\1[token]", value)
        return _PERSONAL_NUMBER.sub("[personnummer]", value)
    return value


def mask_sensitive(
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


def add_elapsed(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """How far into its request a line was written: on the access line, the time to the
    answer, so a slow request can be found in the log without a profiler."""
    elapsed = elapsed_ms()
    if elapsed is not None:
        event.setdefault("elapsed_ms", round(elapsed, 1))
    return event


_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    add_request_id,
    add_elapsed,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    mask_sensitive,
]


def json_handler(stream: IO[str]) -> logging.Handler:
    """A handler writing masked JSON lines; the standard library's loggers (uvicorn,
    sqlalchemy, httpx) go through the same processors as the app's own."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    return handler


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr, once per process (create_app may run more than once)."""
    if structlog.is_configured():
        return
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    root.addHandler(json_handler(sys.stderr))
    root.setLevel(level)

"""The log masker hides a personnummer wherever it stands alone, and leaves identifiers that
merely contain ten digits in a row (hex request ids, ETags, hashes) as they were written."""

from __future__ import annotations

import io
import json
import logging
import uuid
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api.logging import json_handler, mask_sensitive
from api.request_context import RequestIdMiddleware

# A uuid4 hex with exactly ten digits in a row, as about one generated request id in twenty has.
DIGIT_RUN_ID = "4f1ab2c3d4e5f6a7b8c9da1234567890"


def _masked(value: str) -> str:
    return str(mask_sensitive(None, "info", {"event": value})["event"])


@pytest.mark.parametrize(
    ("written", "logged"),
    [
        ("200803142389", "[personnummer]"),
        ("20080314-2389", "[personnummer]"),
        ("080314-2389", "[personnummer]"),
        ("080314+2389", "[personnummer]"),
        ("0803142389", "[personnummer]"),
        ("GET /api/v1/people/200803142389 HTTP/1.1", "GET /api/v1/people/[personnummer] HTTP/1.1"),
        ("/cases?personnummer=200803142389&page=2", "/cases?personnummer=[personnummer]&page=2"),
        ('{"pnr": "19121212-1212"}', '{"pnr": "[personnummer]"}'),
        ("pnr_200803142389", "pnr_[personnummer]"),
        ("pnr:200803142389.", "pnr:[personnummer]."),
    ],
)
def test_a_personnummer_standing_alone_is_masked(written: str, logged: str) -> None:
    assert _masked(written) == logged


@pytest.mark.parametrize(
    "identifier",
    [
        DIGIT_RUN_ID,
        'W/"a200803142389b"',
        "sha256:9f200803142389e0",
        "1234567890123456",  # sixteen digits are no personnummer
    ],
)
def test_an_identifier_that_contains_ten_digits_is_left_alone(identifier: str) -> None:
    assert _masked(identifier) == identifier


async def _app_that_logs(scope: Scope, receive: Receive, send: Send) -> None:
    logging.getLogger("samverka.test-log-masking").info("inside the request")
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def _logged_request_id(monkeypatch: Any, headers: dict[str, str]) -> tuple[str, str]:
    """The request id the response carried, and the one its log line carried."""
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(hex=DIGIT_RUN_ID))
    stream = io.StringIO()
    logger = logging.getLogger("samverka.test-log-masking")
    logger.addHandler(json_handler(stream))
    logger.propagate = False
    try:
        answer = TestClient(RequestIdMiddleware(_app_that_logs)).get("/", headers=headers)
    finally:
        logger.handlers.clear()
        logger.propagate = True
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    return answer.headers["x-request-id"], line["request_id"]


def test_a_generated_request_id_with_a_digit_run_is_logged_as_answered(
    monkeypatch: Any,
) -> None:
    answered, logged = _logged_request_id(monkeypatch, {})

    assert answered == DIGIT_RUN_ID
    assert logged == answered


def test_a_personnummer_sent_as_request_id_is_masked_in_the_log(monkeypatch: Any) -> None:
    answered, logged = _logged_request_id(monkeypatch, {"X-Request-ID": "200803142389"})

    assert answered == "200803142389"
    assert logged == "[personnummer]"

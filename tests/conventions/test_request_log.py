"""Every application log line written during a request says how far into it it was written.

On uvicorn's access line (written as the response starts) that is the time to the answer,
which is how a slow request is found in the log.
"""

from __future__ import annotations

import io
import json
import logging
from types import SimpleNamespace
from typing import Any

from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from api import request_context
from api.logging import json_handler
from api.request_context import RequestIdMiddleware

LOGGER = "samverka.test-request-log"


class _Clock:
    """A stand-in for ``time.perf_counter`` that moves only when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def perf_counter(self) -> float:
        return self.now


def _app_that_logs(clock: _Clock) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        clock.now += 0.25  # the request's work
        logging.getLogger(LOGGER).info("inside the request")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return RequestIdMiddleware(app)


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_inside_a_request_carries_its_elapsed_time_and_one_outside_none(
    monkeypatch: Any,
) -> None:
    clock = _Clock()
    monkeypatch.setattr(request_context, "time", SimpleNamespace(perf_counter=clock.perf_counter))
    stream = io.StringIO()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(json_handler(stream))
    logger.propagate = False
    try:
        answer = TestClient(_app_that_logs(clock)).get("/", headers={"X-Request-ID": "req-1"})
        logger.info("outside any request")
    finally:
        logger.handlers.clear()
        logger.propagate = True

    assert answer.status_code == 204
    inside, outside = _lines(stream)
    assert inside["event"] == "inside the request"
    assert inside["request_id"] == "req-1"
    assert inside["elapsed_ms"] == 250.0
    assert outside["event"] == "outside any request"
    assert "elapsed_ms" not in outside
    assert "request_id" not in outside

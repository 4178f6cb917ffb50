"""The request id and the request's start, carried in context variables so logs and problems
can quote the one and every log line of a request can say how far into it it was written."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_started: ContextVar[float | None] = ContextVar("request_started", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def elapsed_ms() -> float | None:
    """Milliseconds since the current request arrived; None outside a request. On uvicorn's
    access line, which is written as the response starts, it is the time to the answer."""
    started = _started.get()
    return None if started is None else (time.perf_counter() - started) * 1000


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` from the request when it is well-formed, else makes one, and
    returns it on every response. A malformed id is replaced, so logs cannot be forged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token, started = _request_id.set(request_id), _started.set(time.perf_counter())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _request_id.reset(token)
            _started.reset(started)

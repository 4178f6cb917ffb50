"""HTTP conventions used by every resource: ETags from the optimistic-concurrency version,
``If-Match`` on every PATCH, a limit on request bodies, and back-pressure under load."""

from __future__ import annotations

import asyncio
import math
import re
import weakref
from typing import Annotated

import anyio
from fastapi import Header, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import (
    PROBLEM_BASE,
    PROBLEM_MEDIA_TYPE,
    FieldError,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    Problem,
)
from api.models.base import Entity
from api.request_context import current_request_id

MAX_BODY_BYTES = 1024 * 1024
_ETAG = re.compile(r'^(?:W/)?"v(\d{1,9})"$')

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=64,
        description="The ETag of the version you changed; required, so no update is lost.",
    ),
]


def etag_for(version: int) -> str:
    return f'"v{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


def require_version(entity: Entity, if_match: str | None) -> None:
    """Refuse a change made from a stale copy: 428 without If-Match (or a blank one), 422 for
    what is not one of our ETags (``*`` included: it would overwrite any change), 412 when no
    ETag sent is the current version (RFC 9110 allows a list).

    The ORM's version column makes the UPDATE itself conditional too, so two concurrent
    writers that both pass this check cannot both succeed (StaleDataError -> 412).
    """
    tags = [tag.strip() for tag in (if_match or "").split(",") if tag.strip()]
    if not tags:
        raise PreconditionRequired(
            "Send the resource's ETag in an If-Match header, so no one else's change is lost."
        )
    matches = [_ETAG.match(tag) for tag in tags]
    if None in matches:
        message = 'If-Match takes the ETag of the version you read, such as "v3".'
        error = FieldError(field="header.If-Match", rule="etag", message=message)
        raise InvalidInput(message, errors=[error])
    if entity.version not in {int(match.group(1)) for match in matches if match}:
        raise PreconditionFailed(
            "Someone else has changed this since you read it. Reload and try again."
        )


class RequestSlotsMiddleware:
    """At most ``slots`` API requests of this worker in progress at once; the others wait in
    the event loop, in arrival order, for at most ``max_wait_seconds`` and are then answered
    503 with ``Retry-After`` (back-pressure rather than a client's timeout).

    An API request holds one database connection from its first query to its commit, but
    runs its dependencies and endpoint as separate calls into the thread pool. Without a
    bound, requests that hold connections wait for threads held by requests that wait for
    connections: the worker stalls until the pool timeout. With as many slots as pooled
    connections no request ever waits for a connection. The wait is bounded too, so an
    overloaded server says so within seconds instead of letting clients time out: a request
    refused here has not been read, so it is safe to send again, POST included.
    """

    def __init__(self, app: ASGIApp, slots: int, max_wait_seconds: float) -> None:
        self.app = app
        self.slots = slots
        self.max_wait_seconds = max_wait_seconds
        self.retry_after = str(max(1, math.ceil(max_wait_seconds)))
        # One semaphore per event loop: an asyncio primitive must not be awaited from
        # another loop (a server has one loop per worker; TestClient one per calling thread).
        self._by_loop = weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore]()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        slots = self._by_loop.get(loop)
        if slots is None:
            slots = self._by_loop[loop] = anyio.Semaphore(self.slots)
        acquired = False
        with anyio.move_on_after(self.max_wait_seconds):
            await slots.acquire()
            acquired = True
        if not acquired:
            await send_problem(
                scope,
                send,
                status=503,
                slug="service-busy",
                title="Service busy",
                detail="The server is answering many requests; this one was not started. "
                "Send it again after Retry-After seconds.",
                headers={"Retry-After": self.retry_after},
            )
            return
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``MAX_BODY_BYTES`` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(scope, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(scope, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send) -> None:
    await send_problem(
        scope,
        send,
        status=413,
        slug="payload-too-large",
        title="Request body too large",
        detail="The request body may be at most 1 MiB.",
    )


async def send_problem(
    scope: Scope,
    send: Send,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> None:
    """A problem response sent by a middleware, outside FastAPI's error handlers."""
    problem = Problem(
        type=PROBLEM_BASE + slug,
        title=title,
        status=status,
        detail=detail,
        instance=scope["path"],
        request_id=current_request_id(),
    )
    extra = [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), *extra],
        }
    )
    await send(
        {"type": "http.response.body", "body": problem.model_dump_json(exclude_none=True).encode()}
    )

"""HTTP conventions used by every resource: ETags from the optimistic-concurrency version,
``If-Match`` on every PATCH, and a limit on request bodies."""

from __future__ import annotations

import asyncio
import re
import weakref
from typing import Annotated

import anyio
from fastapi import Header, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PreconditionFailed, PreconditionRequired
from api.models.base import Entity

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
    """Refuse a change made from a stale copy: 428 without If-Match, 412 when it is stale.

    The ORM's version column makes the UPDATE itself conditional too, so two concurrent
    writers that both pass this check cannot both succeed (StaleDataError -> 412).
    """
    if if_match is None:
        raise PreconditionRequired(
            "Send the resource's ETag in an If-Match header, so no one else's change is lost."
        )
    match = _ETAG.match(if_match.strip())
    if match is None or int(match.group(1)) != entity.version:
        raise PreconditionFailed(
            "Someone else has changed this since you read it. Reload and try again."
        )


class RequestSlotsMiddleware:
    """At most ``slots`` API requests of this worker in progress at once; the others wait in
    the event loop, without a timeout, until one finishes.

    An API request holds one database connection from its first query to its commit, but
    runs its dependencies and endpoint as separate calls into the thread pool. Without a
    bound, requests that hold connections wait for threads held by requests that wait for
    connections: the worker stalls until the pool timeout. With as many slots as pooled
    connections no request ever waits for a connection (back-pressure instead of errors).
    """

    def __init__(self, app: ASGIApp, slots: int) -> None:
        self.app = app
        self.slots = slots
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
        async with slots:
            await self.app(scope, receive, send)


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
            await _too_large(send)
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
            await _too_large(send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = (
        b'{"type":"https://samverka.se/problems/payload-too-large","title":"Request body too '
        b'large","status":413,"detail":"The request body may be at most 1 MiB."}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/problem+json")],
        }
    )
    await send({"type": "http.response.body", "body": body})

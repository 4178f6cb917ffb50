"""``Idempotency-Key`` on POST: a retried request returns the first response and creates
nothing twice (mobile clients and integrations retry on flaky networks).

Keys are scoped per principal and expire. The key row is written in the request's own
transaction, so a failed request leaves no key behind; a concurrent duplicate waits on the
unique index (PostgreSQL) or the write lock (SQLite) and then replays the stored answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import Conflict, FieldError, InvalidInput
from api.models import IdempotencyKey, utcnow

KEY_LIFETIME = timedelta(hours=24)

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Send the same key when retrying; the first response is returned again.",
    ),
]


def _request_hash(request: Request, body: BaseModel | None) -> str:
    payload = body.model_dump(mode="json") if body is not None else None
    canonical = json.dumps([request.method, request.url.path, payload], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(row: IdempotencyKey, request_hash: str) -> Response:
    if row.request_hash != request_hash:
        raise InvalidInput(
            "This Idempotency-Key was used for a different request. Use a new key.",
            errors=[
                FieldError(
                    field="header.Idempotency-Key",
                    rule="reused_with_other_body",
                    message="Key already used for another request.",
                )
            ],
        )
    if row.status_code is None or row.response_body is None:
        raise Conflict("A request with this Idempotency-Key is still being processed. Retry.")
    headers = {**row.response_headers, "Idempotent-Replayed": "true"}
    return Response(row.response_body, row.status_code, headers, media_type="application/json")


def _find(session: Session, principal: Principal, key: str) -> IdempotencyKey | None:
    return session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.principal_key == principal.key,
            IdempotencyKey.key == key,
            IdempotencyKey.expires_at > utcnow(),
        )
    )


def _claim(
    session: Session, principal: Principal, key: str, request: Request, digest: str
) -> IdempotencyKey | None:
    """Insert the key row; None when another request holds the key (then replay that)."""
    session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.principal_key == principal.key,
            IdempotencyKey.key == key,
            IdempotencyKey.expires_at <= utcnow(),
        )
    )
    row = IdempotencyKey(
        principal_key=principal.key,
        key=key,
        method=request.method,
        path=request.url.path,
        request_hash=digest,
        expires_at=utcnow() + KEY_LIFETIME,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def idempotent(
    session: Session,
    principal: Principal,
    request: Request,
    *,
    key: str | None,
    body: BaseModel | None,
    create: Callable[[], tuple[BaseModel, dict[str, str]]],
    status_code: int = 201,
) -> Response:
    """Run ``create`` once per key; ``create`` returns the response model and its headers."""
    if key is None:
        result, headers = create()
        return JSONResponse(result.model_dump(mode="json"), status_code, headers)
    digest = _request_hash(request, body)
    existing = _find(session, principal, key)
    if existing is not None:
        return _replay(existing, digest)
    row = _claim(session, principal, key, request, digest)
    if row is None:
        concurrent = _find(session, principal, key)
        if concurrent is None:
            raise Conflict("A request with this Idempotency-Key is still being processed. Retry.")
        return _replay(concurrent, digest)
    result, headers = create()
    row.status_code, row.response_headers = status_code, headers
    row.response_body = result.model_dump_json()
    return Response(row.response_body, status_code, headers, media_type="application/json")

"""Cursor pagination, implemented once: ``?limit=&cursor=`` returning ``items`` and
``next_cursor``. Cursors are opaque and signed, so a client cannot forge a position."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from api.config import get_settings
from api.errors import FieldError, InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description="Page size (default 50, at most 200).")
]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="`next_cursor` of the previous page; omit for the first."),
]


T = TypeVar("T")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _signature(payload: bytes) -> str:
    key = get_settings().secret_key.get_secret_value().encode()
    return hmac.new(key, b"cursor:" + payload, hashlib.sha256).hexdigest()[:32]


def encode_cursor(values: Sequence[Any]) -> str:
    payload = json.dumps([str(v) if isinstance(v, uuid.UUID) else v for v in values]).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{token}.{_signature(payload)}"


def decode_cursor(cursor: str) -> list[Any]:
    invalid = InvalidInput(
        "The cursor is not valid. Start again from the first page.",
        errors=[FieldError(field="query.cursor", rule="invalid_cursor", message="Invalid cursor.")],
    )
    token, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError) as exc:
        raise invalid from exc
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, so a 500).
    if not hmac.compare_digest(signature.encode(), _signature(payload).encode()):
        raise invalid
    values = json.loads(payload)
    if not isinstance(values, list):
        raise invalid
    return values


def keyset_page(
    stmt: S,
    *,
    order: tuple[InstrumentedAttribute[datetime], InstrumentedAttribute[uuid.UUID]],
    limit: int,
    cursor: str | None,
) -> S:
    """Newest first by (instant, id); fetches one extra row to know whether more follow."""
    instant, ident = order
    if cursor:
        raw_at, raw_id = decode_cursor(cursor)
        try:
            at, last_id = datetime.fromisoformat(raw_at), uuid.UUID(raw_id)
        except (TypeError, ValueError) as exc:
            raise InvalidInput("The cursor is not valid. Start again from the first page.") from exc
        # A row value, not (a < x OR a = x AND b < y): PostgreSQL then starts an index scan
        # on (instant, id) at the cursor instead of filtering every row before it.
        stmt = stmt.where(tuple_(instant, ident) < tuple_(at, last_id))
    return stmt.order_by(instant.desc(), ident.desc()).limit(limit + 1)


def next_cursor(rows: Sequence[Any], limit: int, key: Any) -> str | None:
    """The cursor after the last row shown, or None on the last page."""
    if len(rows) <= limit:
        return None
    at, ident = key(rows[limit - 1])
    return encode_cursor([at.isoformat(), ident])

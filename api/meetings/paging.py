"""Soonest-first keyset pagination, for what lies ahead (upcoming meetings, tasks by due
date); ``api.pagination.keyset_page`` pages newest first. Same opaque, signed cursors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from api.errors import FieldError, InvalidInput
from api.pagination import decode_cursor

S = TypeVar("S", bound=Select[*tuple[Any, ...]])
Key = ColumnElement[Any] | InstrumentedAttribute[Any]

INVALID_CURSOR = InvalidInput(
    "The cursor is not valid. Start again from the first page.",
    errors=[FieldError(field="query.cursor", rule="invalid_cursor", message="Invalid cursor.")],
)


def ascending_page(
    stmt: S,
    *,
    key: Key,
    ident: InstrumentedAttribute[uuid.UUID],
    parse: Callable[[str], Any],
    limit: int,
    cursor: str | None,
) -> S:
    """Ordered by (key, id) ascending; fetches one extra row to know whether more follow.
    ``parse`` turns the cursor's ISO text back into a key value (datetime or date)."""
    if cursor:
        raw_key, raw_id = decode_cursor(cursor)
        try:
            last_key, last_id = parse(raw_key), uuid.UUID(raw_id)
        except (TypeError, ValueError) as exc:
            raise INVALID_CURSOR from exc
        stmt = stmt.where(or_(key > last_key, and_(key == last_key, ident > last_id)))
    return stmt.order_by(key.asc(), ident.asc()).limit(limit + 1)

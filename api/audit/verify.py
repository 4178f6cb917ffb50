"""Check the whole access log against its hash chain (``samverka audit-verify``).

DOMAIN.md, "Rules the product must enforce": the log "cannot be altered unnoticed". Every
event's hash is recomputed and every link and sequence number checked, so an edited row is
named by its own seq and a deleted row by the seq of the row after the gap. A list event's
cases (``audit_event_cases``) are part of its hash, so a changed case row names its event.
Rows are read in keyset batches, so memory stays constant however long the log grows, and
nothing is locked.

What the chain alone cannot show: removal of the newest events (there is no row after them),
or a rewrite of the whole tail with fresh hashes. Both need the head (seq, hash) recorded
outside the database from time to time and compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from api.audit.chain import GENESIS_HASH, ListedCase, compute_hash
from api.audit.listed import cases_of_events
from api.models.security import AuditEvent, AuditEventCase

BATCH_SIZE = 1000

# Errors that mean "a stored value cannot be decoded" (possible on SQLite, whose columns do
# not enforce their types): a tampered row, not a failing database.
_DECODE_ERRORS = (ValueError, TypeError, LookupError)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int  # events examined, the broken one included
    first_broken_seq: int | None
    reason: str | None


@dataclass(frozen=True)
class _Unreadable:
    """A row whose stored values cannot be decoded; only its seq is known."""

    seq: int


def verify_chain(session: Session, batch_size: int = BATCH_SIZE) -> ChainReport:
    """Walk the chain from genesis and report the first event that breaks it."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for row, cases in _events_in_order(session, batch_size):
        checked += 1
        if isinstance(row, _Unreadable):
            gap = _gap(row.seq, expected_seq)
            return ChainReport(False, checked, row.seq, gap or "a stored value cannot be read")
        reason = _broken_reason(row, cases, expected_seq, prev_hash)
        if reason is not None:
            return ChainReport(False, checked, row.seq, reason)
        expected_seq, prev_hash = row.seq + 1, row.hash
    return ChainReport(True, checked, None, None)


def _gap(seq: int, expected_seq: int) -> str | None:
    if seq == expected_seq:
        return None
    return f"expected seq {expected_seq}, found {seq}: events before it are missing"


def _broken_reason(
    row: Row[Any], cases: list[ListedCase], expected_seq: int, prev_hash: str
) -> str | None:
    # Reasons name columns and seqs only: the report must not echo stored values.
    gap = _gap(row.seq, expected_seq)
    if gap is not None:
        return gap
    if row.prev_hash != prev_hash:
        return "prev_hash does not match the hash of the previous event"
    try:
        recomputed = compute_hash(row.prev_hash, row, cases)
    except _DECODE_ERRORS:
        return "a stored value has no canonical form"
    if recomputed != row.hash:
        return "hash does not match the event's content: the event was altered"
    return None


def _page(after: int | None, limit: int) -> Select[Any]:
    query = select(AuditEvent.__table__).order_by(AuditEvent.seq).limit(limit)
    return query if after is None else query.where(AuditEvent.seq > after)


Event = tuple[Row[Any] | _Unreadable, list[ListedCase]]


def _events_in_order(session: Session, batch_size: int) -> Iterator[Event]:
    """Keyset pagination on the primary key: each batch is an index range scan, and no
    server-side cursor is held open (which also suits a connection pooler). The cases of a
    batch's list events are read in one statement for the batch."""
    after: int | None = None
    while True:
        try:
            batch: list[Row[Any] | _Unreadable] = list(session.execute(_page(after, batch_size)))
        except _DECODE_ERRORS:
            batch = _one_by_one(session, after, batch_size)
        if not batch:
            return
        events: Iterator[Event]
        try:
            cases = cases_of_events(
                session, AuditEventCase.seq.between(batch[0].seq, batch[-1].seq)
            )
            events = ((row, cases.get(row.seq, [])) for row in batch)
        except _DECODE_ERRORS:
            events = _with_cases_one_by_one(session, batch)
        yield from events
        after = batch[-1].seq


def _with_cases_one_by_one(
    session: Session, batch: list[Row[Any] | _Unreadable]
) -> Iterator[Event]:
    """A batch's cases failed to decode: read them event by event, up to and including the
    event whose cases cannot be read, which is then named as unreadable."""
    for row in batch:
        try:
            cases = cases_of_events(session, AuditEventCase.seq == row.seq).get(row.seq, [])
        except _DECODE_ERRORS:
            yield _Unreadable(row.seq), []
            return
        yield row, cases


def _one_by_one(session: Session, after: int | None, limit: int) -> list[Row[Any] | _Unreadable]:
    """A batch failed to decode: read its rows singly, up to and including the bad one, so
    the rows before it are checked as usual and the bad one is named."""
    rows: list[Row[Any] | _Unreadable] = []
    for seq in session.scalars(_page(after, limit).with_only_columns(AuditEvent.seq)):
        try:
            rows.append(session.execute(_page(seq - 1, 1)).one())
        except _DECODE_ERRORS:
            rows.append(_Unreadable(seq))
            break
    return rows

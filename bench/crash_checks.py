"""The database checks of ``make crash-test`` (bench/crash_test.py), run after the load.

They read the tables directly (psycopg), not through the API, and know what one request
writes in its single transaction (api/db.py, api/idempotency.py, api/audit/recorder.py):

- ``POST /cases/{id}/journal``: the entry, an ``audit_events`` row ``journal:create`` naming
  it (beside the case-level one), and the ``idempotency_keys`` row with the stored answer.
- ``POST /cases/{id}/meetings``: the meeting, one ``meeting_attendances`` row per current
  member, one ``meeting.scheduled`` row in ``outbox_events``, the case-level audit event
  ``meetings:schedule`` of the creating request, and the ``idempotency_keys`` row.

A row of one without the others is "half-written"; a marker stored twice is a duplicate (a
retry that created its write again); an acknowledged write not stored is missing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg


@dataclass(frozen=True)
class Ack:
    """A write the server answered 201 for: what the client may rely on."""

    kind: str  # "journal" or "meeting"
    marker: str  # unique text in the row (the entry's body, the meeting's location)
    key: str  # the Idempotency-Key every attempt carried
    row_id: str  # the id in the 201 answer
    case_id: str


@dataclass
class Findings:
    stored: int = 0
    duplicates: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        found = []
        if self.missing:
            found.append(f"{len(self.missing)} acknowledged write(s) missing: {self.missing[:3]}")
        if self.duplicates:
            found.append(f"{len(self.duplicates)} marker(s) stored twice: {self.duplicates[:3]}")
        if self.half_written:
            found.append(f"{len(self.half_written)} half-written: {self.half_written[:3]}")
        if self.unacknowledged:
            found.append(
                f"{len(self.unacknowledged)} stored write(s) no answer acknowledged: "
                f"{self.unacknowledged[:3]}"
            )
        return found


def _rows(conn: psycopg.Connection[Any], sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return conn.execute(sql, params).fetchall()


def check(url: str, run_id: str, acks: list[Ack]) -> Findings:
    """Every check over the rows this run wrote (their markers start with ``crash-<run_id>``)."""
    like = f"crash-{run_id}-%"
    out = Findings()
    with psycopg.connect(url) as conn:
        journal = _rows(
            conn,
            "SELECT split_part(body, ' ', 1), id::text FROM journal_entries WHERE body LIKE %s",
            like,
        )
        meetings = _rows(
            conn, "SELECT location, id::text FROM meetings WHERE location LIKE %s", like
        )
        stored = journal + meetings
        out.stored = len(stored)
        for marker, count in Counter(m for m, _ in stored).items():
            if count > 1:
                out.duplicates.append(f"{marker} x{count}")
        by_marker: dict[str, str] = dict(stored)
        acked = {a.marker for a in acks}
        out.unacknowledged = sorted(set(by_marker) - acked)
        for ack in acks:
            if by_marker.get(ack.marker) != ack.row_id:
                out.missing.append(f"{ack.kind} {ack.marker} id {ack.row_id}")
                continue
            problem = _journal_problem(conn, ack) if ack.kind == "journal" else None
            problem = problem or (_meeting_problem(conn, ack) if ack.kind == "meeting" else None)
            problem = problem or _idempotency_problem(conn, ack)
            if problem:
                out.half_written.append(f"{ack.kind} {ack.marker}: {problem}")
        out.half_written += _orphans(conn)
    return out


def _journal_problem(conn: psycopg.Connection[Any], ack: Ack) -> str | None:
    events = _rows(
        conn,
        "SELECT request_id FROM audit_events WHERE action = 'journal:create' "
        "AND resource_type = 'journal_entry' AND resource_id = %s::uuid AND outcome = 'allowed'",
        ack.row_id,
    )
    if len(events) != 1:
        return f"{len(events)} journal:create audit events, not 1"
    if not str(events[0][0]).startswith(f"{ack.marker}.a"):
        return f"its audit event names another request ({events[0][0]})"
    return None


def _meeting_problem(conn: psycopg.Connection[Any], ack: Ack) -> str | None:
    outbox = _rows(
        conn,
        "SELECT count(*) FROM outbox_events WHERE type = 'meeting.scheduled' "
        "AND subject_type = 'meeting' AND subject_id = %s::uuid",
        ack.row_id,
    )[0][0]
    if outbox != 1:
        return f"{outbox} meeting.scheduled outbox events, not 1"
    invited = _rows(
        conn, "SELECT count(*) FROM meeting_attendances WHERE meeting_id = %s::uuid", ack.row_id
    )[0][0]
    members = _rows(
        conn,
        "SELECT count(*) FROM case_members WHERE case_id = %s::uuid AND left_at IS NULL",
        ack.case_id,
    )[0][0]
    if invited != members or invited == 0:
        return f"{invited} attendances for {members} current members"
    logged = _rows(
        conn,
        "SELECT count(*) FROM audit_events WHERE action = 'meetings:schedule' "
        "AND case_id = %s::uuid AND outcome = 'allowed' AND request_id LIKE %s",
        ack.case_id,
        f"{ack.marker}.a%",
    )[0][0]
    if logged < 1:
        return "no meetings:schedule audit event of its requests"
    return None


def _idempotency_problem(conn: psycopg.Connection[Any], ack: Ack) -> str | None:
    found = _rows(
        conn, "SELECT status_code, response_body FROM idempotency_keys WHERE key = %s", ack.key
    )
    if len(found) != 1:
        return f"{len(found)} idempotency records for its key, not 1"
    status, body = found[0]
    if status != 201 or body is None or json.loads(body).get("id") != ack.row_id:
        return f"its idempotency record stores {status} and another answer"
    return None


def _orphans(conn: psycopg.Connection[Any]) -> list[str]:
    """Rows that point at a write which is not there, over the whole database."""
    queries = {
        "idempotency record without a stored answer": (
            "SELECT key FROM idempotency_keys WHERE status_code IS NULL OR response_body IS NULL"
        ),
        "idempotency record whose answer names no journal entry": (
            "SELECT k.key FROM idempotency_keys k WHERE k.status_code = 201 "
            "AND k.path LIKE '%%/journal' AND NOT EXISTS (SELECT 1 FROM journal_entries j "
            "WHERE j.id::text = (k.response_body::json ->> 'id'))"
        ),
        "idempotency record whose answer names no meeting": (
            "SELECT k.key FROM idempotency_keys k WHERE k.status_code = 201 "
            "AND k.path LIKE '%%/meetings' AND NOT EXISTS (SELECT 1 FROM meetings m "
            "WHERE m.id::text = (k.response_body::json ->> 'id'))"
        ),
        "journal:create audit event without its entry": (
            "SELECT a.seq::text FROM audit_events a WHERE a.action = 'journal:create' "
            "AND a.resource_type = 'journal_entry' AND NOT EXISTS "
            "(SELECT 1 FROM journal_entries j WHERE j.id = a.resource_id)"
        ),
        "meeting.scheduled outbox event without its meeting": (
            "SELECT o.seq::text FROM outbox_events o WHERE o.type = 'meeting.scheduled' "
            "AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = o.subject_id)"
        ),
    }
    found = []
    for what, sql in queries.items():
        found += [f"{what} ({row[0]})" for row in _rows(conn, sql)]
    return found

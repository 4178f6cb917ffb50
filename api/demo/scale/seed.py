"""The entry point: a scaled municipality is seeded once, into a database holding the small
demo, and reported in one line for ``samverka seed-demo``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.demo.base import Timeline
from api.demo.directory import org_id
from api.demo.scale.access_log import append_access_log
from api.demo.scale.batches import BATCH_ROWS
from api.demo.scale.cases import BULK_REFERENCE, add_case
from api.demo.scale.town import Municipality
from api.models import Case, Organization

AUDIT_EVENTS_PER_CASE = 10


@dataclass(frozen=True, slots=True)
class ScaleReport:
    created: bool
    cases: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.created:
            return (
                f"A scaled municipality ({self.cases} cases) is already present; nothing was "
                "changed. Seed another size into a fresh database."
            )
        sizes = ", ".join(f"{name} {count}" for name, count in sorted(self.rows.items()))
        return f"Scaled municipality: {self.cases} cases in {self.seconds:.1f} s ({sizes})."


def scaled_cases(session: Session) -> int | None:
    """How many bulk cases the database holds, or None when it was never scaled."""
    if session.get(Organization, org_id("unit3")) is None:
        return None
    return session.scalar(select(func.count()).where(Case.reference.like(BULK_REFERENCE)))


def seed_scale(
    session: Session,
    cases: int,
    today: date,
    *,
    audit_events: int | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ScaleReport:
    """Add ``cases`` synthetic cases and ``audit_events`` access-log events (ten a case by
    default) to a database holding the small demo. A database scaled before is left as it
    is. The caller owns the transaction."""
    existing = scaled_cases(session)
    if existing is not None:
        return ScaleReport(created=False, cases=existing)
    started = time.monotonic()
    town = Municipality(session, Timeline(today), batch_rows)
    for number in range(1, cases + 1):
        add_case(town, number)
    town.out.flush()
    events = AUDIT_EVENTS_PER_CASE * cases if audit_events is None else audit_events
    append_access_log(session, town, events, batch_rows)
    rows = {**town.out.counts, "audit_events": events if town.audit else 0}
    return ScaleReport(True, cases, rows, time.monotonic() - started)

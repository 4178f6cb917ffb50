"""The scheduled checks (issue #6): findings that no request causes, only the passing of time.

- ``consent.expiring``: the other agencies lose access on the day the consent ends
  (OSL 10 kap. 1 §), so social services are told while there is time to collect a new one;
- ``meeting.overdue``: network meetings at least every four weeks (DOMAIN.md, "Active work";
  "A case whose next network meeting is more than four weeks after the last one is flagged");
- ``task.overdue``: a plan item not carried out by its date ("plan items carried out" is a
  measured aim, and the coordinator "follows up commitments between meetings").

Each finding is raised **once per occurrence**: a row in ``scheduled_notices`` whose unique
key (kind, subject, occurrence) is inserted first with ``ON CONFLICT DO NOTHING``, and the
outbox event is written only when that insert made the row. Two workers running the checks at
once therefore raise a finding once: the second insert waits for the first transaction and
then does nothing. The findings themselves come from the definitions the case list uses
(api/cases/flags.py, and the living plan of api/plans/predicates.py), so a notice and a flag can
never disagree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import structlog
from sqlalchemy import case, func, select, type_coerce, update
from sqlalchemy.orm import Session, aliased

from api.access.policy import active_consents
from api.cases.flags import CLOSED, NETWORK_KINDS, consent_expiring, meeting_overdue
from api.clock import STOCKHOLM
from api.db import insert_unless_present
from api.events.outbox import emit
from api.models import ActionPlanItem, Case, Consent, Meeting, ScheduledNotice, UTCDateTime
from api.models.enums import EventType, MeetingStatus
from api.plans.predicates import OPEN_ITEM, living_plan

log = structlog.get_logger(__name__)

BATCH = 200  # findings looked up and inserted per statement
# At most this many new notices of one kind per run: a first run over a municipality's
# backlog stays a short transaction, and the rest are raised by the next run (the findings
# not yet raised are found again, so nothing is lost).
MAX_NEW_PER_KIND = 1000

SUBJECT_TYPES = {
    EventType.consent_expiring: "consent",
    EventType.meeting_overdue: "case",
    EventType.task_overdue: "plan_item",
}
NOTICE_KINDS = tuple(SUBJECT_TYPES)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found; ``data`` goes into the event (ids, codes and dates only)."""

    case_id: uuid.UUID
    subject_id: uuid.UUID
    occurrence: str
    data: dict[str, str] = field(default_factory=dict)
    category_code: str | None = None


def run_checks(session: Session, *, now: datetime, today: date) -> dict[str, int]:
    """Run every check in the caller's transaction; the new notices per kind."""
    found = {
        EventType.consent_expiring: expiring_consents(session, today),
        EventType.meeting_overdue: overdue_meetings(session, now),
        EventType.task_overdue: overdue_items(session, today),
    }
    counts = {kind.value: _raise(session, kind, findings, now) for kind, findings in found.items()}
    log.info("checks.ran", **counts)  # counts only: no case or person is named
    return counts


def expiring_consents(session: Session, today: date) -> list[Finding]:
    """Cases flagged ``consent_expiring`` (every consent in force ends within the window),
    one finding per case about the consent in force that ends last.

    Keyed on the case's flag rather than on each consent, because the flag is the product's
    definition of "expiring": a short consent next to one that lasts longer cuts no access
    and is not worth a notice. The consent ending last is the one whose end cuts access, and
    its end date is the occurrence, so a new short consent registered in the window (a new
    subject) is raised again, while the same consent is raised once.
    """
    ending_last = (
        active_consents(Case.id, today)
        .order_by(Consent.valid_until.desc(), Consent.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    # An alias: the flag's own subqueries on ``consents`` must not correlate to this join.
    last = aliased(Consent)
    rows = session.execute(
        select(Case.id, last.id, last.valid_until)
        .join(last, last.id == ending_last)
        .where(consent_expiring(today))
        .order_by(last.id)
    )
    return [
        Finding(case_id, consent_id, until.isoformat(), {"valid_until": until.isoformat()})
        for case_id, consent_id, until in rows
    ]


def overdue_meetings(session: Session, now: datetime) -> list[Finding]:
    """Cases flagged ``meeting_overdue``; the occurrence is the day the four weeks started
    (the last held network or extra meeting, or the activation), so a case that holds a
    meeting and then misses the cadence again is raised again."""
    last_held = (
        select(Meeting.starts_at)
        .where(
            Meeting.case_id == Case.id,
            Meeting.kind.in_(NETWORK_KINDS),
            Meeting.status == MeetingStatus.held,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    activation = func.coalesce(Case.activated_at, Case.created_at)  # as the flag counts it
    since = type_coerce(case((last_held > activation, last_held), else_=activation), UTCDateTime())
    rows = session.execute(select(Case.id, since).where(meeting_overdue(now)).order_by(Case.id))
    findings = []
    for case_id, instant in rows:
        day = instant.astimezone(STOCKHOLM).date().isoformat()
        findings.append(Finding(case_id, case_id, day, {"since": day}))
    return findings


def overdue_items(session: Session, today: date) -> list[Finding]:
    """Open items (planned, in progress) of each open case's living plan due before today.

    Only the living plan counts, as on My work: items of older versions were revised or
    carried over at a meeting. The occurrence is the due date, so an item whose date is moved
    and passed again is raised again. The category goes with the notice, so it is shown only
    where the reader's consent covers it.
    """
    rows = session.execute(
        select(Case.id, ActionPlanItem.id, ActionPlanItem.due_on, ActionPlanItem.category_code)
        .join(ActionPlanItem, ActionPlanItem.case_id == Case.id)
        .where(
            Case.status.not_in(CLOSED),
            ActionPlanItem.plan_version_id == living_plan(),
            ActionPlanItem.status.in_(OPEN_ITEM),
            ActionPlanItem.due_on < today,
        )
        .order_by(ActionPlanItem.id)
    )
    return [
        Finding(case_id, item_id, due.isoformat(), {"due_on": due.isoformat()}, category)
        for case_id, item_id, due, category in rows
        if due is not None  # always, by the filter; the column itself is nullable
    ]


def _raise(session: Session, kind: EventType, findings: Sequence[Finding], now: datetime) -> int:
    """Raise the findings not raised before: a notice row each, then its event."""
    raised = 0
    for batch in _batches(findings, BATCH):
        fresh = _not_yet_raised(session, kind, batch)[: MAX_NEW_PER_KIND - raised]
        links = []
        for notice_id, finding in _insert_notices(session, kind, fresh, now):
            event = emit(
                session,
                kind,
                case_id=finding.case_id,
                subject_type=SUBJECT_TYPES[kind],
                subject_id=finding.subject_id,
                data=finding.data,
                category_code=finding.category_code,
            )
            links.append({"id": notice_id, "event_id": event.id})
        if links:
            session.execute(update(ScheduledNotice), links)
        raised += len(links)
        if raised >= MAX_NEW_PER_KIND:
            break
    return raised


def _not_yet_raised(session: Session, kind: EventType, batch: Sequence[Finding]) -> list[Finding]:
    """One query per batch: most findings of a run were raised by an earlier one."""
    subjects = {finding.subject_id for finding in batch}
    rows = session.execute(
        select(ScheduledNotice.subject_id, ScheduledNotice.occurrence).where(
            ScheduledNotice.kind == kind, ScheduledNotice.subject_id.in_(subjects)
        )
    )
    raised = {(subject_id, occurrence) for subject_id, occurrence in rows}
    return [f for f in batch if (f.subject_id, f.occurrence) not in raised]


def _insert_notices(
    session: Session, kind: EventType, findings: Sequence[Finding], now: datetime
) -> list[tuple[uuid.UUID, Finding]]:
    """Insert the notices, skipping any another worker inserted meanwhile (the unique key);
    the ones this transaction made, with their finding."""
    if not findings:
        return []
    by_id = {uuid.uuid4(): finding for finding in findings}
    rows = [
        {
            "id": notice_id,
            "kind": kind,
            "case_id": f.case_id,
            "subject_id": f.subject_id,
            "occurrence": f.occurrence,
            "category_code": f.category_code,
            "raised_at": now,
        }
        for notice_id, f in by_id.items()
    ]
    stmt = (
        insert_unless_present(session, ScheduledNotice)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["kind", "subject_id", "occurrence"])
        .returning(ScheduledNotice.id)
    )
    made = set(session.scalars(stmt))
    return [(notice_id, f) for notice_id, f in by_id.items() if notice_id in made]


def _batches(items: Sequence[Finding], size: int) -> Iterator[Sequence[Finding]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

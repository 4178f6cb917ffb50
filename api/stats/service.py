"""The follow-up statistics (issue #7): what each figure counts, and how it is fetched.

Population. The cases owned by the units the caller may aggregate (``stats_units`` in
api/access/policy.py), or by the one unit asked for. Every count is of young people
(distinct ``young_person_id``), never of case rows, except ``plan_items``. When a young person
has several cases in one population, the most recently created one speaks for them, so each
young person is in exactly one cell and every breakdown adds up to its total.

Period. Calendar days ``from``..``to`` inclusive, in Swedish time (api/clock.py).

- ``cases_by_status`` / ``cases_by_target_group``: cases open at any time in the period
  (created before it ended, not closed or rejected before it began), by the status the case
  had at the end of the period (from the milestones the workflow stamps: ``assessed_at``,
  ``decided_on``, ``activated_at``, ``closed_at``, ``rejected_at``), and by target group.
- ``closures_by_reason``: cases closed in the period, by ``closure_reason``.
- ``proposals``: cases created in the period (every case starts as a proposal); "reached
  consent" when a consent of the case was signed by the end of the period.
- ``consent_to_intervention``: young people whose case's first consent was signed in the
  period. A consent is signed on the day its last grantor signed (before that it is not a
  valid consent, DOMAIN.md "Consent"); the first consent is the earliest signed one, later
  withdrawn or not. The intervention started on the case's ``intervention_start_on``, once the
  case has been activated and that day has come: that is the decided intervention the reports'
  goal is about ("från samtycke till att insatser är igång, 4 veckor", Eslöv's report).
  Action-plan items cannot serve: they record their status, not when it changed.
  Days = start - consent (at least 0: support already under way when the consent came).
  ``within_goal``: started within 28 days; ``beyond_goal``: started later, or not started
  although more than 28 days have passed; ``pending``: not started, fewer days passed. Median
  and 90th percentile (nearest rank) are of the started ones; the share within the goal is of
  ``within_goal + beyond_goal``.
- ``meeting_cadence``: a snapshot now (``as_of``), not of the period: young people with an
  active case, on cadence unless ``meeting_overdue(now)`` (api/cases/flags.py, the one
  definition of the 28-day rule) holds for it. The flag reads today's status and meetings, so
  it has no past to look back on.
- ``plan_items``: items of each case's current plan (``living_plan()``) due in the period, by
  outcome today: ``done``, ``not_done``, ``overdue`` (still open, due before today),
  ``upcoming`` (still open, due today or later). Items without a due date have no place in a
  period and are left out. Cells count items; a cell is also suppressed when fewer than
  ``min_cell`` young people are behind it.
- ``consent_withdrawals``: young people with a consent withdrawn in the period.
- ``placements_avoided``: Samverka records no placements (SiS/HVB days), so there is nothing
  to count: ``recorded: false`` and ``count: null``, never an invented figure.

Queries. Four, whatever the number of cases: the units, the cases (codes and dates with
their first consent and the cadence flag), the withdrawals, the plan items. The computing is
in Python on those rows; ids and codes only, no names.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from api.access.policy import stats_units
from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.cases.flags import MEETING_INTERVAL, meeting_overdue
from api.config import get_settings
from api.errors import FieldError, Forbidden, InvalidInput, NotFound
from api.models import ActionPlanItem, Case, Consent, ConsentGrantor
from api.models.enums import AuditOutcome, CaseStatus, ClosureReason, PlanItemStatus, TargetGroup
from api.plans.predicates import OPEN_ITEM, living_plan
from api.stats import schemas
from api.stats.measures import Milestones, Period, nearest_rank, twelve_months_before
from api.stats.suppression import (
    Figure,
    Protected,
    Shown,
    Tally,
    protect,
    protect_count,
    protect_figure,
    protect_share,
)

GOAL_DAYS = MEETING_INTERVAL.days  # the reports' four weeks, from consent to intervention
STATS_ACTION = "stats:read"


@dataclass(frozen=True, slots=True)
class StatsQuery:
    first: date | None
    last: date | None
    unit_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One case row of the population query."""

    young_person_id: uuid.UUID
    target_group: TargetGroup
    closure_reason: ClosureReason | None
    milestones: Milestones
    intervention_start_on: date | None
    first_consent_on: date | None
    meeting_overdue: bool


def period_of(query: StatsQuery, today: date) -> Period:
    """The asked period; by default the 12 months ending today (``from`` defaults to 12 months
    before ``to``, so only a ``from`` after ``to`` can be out of order)."""
    last = query.last or today
    first = query.first or twelve_months_before(last)
    if first > last:
        detail = "'from' must be on or before 'to' (which defaults to today)."
        raise InvalidInput(
            detail, errors=[FieldError(field="query.from", rule="after_to", message=detail)]
        )
    return Period(first, last)


def statistics(
    session: Session, principal: Principal, query: StatsQuery, now: datetime, today: date
) -> schemas.StatsRead:
    """The figures of the period, suppressed; one access-log event per request."""
    period = period_of(query, today)
    units = _units(session, principal, query.unit_id)
    min_cell = _min_cell()
    cases = _case_facts(session, units, now)
    withdrawals = _withdrawals(session, units, period)
    items = _plan_items(session, units, period)
    _log(session, principal, query.unit_id, AuditOutcome.allowed)
    open_people = _open_during(cases, period)
    timing = _timing(cases, period, today)
    timing_cells = protect(timing.cells, min_cell)
    cadence = protect(_cadence(cases), min_cell)
    return schemas.StatsRead(
        period=schemas.Period.model_validate({"from": period.first, "to": period.last}),
        unit_id=query.unit_id,
        min_cell=min_cell,
        generated_at=now,
        sections=schemas.Sections(
            cases_by_status=_breakdown("status", _by_status(open_people, period), min_cell),
            cases_by_target_group=_breakdown("target_group", _by_target(open_people), min_cell),
            closures_by_reason=_breakdown("closure_reason", _by_closure(cases, period), min_cell),
            proposals=_breakdown("consent", _proposals(cases, period), min_cell),
            consent_to_intervention=_section("goal", timing_cells),
            meeting_cadence=_section("cadence", cadence),
            plan_items=_items_section(items, today, min_cell),
            consent_withdrawals=schemas.Breakdown(
                dimension="withdrawn",
                total=_cell(protect_count("total", len(withdrawals), min_cell)),
                cells=[],
            ),
        ),
        consent_to_intervention=_timing_figures(timing, timing_cells, min_cell),
        meeting_cadence=schemas.MeetingCadence(
            as_of=now, kept_share=_figure(protect_share(cadence.cells[0], cadence.cells[1]))
        ),
        placements_avoided=schemas.PlacementsAvoided(recorded=False, count=None),
    )


def _min_cell() -> int:
    return get_settings().stats_min_cell


def _units(session: Session, principal: Principal, unit_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The units to aggregate; another unit answers 404 exactly like a missing one."""
    allowed = list(session.scalars(stats_units(principal)))
    if not allowed:
        _log(session, principal, unit_id, AuditOutcome.denied)
        raise Forbidden("Statistics cover a unit or a municipality; your account has neither.")
    if unit_id is None:
        return allowed
    if unit_id not in allowed:
        _log(session, principal, unit_id, AuditOutcome.denied)
        raise NotFound("No such unit.")
    return [unit_id]


def _log(
    session: Session, principal: Principal, unit_id: uuid.UUID | None, outcome: AuditOutcome
) -> None:
    # Aggregates are not personal data, but who looked at which unit's figures is recorded.
    rec = AuditRecord(
        action=STATS_ACTION,
        resource_type="statistics",
        resource_id=unit_id,
        case_id=None,
        outcome=outcome,
    )
    record(session, principal, rec)


# --- Queries ----------------------------------------------------------------------------------


def _population(units: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    """The cases a report counts: those owned by the units ``_units`` allowed. Every query
    of a report is bound by it."""
    return Case.owning_unit_id.in_(units)


def _first_consents(units: Sequence[uuid.UUID]) -> Any:
    """Per case of the units, the day its first consent was signed: each consent is signed on
    the day of its last signature, and the case's first consent is the earliest of those.
    Bound to the units, so the grouping grows with the population, not the municipality."""
    signed = (
        select(Consent.case_id.label("case_id"), func.max(ConsentGrantor.signed_on).label("on"))
        .join(ConsentGrantor, ConsentGrantor.consent_id == Consent.id)
        .join(Case, Case.id == Consent.case_id)
        .where(_population(units))
        .group_by(Consent.id, Consent.case_id)
        .subquery()
    )
    return (
        select(signed.c.case_id, func.min(signed.c.on).label("first_on"))
        .group_by(signed.c.case_id)
        .subquery()
    )


def _case_facts(session: Session, units: Sequence[uuid.UUID], now: datetime) -> list[CaseFacts]:
    first = _first_consents(units)
    stmt = (
        select(
            Case.young_person_id,
            Case.target_group,
            Case.closure_reason,
            Case.status,  # then the rest of Milestones, in its field order
            Case.created_at,
            Case.assessed_at,
            Case.decided_on,
            Case.activated_at,
            Case.closed_at,
            Case.rejected_at,
            Case.intervention_start_on,
            first.c.first_on,
            meeting_overdue(now).label("overdue"),
        )
        .outerjoin(first, first.c.case_id == Case.id)
        .where(_population(units))
    )
    return [_facts(row) for row in session.execute(stmt)]


def _facts(row: Row[*tuple[Any, ...]]) -> CaseFacts:
    # By position: a report reads tens of thousands of rows, and reading each column by name
    # cost more than the rest of this. _case_facts selects the milestones in field order.
    young_person_id, target_group, closure_reason, *milestones, start_on, first_on, overdue = row
    return CaseFacts(
        young_person_id=young_person_id,
        target_group=target_group,
        closure_reason=closure_reason,
        milestones=Milestones(*milestones),
        intervention_start_on=start_on,
        first_consent_on=first_on,
        meeting_overdue=bool(overdue),
    )


def _withdrawals(session: Session, units: Sequence[uuid.UUID], period: Period) -> set[uuid.UUID]:
    stmt = (
        select(Case.young_person_id)
        .join(Consent, Consent.case_id == Case.id)
        .where(
            _population(units),
            Consent.withdrawn_at >= period.start,
            Consent.withdrawn_at < period.end,
        )
        .distinct()
    )
    return set(session.scalars(stmt))


def _plan_items(
    session: Session, units: Sequence[uuid.UUID], period: Period
) -> list[tuple[uuid.UUID, PlanItemStatus, date]]:
    stmt = (
        select(Case.young_person_id, ActionPlanItem.status, ActionPlanItem.due_on)
        .join(ActionPlanItem, ActionPlanItem.case_id == Case.id)
        .where(
            _population(units),
            ActionPlanItem.plan_version_id == living_plan(),
            ActionPlanItem.due_on >= period.first,
            ActionPlanItem.due_on <= period.last,
        )
    )
    return [(row[0], row[1], row[2]) for row in session.execute(stmt) if row[2] is not None]


# --- Figures ----------------------------------------------------------------------------------


def _one_per_person(cases: Iterable[CaseFacts]) -> list[CaseFacts]:
    """Each young person once, by their most recently created case of the population."""
    latest: dict[uuid.UUID, CaseFacts] = {}
    for case in cases:
        seen = latest.get(case.young_person_id)
        if seen is None or case.milestones.created_at > seen.milestones.created_at:
            latest[case.young_person_id] = case
    return list(latest.values())


def _tallies(codes: Iterable[StrEnum], keys: Iterable[StrEnum]) -> list[Tally]:
    counted = Counter(codes)
    return [Tally(key.value, counted[key]) for key in keys]


def _open_during(cases: Sequence[CaseFacts], period: Period) -> list[CaseFacts]:
    """The young people with a case open in the period: the status and target-group tables."""
    return _one_per_person(c for c in cases if c.milestones.open_during(period))


def _by_status(open_people: Sequence[CaseFacts], period: Period) -> list[Tally]:
    return _tallies((c.milestones.status_at(period.end) for c in open_people), CaseStatus)


def _by_target(open_people: Sequence[CaseFacts]) -> list[Tally]:
    return _tallies((c.target_group for c in open_people), TargetGroup)


def _by_closure(cases: Sequence[CaseFacts], period: Period) -> list[Tally]:
    # The API requires a reason at closure; a closure without one (older data) counts as other.
    closed = _one_per_person(c for c in cases if period.holds(c.milestones.closed_at))
    reasons = (c.closure_reason or ClosureReason.other for c in closed)
    return _tallies(reasons, ClosureReason)


def _proposals(cases: Sequence[CaseFacts], period: Period) -> list[Tally]:
    proposed = _one_per_person(c for c in cases if period.holds(c.milestones.created_at))
    consented = sum(
        1 for c in proposed if c.first_consent_on is not None and c.first_consent_on <= period.last
    )
    return [Tally("reached_consent", consented), Tally("no_consent", len(proposed) - consented)]


@dataclass(frozen=True, slots=True)
class Timing:
    cells: list[Tally]  # within_goal, beyond_goal, pending
    days: list[int]  # of those started


def _timing(cases: Sequence[CaseFacts], period: Period, today: date) -> Timing:
    cohort = _one_per_person(c for c in cases if period.holds_day(c.first_consent_on))
    within = beyond = pending = 0
    days: list[int] = []
    for case in cohort:
        consent, start = case.first_consent_on, case.intervention_start_on
        if consent is None:  # not in the cohort: its consent was signed in the period
            continue
        if case.milestones.activated_at is not None and start is not None and start <= today:
            waited = max(0, (start - consent).days)
            days.append(waited)
            within, beyond = (within + 1, beyond) if waited <= GOAL_DAYS else (within, beyond + 1)
        elif today - consent > timedelta(days=GOAL_DAYS):
            beyond += 1
        else:
            pending += 1
    cells = [Tally("within_goal", within), Tally("beyond_goal", beyond), Tally("pending", pending)]
    return Timing(cells, days)


def _timing_figures(
    timing: Timing, cells: Protected, min_cell: int
) -> schemas.ConsentToIntervention:
    started = len(timing.days)
    return schemas.ConsentToIntervention(
        goal_days=GOAL_DAYS,
        median_days=_figure(protect_figure(nearest_rank(timing.days, 50), started, min_cell)),
        p90_days=_figure(protect_figure(nearest_rank(timing.days, 90), started, min_cell)),
        within_goal_share=_figure(protect_share(cells.cells[0], cells.cells[1])),
    )


def _cadence(cases: Sequence[CaseFacts]) -> list[Tally]:
    active = _one_per_person(c for c in cases if c.milestones.status is CaseStatus.active)
    overdue = sum(1 for c in active if c.meeting_overdue)
    return [Tally("kept", len(active) - overdue), Tally("overdue", overdue)]


ITEM_OUTCOMES = ("done", "not_done", "overdue", "upcoming")


def _item_outcome(status: PlanItemStatus, due_on: date, today: date) -> str:
    if status in OPEN_ITEM:
        return "overdue" if due_on < today else "upcoming"
    return status.value  # done or not_done


def _items_section(
    items: Sequence[tuple[uuid.UUID, PlanItemStatus, date]], today: date, min_cell: int
) -> schemas.Breakdown:
    counted: Counter[str] = Counter()
    people_behind: dict[str, set[uuid.UUID]] = defaultdict(set)
    for person, status, due in items:
        outcome = _item_outcome(status, due, today)
        counted[outcome] += 1
        people_behind[outcome].add(person)
    tallies = [
        Tally(outcome, counted[outcome], people=len(people_behind[outcome]))
        for outcome in ITEM_OUTCOMES
    ]
    people = len({person for person, _, _ in items})
    return _section("item_status", protect(tallies, min_cell, total_people=people))


# --- To the read models -----------------------------------------------------------------------


def _cell(shown: Shown) -> schemas.Cell:
    return schemas.Cell(value=shown.value, count=shown.count, suppressed=shown.suppressed)


def _section(dimension: str, protected: Protected) -> schemas.Breakdown:
    return schemas.Breakdown(
        dimension=dimension,
        total=_cell(protected.total),
        cells=[_cell(c) for c in protected.cells],
    )


def _breakdown(dimension: str, tallies: list[Tally], min_cell: int) -> schemas.Breakdown:
    return _section(dimension, protect(tallies, min_cell))


def _figure(figure: Figure) -> schemas.Figure:
    return schemas.Figure(value=figure.value, suppressed=figure.suppressed)

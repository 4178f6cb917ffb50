"""Follow-up flags on a case, as SQL expressions: a list computes them for the whole page in
its one query, and filters on them in the database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    ScalarSelect,
    Select,
    Uuid,
    and_,
    any_,
    bindparam,
    exists,
    false,
    func,
    literal,
    not_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from api.access.policy import active_consents
from api.config import get_settings
from api.models import Case, Consent, Meeting, UTCDateTime
from api.models.enums import CaseStatus, MeetingKind, MeetingStatus

# DOMAIN.md, "Active work": network meetings at least every four weeks.
MEETING_INTERVAL = timedelta(days=28)
# An extra meeting is a network meeting called early, so it keeps the cadence too.
NETWORK_KINDS = (MeetingKind.network, MeetingKind.extra)
CLOSED = (CaseStatus.closed, CaseStatus.rejected)

SqlInstant = ColumnElement[datetime]
SqlDay = ColumnElement[date]
# The named parameters of bound_flag_columns(); flag_parameters() gives their values. A
# statement built once may use TODAY for its own "in force today" conditions too.
_CUTOFF = bindparam("flag_cutoff", type_=UTCDateTime())
_NOW = bindparam("flag_now", type_=UTCDateTime())
TODAY = bindparam("flag_today", type_=Date())
_WARNING_ENDS = bindparam("flag_warning_ends", type_=Date())


class CaseFlag(StrEnum):
    meeting_overdue = "meeting_overdue"
    consent_expiring = "consent_expiring"


def _network_meeting(status: MeetingStatus) -> ColumnElement[bool]:
    return and_(
        Meeting.case_id == Case.id, Meeting.kind.in_(NETWORK_KINDS), Meeting.status == status
    )


def meeting_overdue(now: datetime) -> ColumnElement[bool]:
    """An active case whose last held network meeting (or, before the first, its activation)
    lies more than four weeks back and that has no network meeting booked ahead."""
    return _meeting_overdue(
        literal(now - MEETING_INTERVAL, UTCDateTime()), literal(now, UTCDateTime())
    )


def _meeting_overdue(
    cutoff: SqlInstant, now: SqlInstant, *, per_case: bool = False
) -> ColumnElement[bool]:
    """The rule in one of two equivalent forms, for the planner's sake. Over many cases (the
    statistics, the checks, a list filtered on the flag) EXISTS may be planned as one hash
    of the network meetings, read from ``ix_meetings_status_kind_starts``. For a page or one
    case that hash is the wrong plan, and PostgreSQL chose it for a page of 50: at 100,000
    cases it hashed all 46,907 meetings booked ahead, 21 ms of a list's 22 ms of flags.
    ``per_case`` asks instead when the case's latest held and latest booked network meeting
    start: an aggregate, never hashed, one step back along ``ix_meetings_case_status_starts``
    per case (0.4-0.7 ms for the page)."""
    recent_meeting: ColumnElement[bool]
    booked: ColumnElement[bool]
    if per_case:
        recent_meeting = _or_false(_latest_network_meeting(MeetingStatus.held) >= cutoff)
        booked = _or_false(_latest_network_meeting(MeetingStatus.scheduled) > now)
    else:
        recent_meeting = exists().where(
            _network_meeting(MeetingStatus.held), Meeting.starts_at >= cutoff
        )
        booked = exists().where(_network_meeting(MeetingStatus.scheduled), Meeting.starts_at > now)
    started = func.coalesce(Case.activated_at, Case.created_at)
    return and_(
        Case.status == CaseStatus.active, started < cutoff, not_(recent_meeting), not_(booked)
    )


def _latest_network_meeting(status: MeetingStatus) -> ScalarSelect[datetime]:
    """When the case's latest network meeting in ``status`` starts; NULL without one."""
    return select(func.max(Meeting.starts_at)).where(_network_meeting(status)).scalar_subquery()


def _or_false(comparison: ColumnElement[bool]) -> ColumnElement[bool]:
    """A comparison with the latest meeting: false, not unknown, when there is none."""
    return func.coalesce(comparison, false(), type_=Boolean())


def consent_expiring(today: date) -> ColumnElement[bool]:
    """An open case whose consents in force all end within the "expires soon" window (30 days
    by default): without a renewed consent the other agencies lose access on that day
    (OSL 10 kap. 1 §)."""
    return _consent_expiring(literal(today), literal(_warning_ends(today)))


def _warning_ends(today: date) -> date:
    return today + timedelta(days=get_settings().consent_expires_soon_days)


def _consent_expiring(today: SqlDay, warning_ends: SqlDay) -> ColumnElement[bool]:
    # The last day any consent in force lasts; NULL (not flagged) when none is in force. An
    # aggregate, unlike EXISTS, is never planned as a hash over every case's consents.
    last_day = (
        active_consents(Case.id, today)
        .with_only_columns(func.max(Consent.valid_until))
        .scalar_subquery()
    )
    return and_(Case.status.not_in(CLOSED), last_day <= warning_ends)


def flag_filter(flag: CaseFlag, now: datetime, today: date) -> ColumnElement[bool]:
    return meeting_overdue(now) if flag is CaseFlag.meeting_overdue else consent_expiring(today)


def bound_flag_columns() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Both flags as labelled boolean columns, in ``CaseFlag`` order, with named parameters
    for the instant: for statements built once, executed with ``flag_parameters(now, today)``.
    Building these subqueries anew cost about a millisecond a request. They are for a page
    of cases or one case, so the cadence is asked per case."""
    return (
        _meeting_overdue(_CUTOFF, _NOW, per_case=True).label(CaseFlag.meeting_overdue.value),
        _consent_expiring(TODAY, _WARNING_ENDS).label(CaseFlag.consent_expiring.value),
    )


@lru_cache(maxsize=2)
def flags_of_cases_statement(dialect: str) -> Select[uuid.UUID, bool, bool]:
    """``(id, *bound_flag_columns())`` of the cases in ``:ids``, built once per dialect: a case
    list asks for its page's flags on every request. Execute with
    ``{"ids": [...], **flag_parameters(now, today)}``.

    On PostgreSQL the ids go as one array (``= ANY``). An IN list of 50 placeholders was
    rendered anew by SQLAlchemy and parsed anew by psycopg, which caches no statement of more
    than 50 parameters: a fifth of a list's Python time. SQLite has no arrays."""
    if dialect == "postgresql":
        among = Case.id == any_(bindparam("ids", type_=ARRAY(Uuid())))
    else:
        among = Case.id.in_(bindparam("ids", expanding=True))
    return select(Case.id, *bound_flag_columns()).where(among)


def flag_parameters(now: datetime, today: date) -> dict[str, Any]:
    """The values of ``flags_of_cases_statement``'s parameters at this instant."""
    return {
        _CUTOFF.key: now - MEETING_INTERVAL,
        _NOW.key: now,
        TODAY.key: today,
        _WARNING_ENDS.key: _warning_ends(today),
    }


def flags_of(values: Sequence[bool | None]) -> list[str]:
    """The names of the flags that are set, from ``bound_flag_columns`` values."""
    return [flag.value for flag, on in zip(CaseFlag, values, strict=True) if on]

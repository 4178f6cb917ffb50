"""Pure helpers of the figures: percentiles, a case's status at an instant, and the period.

No database here; api/stats/service.py fetches the rows and these decide what they mean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from api.clock import STOCKHOLM
from api.models.enums import CaseStatus


def nearest_rank(values: Sequence[int], percent: float) -> int | None:
    """The nearest-rank percentile: the value at rank ``ceil(percent / 100 * n)`` (1-based) of
    the sorted values, so always one of the observed values (whole days, never an
    interpolated 13.5). The median is ``nearest_rank(values, 50)``, the lower middle value
    for an even count. None when there are no values."""
    if not values:
        return None
    if not 0 < percent <= 100:
        raise ValueError("percent must be in (0, 100]")
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Period:
    """Calendar days ``first``..``last`` inclusive, in Swedish time (api/clock.py), and the
    instants that bound them: ``start`` inclusive, ``end`` exclusive, in UTC. The instants
    are worked out once: a report asks for them a few times per case."""

    first: date
    last: date
    start: datetime = field(init=False, repr=False, compare=False)
    end: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        midnight = time()
        start = datetime.combine(self.first, midnight, STOCKHOLM).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), midnight, STOCKHOLM).astimezone(UTC)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def holds_day(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last


def twelve_months_before(last: date) -> date:
    """The first day of the 12 months ending on ``last`` (2026-05-04 -> 2025-05-05)."""
    try:
        year_before = last.replace(year=last.year - 1)
    except ValueError:  # 29 February
        year_before = last.replace(year=last.year - 1, day=28)
    return year_before + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Milestones:
    """When a case reached each status (api/cases/actions.py stamps them)."""

    status: CaseStatus  # the status now
    created_at: datetime
    assessed_at: datetime | None
    decided_on: date | None
    activated_at: datetime | None
    closed_at: datetime | None
    rejected_at: datetime | None

    def _reached(self, status: CaseStatus, stamp: datetime | None) -> datetime | None:
        # A case in a status whose stamp is missing (data from before the stamps were kept)
        # counts as having been in it since it was created.
        if stamp is None and self.status is status:
            return self.created_at
        return stamp

    def finished_at(self) -> datetime | None:
        closed = self._reached(CaseStatus.closed, self.closed_at)
        return closed or self._reached(CaseStatus.rejected, self.rejected_at)

    def open_during(self, period: Period) -> bool:
        """Created before the period ended and not closed or rejected before it began."""
        finished = self.finished_at()
        return self.created_at < period.end and (finished is None or finished >= period.start)

    def status_at(self, end: datetime) -> CaseStatus:
        """The status the case had just before ``end``: the latest milestone before it."""
        decided = None
        if self.decided_on is not None:
            decided = datetime.combine(self.decided_on, time(), STOCKHOLM).astimezone(UTC)
        ladder = (
            (CaseStatus.closed, self.closed_at),
            (CaseStatus.rejected, self.rejected_at),
            (CaseStatus.active, self.activated_at),
            (CaseStatus.decided, decided),
            (CaseStatus.assessing, self.assessed_at),
        )
        for status, stamp in ladder:
            reached = self._reached(status, stamp)
            if reached is not None and reached < end:
                return status
        return CaseStatus.proposed

"""Percentiles, the period's bounds and a case's status at an instant (api/stats/measures.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.models.enums import CaseStatus
from api.stats.measures import Milestones, Period, nearest_rank, twelve_months_before


class TestNearestRank:
    @pytest.mark.parametrize(
        ("values", "percent", "expected"),
        [
            ([7], 50, 7),
            ([7], 90, 7),
            ([3, 1, 2], 50, 2),
            ([4, 1, 3, 2], 50, 2),  # the lower middle: an observed value, never 2.5
            ([15, 20, 35, 40, 50], 50, 35),
            ([15, 20, 35, 40, 50], 90, 50),
            ([15, 20, 35, 40, 50], 40, 20),  # rank ceil(0.4 * 5) = 2
            (list(range(1, 11)), 90, 9),  # rank 9 of 10
            (list(range(1, 11)), 91, 10),
            (list(range(1, 21)), 90, 18),
            ([5, 5, 5, 30, 30], 50, 5),
            ([0, 0, 0, 0, 60], 90, 60),
        ],
    )
    def test_known_data(self, values: list[int], percent: float, expected: int) -> None:
        assert nearest_rank(values, percent) == expected

    def test_no_values_no_percentile(self) -> None:
        assert nearest_rank([], 50) is None

    @pytest.mark.parametrize("percent", [0, -1, 101])
    def test_percent_out_of_range(self, percent: float) -> None:
        with pytest.raises(ValueError, match="percent"):
            nearest_rank([1], percent)


class TestPeriod:
    def test_bounds_are_swedish_midnights(self) -> None:
        winter = Period(date(2026, 1, 1), date(2026, 1, 31))
        assert winter.start == datetime(2025, 12, 31, 23, tzinfo=UTC)
        assert winter.end == datetime(2026, 1, 31, 23, tzinfo=UTC)
        summer = Period(date(2026, 6, 1), date(2026, 6, 30))
        assert summer.start == datetime(2026, 5, 31, 22, tzinfo=UTC)

    def test_holds_is_inclusive_of_the_start_and_exclusive_of_the_end(self) -> None:
        period = Period(date(2026, 1, 1), date(2026, 1, 31))
        assert period.holds(period.start)
        assert not period.holds(period.end)
        assert not period.holds(period.start - timedelta(microseconds=1))
        assert not period.holds(None)
        assert period.holds_day(date(2026, 1, 31))
        assert not period.holds_day(date(2026, 2, 1))

    @pytest.mark.parametrize(
        ("last", "first"),
        [
            (date(2026, 5, 4), date(2025, 5, 5)),
            (date(2026, 12, 31), date(2026, 1, 1)),
            (date(2028, 2, 29), date(2027, 3, 1)),
        ],
    )
    def test_twelve_months(self, last: date, first: date) -> None:
        assert twelve_months_before(last) == first


T0 = datetime(2026, 1, 10, 9, tzinfo=UTC)


def stones(status: CaseStatus, **stamps: object) -> Milestones:
    values: dict[str, object] = dict.fromkeys(
        ("assessed_at", "decided_on", "activated_at", "closed_at", "rejected_at")
    )
    values.update(stamps)
    return Milestones(status=status, created_at=T0, **values)  # type: ignore[arg-type]


class TestStatusAt:
    def test_the_latest_milestone_before_the_instant(self) -> None:
        case = stones(
            CaseStatus.closed,
            assessed_at=T0 + timedelta(days=2),
            decided_on=date(2026, 1, 20),
            activated_at=T0 + timedelta(days=15),
            closed_at=T0 + timedelta(days=100),
        )
        assert case.status_at(T0 + timedelta(hours=1)) is CaseStatus.proposed
        assert case.status_at(T0 + timedelta(days=3)) is CaseStatus.assessing
        assert case.status_at(datetime(2026, 1, 21, tzinfo=UTC)) is CaseStatus.decided
        assert case.status_at(T0 + timedelta(days=16)) is CaseStatus.active
        assert case.status_at(T0 + timedelta(days=101)) is CaseStatus.closed

    def test_a_missing_stamp_of_the_current_status_counts_from_creation(self) -> None:
        case = stones(CaseStatus.active)
        assert case.status_at(T0 + timedelta(seconds=1)) is CaseStatus.active
        assert case.open_during(Period(date(2026, 1, 1), date(2026, 1, 31)))

    def test_open_during(self) -> None:
        closed = stones(CaseStatus.closed, closed_at=T0 + timedelta(days=30))
        assert closed.open_during(Period(date(2026, 2, 1), date(2026, 2, 28)))
        assert not closed.open_during(Period(date(2026, 3, 1), date(2026, 3, 31)))
        assert not closed.open_during(Period(date(2025, 12, 1), date(2026, 1, 9)))
        rejected = stones(CaseStatus.rejected)  # rejected_at missing: since creation
        assert not rejected.open_during(Period(date(2026, 2, 1), date(2026, 2, 28)))

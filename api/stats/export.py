"""The statistics as CSV: one row per published cell and figure, exactly the JSON's.

Columns ``section, dimension, value, count, suppressed``. ``count`` holds the cell's count
(young people, or items in ``plan_items``) or the figure's value (days, a share); it is empty
when suppressed (``suppressed`` is then ``true``) or when there is nothing to compute. Built
from the read model, never from the raw numbers, so the two formats cannot disagree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from api.stats.schemas import Figure, StatsRead

MEDIA_TYPE = "text/csv; charset=utf-8"
HEADER = ("section", "dimension", "value", "count", "suppressed")
FIGURE = "figure"  # the dimension of a derived figure's row

Row = tuple[str, str, str, str, str]


def rows(stats: StatsRead) -> Iterator[Row]:
    for section, breakdown in stats.sections.tables():
        for cell in (breakdown.total, *breakdown.cells):
            yield _row(section, breakdown.dimension, cell.value, cell.count, cell.suppressed)
    timing = stats.consent_to_intervention
    yield _row("consent_to_intervention", FIGURE, "goal_days", timing.goal_days, False)
    for name in ("median_days", "p90_days", "within_goal_share"):
        yield _figure_row("consent_to_intervention", name, getattr(timing, name))
    yield _figure_row("meeting_cadence", "kept_share", stats.meeting_cadence.kept_share)
    placements = stats.placements_avoided
    yield _row("placements_avoided", "recorded", str(placements.recorded).lower(), None, False)


def _figure_row(section: str, name: str, figure: Figure) -> Row:
    return _row(section, FIGURE, name, figure.value, figure.suppressed)


def _row(
    section: str, dimension: str, value: str, count: int | float | None, suppressed: bool
) -> Row:
    shown = "" if count is None else str(count)
    return (section, dimension, value, shown, "true" if suppressed else "false")


def to_csv(stats: StatsRead) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(HEADER)
    writer.writerows(rows(stats))
    return out.getvalue()


def filename(stats: StatsRead) -> str:
    return f"samverka-statistik-{stats.period.from_}-{stats.period.to}.csv"

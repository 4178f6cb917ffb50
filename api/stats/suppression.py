"""Small-count suppression: no published figure may single out a young person.

DOMAIN.md: "Statistics are aggregated and never reveal a single young person (small counts
suppressed)". Pure functions, no database, so every rule is tested exhaustively
(tests/stats/test_suppression.py). ``m`` below is ``stats_min_cell`` (default 5).

A *breakdown* is a total split into cells that add up to it (young people by case status,
plan items by outcome). The rules, applied in this order:

1. **Small total.** When the total counts fewer than ``m`` (and more than 0), the total and
   every cell, zeros included, are suppressed: a 0 next to a small total says something about
   everyone in it ("none of the 3 was ...").
2. **Primary suppression.** A cell counting 1 to ``m - 1`` is suppressed. A 0 is shown as 0
   (the total is then at least ``m``, so a zero is a fact about a group, not a person), which
   also tells a reader that every suppressed cell holds at least 1.
3. **Complementary suppression.** The total is shown, so the suppressed cells together are
   always known (total minus the visible cells). That remainder must not pin a cell down:
   while exactly one cell is suppressed (it would simply be the remainder), or the remainder
   is below ``m`` (e.g. 1 + 2: a small count), or the remainder equals the number of
   suppressed cells (every one of them must then be 1), the smallest visible non-zero cell is
   suppressed as well (the earliest of equal ones, so the output is deterministic). When no
   visible non-zero cell is left, every cell is suppressed, zeros included.

The total itself is never hidden once it reaches ``m``: breakdowns of one population share
their total (cases by status and by target group), so hiding it in one would not hide it.

A cell may count rows (plan items) rather than people; it then carries ``people``, the
distinct young people behind it, and is small when either number is below ``m`` (seven
overdue items of one young person are still about that young person).

Figures computed from people (a median, a percentile) are shown only when at least ``m``
young people are behind them; a share only when both counts it divides are visible cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tally:
    """A raw count before suppression."""

    value: str
    count: int
    people: int | None = None  # distinct young people behind ``count``, when it counts rows

    @property
    def persons(self) -> int:
        return self.count if self.people is None else self.people


@dataclass(frozen=True, slots=True)
class Shown:
    """A published cell: the count, or None with ``suppressed`` set."""

    value: str
    count: int | None
    suppressed: bool


@dataclass(frozen=True, slots=True)
class Protected:
    total: Shown
    cells: tuple[Shown, ...]


def is_small(count: int, min_cell: int) -> bool:
    return 0 < count < min_cell


def _small(tally: Tally, min_cell: int) -> bool:
    return is_small(tally.count, min_cell) or is_small(tally.persons, min_cell)


def _needs_more(hidden: Sequence[Tally], min_cell: int) -> bool:
    if not hidden:
        return False
    remainder = sum(t.count for t in hidden)
    return len(hidden) == 1 or remainder < min_cell or remainder == len(hidden)


def protect(cells: Sequence[Tally], min_cell: int, *, total_people: int | None = None) -> Protected:
    """Apply rules 1-3 to a breakdown whose total is the sum of ``cells``.

    ``total_people`` is the number of distinct young people in the whole breakdown when the
    cells count rows (one young person may be behind several cells).
    """
    total = Tally("total", sum(c.count for c in cells), total_people)
    if _small(total, min_cell):
        return Protected(_hidden(total), tuple(_hidden(c) for c in cells))
    suppressed = [i for i, c in enumerate(cells) if _small(c, min_cell)]
    while _needs_more([cells[i] for i in suppressed], min_cell):
        visible = [i for i, c in enumerate(cells) if i not in suppressed and c.count > 0]
        if not visible:
            return Protected(_visible(total), tuple(_hidden(c) for c in cells))
        suppressed.append(min(visible, key=lambda i: (cells[i].count, i)))
    shown = tuple(_hidden(c) if i in suppressed else _visible(c) for i, c in enumerate(cells))
    return Protected(_visible(total), shown)


def protect_count(value: str, count: int, min_cell: int) -> Shown:
    """A single count with no breakdown: suppressed when small (rule 2); 0 is shown."""
    return (
        _hidden(Tally(value, count)) if is_small(count, min_cell) else _visible(Tally(value, count))
    )


def _hidden(tally: Tally) -> Shown:
    return Shown(tally.value, None, suppressed=True)


def _visible(tally: Tally) -> Shown:
    return Shown(tally.value, tally.count, suppressed=False)


@dataclass(frozen=True, slots=True)
class Figure:
    """A published derived figure (days, a share): the value, or None."""

    value: float | int | None
    suppressed: bool


def protect_figure(value: float | int | None, people: int, min_cell: int) -> Figure:
    """A figure computed from ``people`` young people: hidden below ``min_cell``. With nobody
    behind it there is no figure, and nothing to hide."""
    if people == 0 or value is None:
        return Figure(None, suppressed=False)
    if people < min_cell:
        return Figure(None, suppressed=True)
    return Figure(value, suppressed=False)


def protect_share(part: Shown, rest: Shown, *, digits: int = 3) -> Figure:
    """``part / (part + rest)``, shown only when both cells are visible: a share of visible
    cells reveals nothing the cells do not, while a share next to a suppressed cell would
    let it be recomputed."""
    if part.suppressed or rest.suppressed or part.count is None or rest.count is None:
        return Figure(None, suppressed=True)
    whole = part.count + rest.count
    if whole == 0:
        return Figure(None, suppressed=False)
    return Figure(round(part.count / whole, digits), suppressed=False)

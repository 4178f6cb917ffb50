"""The suppression rules (api/stats/suppression.py), exhaustively: small counts, the boundary,
complementary suppression, zeros, rows counted with the people behind them, figures, shares.
The disclosure check at the end enumerates every breakdown of small tables and proves that
no suppressed cell can be pinned down from what is published."""

from __future__ import annotations

import itertools

import pytest

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

M = 5


def tallies(*counts: int) -> list[Tally]:
    return [Tally(f"c{i}", n) for i, n in enumerate(counts)]


def published(result: Protected) -> tuple[int | None, list[int | None]]:
    return result.total.count, [c.count for c in result.cells]


class TestSmallCountsAndTheBoundary:
    @pytest.mark.parametrize("n", [1, 2, 3, 4])
    def test_a_small_total_hides_everything_zeros_included(self, n: int) -> None:
        result = protect(tallies(n, 0, 0), M)
        assert published(result) == (None, [None, None, None])
        assert result.total.suppressed
        assert all(c.suppressed for c in result.cells)

    def test_exactly_the_minimum_is_shown(self) -> None:
        result = protect(tallies(5, 0), M)
        assert published(result) == (5, [5, 0])
        assert not any(c.suppressed for c in (result.total, *result.cells))

    def test_four_is_suppressed_and_five_is_not(self) -> None:
        assert published(protect(tallies(4, 5, 6), M)) == (15, [None, None, 6])
        assert published(protect(tallies(5, 5, 6), M)) == (16, [5, 5, 6])

    def test_an_empty_breakdown_shows_zeros(self) -> None:
        assert published(protect(tallies(0, 0), M)) == (0, [0, 0])

    @pytest.mark.parametrize("n", [1, 2, 3, 4])
    def test_every_small_cell_is_suppressed(self, n: int) -> None:
        result = protect(tallies(n, 20, 30), M)
        assert result.cells[0] == Shown("c0", None, suppressed=True)


class TestComplementarySuppression:
    def test_one_small_cell_among_large_ones_takes_the_next_smallest_with_it(self) -> None:
        # Total 63 and the cells 40 and 20 would give 63 - 60 = 3: the 20 goes too.
        result = protect(tallies(3, 40, 20), M)
        assert published(result) == (63, [None, 40, None])

    def test_the_small_cell_cannot_be_recomputed_from_the_total(self) -> None:
        result = protect(tallies(3, 40, 20), M)
        total, cells = published(result)
        assert total is not None
        hidden = total - sum(c for c in cells if c is not None)
        assert hidden == 23  # the 3 and the 20 together, neither alone

    def test_two_small_cells_adding_up_to_a_small_count_take_a_third(self) -> None:
        # 1 + 2 = 3 would be published as "the two suppressed cells hold 3".
        assert published(protect(tallies(1, 2, 10, 30), M)) == (43, [None, None, None, 30])

    def test_two_small_cells_adding_up_to_the_minimum_suffice(self) -> None:
        assert published(protect(tallies(2, 3, 10, 30), M)) == (45, [None, None, 10, 30])

    def test_all_ones_would_reveal_every_cell(self) -> None:
        # Five suppressed cells holding 5 together: each must be 1. A sixth one goes too.
        result = protect(tallies(1, 1, 1, 1, 1, 7, 9), M)
        assert published(result) == (21, [None, None, None, None, None, None, 9])

    def test_zeros_are_never_the_complement(self) -> None:
        result = protect(tallies(2, 0, 8, 0), M)
        assert published(result) == (10, [None, 0, None, 0])

    def test_with_nothing_left_to_hide_every_cell_is_hidden(self) -> None:
        # Only ones and zeros: no visible non-zero cell can protect them.
        result = protect(tallies(1, 1, 1, 1, 1, 0), M)
        assert published(result) == (5, [None] * 6)

    def test_the_earliest_of_equal_cells_is_taken(self) -> None:
        assert published(protect(tallies(1, 9, 9), M)) == (19, [None, None, 9])

    def test_two_cells_one_small_hides_both_and_keeps_the_total(self) -> None:
        assert published(protect(tallies(17, 3), M)) == (20, [None, None])


class TestRowsCountedWithTheirPeople:
    def test_many_items_of_few_people_are_suppressed(self) -> None:
        cells = [Tally("done", 7, people=1), Tally("overdue", 12, people=6)]
        result = protect(cells, M, total_people=6)
        assert published(result) == (19, [None, None])

    def test_a_total_of_few_people_hides_everything(self) -> None:
        cells = [Tally("done", 12, people=4), Tally("overdue", 9, people=4)]
        assert published(protect(cells, M, total_people=4)) == (None, [None, None])

    def test_enough_people_show_the_items(self) -> None:
        cells = [Tally("done", 12, people=5), Tally("overdue", 9, people=5), Tally("x", 0, 0)]
        assert published(protect(cells, M, total_people=7)) == (21, [12, 9, 0])


class TestTheThreshold:
    @pytest.mark.parametrize(
        ("min_cell", "expected"),
        [
            (2, (12, [None, None, 7])),
            (3, (12, [None, None, 7])),
            (5, (12, [None, None, 7])),
            (8, (12, [None, None, None])),
            (13, (None, [None, None, None])),
        ],
    )
    def test_the_setting_moves_the_line(
        self, min_cell: int, expected: tuple[int | None, list[int | None]]
    ) -> None:
        assert published(protect(tallies(1, 4, 7), min_cell)) == expected

    def test_min_two_shows_everything_but_ones(self) -> None:
        assert published(protect(tallies(2, 2, 9), 2)) == (13, [2, 2, 9])


class TestSingleCountsFiguresAndShares:
    @pytest.mark.parametrize(("n", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (50, 50)])
    def test_a_single_count(self, n: int, shown: int | None) -> None:
        assert protect_count("total", n, M).count == shown
        assert protect_count("total", n, M).suppressed is (shown is None)

    @pytest.mark.parametrize(
        ("people", "expected"),
        [
            (0, Figure(None, suppressed=False)),
            (1, Figure(None, suppressed=True)),
            (4, Figure(None, suppressed=True)),
            (5, Figure(17, suppressed=False)),
        ],
    )
    def test_a_figure_needs_enough_people(self, people: int, expected: Figure) -> None:
        assert protect_figure(17, people, M) == expected

    def test_a_share_of_visible_cells(self) -> None:
        share = protect_share(Shown("a", 12, False), Shown("b", 5, False))
        assert share == Figure(0.706, suppressed=False)

    def test_a_share_next_to_a_suppressed_cell_is_suppressed(self) -> None:
        assert protect_share(Shown("a", 12, False), Shown("b", None, True)).suppressed
        assert protect_share(Shown("a", None, True), Shown("b", 12, False)).suppressed

    def test_a_share_of_nothing_is_no_figure(self) -> None:
        assert protect_share(Shown("a", 0, False), Shown("b", 0, False)) == Figure(None, False)


def _solutions(result: Protected, size: int, limit: int) -> set[tuple[int, ...]]:
    """Every table of non-negative cells up to ``limit`` consistent with what is published:
    visible cells as shown, the total when shown, and a suppressed cell at least 1 because
    zeros are shown - unless every cell is hidden, when a hidden one may be a zero too."""
    total, cells = published(result)
    floor = 0 if all(c is None for c in cells) else 1
    found = set()
    for candidate in itertools.product(range(limit + 1), repeat=size):
        if total is not None and sum(candidate) != total:
            continue
        if all(
            (shown is None and value >= floor) or shown == value
            for shown, value in zip(cells, candidate, strict=True)
        ):
            found.add(candidate)
    return found


@pytest.mark.parametrize("min_cell", [2, 3, 5])
def test_no_suppressed_small_cell_is_ever_pinned_down(min_cell: int) -> None:
    """Every table of three cells of 0..7: a small cell the rules suppress takes more than
    one value among the tables that agree with the published total and visible cells (the
    reader solves the equations; the rules do not claim to withstand one who also replays
    the choice of the complementary cell)."""
    for counts in itertools.product(range(8), repeat=3):
        result = protect(tallies(*counts), min_cell)
        candidates = _solutions(result, 3, 7 * 3)
        for i, value in enumerate(counts):
            if 0 < value < min_cell:
                assert result.cells[i].suppressed, counts
                values = {c[i] for c in candidates}
                assert len(values) > 1, (counts, min_cell, result)

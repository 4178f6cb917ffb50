"""The state machine, exhaustively: every status x every action, against a table written
out here independently of api/cases/workflow.py."""

from __future__ import annotations

import itertools

import pytest

from api.cases.workflow import CaseAction, next_status
from api.errors import RuleViolated
from api.models.enums import CaseStatus as S

A = CaseAction
ALLOWED = {
    (S.proposed, A.assess): S.assessing,
    (S.proposed, A.reject): S.rejected,
    (S.assessing, A.decide): S.decided,
    (S.assessing, A.reject): S.rejected,
    (S.decided, A.activate): S.active,
    (S.decided, A.close): S.closed,
    (S.active, A.close): S.closed,
}
EVERY_CELL = list(itertools.product(S, A))


def test_the_table_covers_every_status_and_action() -> None:
    assert len(EVERY_CELL) == len(S) * len(A) == 30


@pytest.mark.parametrize(("status", "action"), EVERY_CELL, ids=lambda v: v.value)
def test_transition(status: S, action: CaseAction) -> None:
    expected = ALLOWED.get((status, action))
    if expected is not None:
        assert next_status(status, action) is expected
        return
    with pytest.raises(RuleViolated) as refused:
        next_status(status, action)
    # The message names the current status and the rule, so the caller knows what to do.
    assert f"a case that is {status.value}" in refused.value.detail
    assert "Only" in refused.value.detail


@pytest.mark.parametrize("status", [S.closed, S.rejected])
def test_finished_cases_accept_no_action(status: S) -> None:
    for action in A:
        with pytest.raises(RuleViolated):
            next_status(status, action)

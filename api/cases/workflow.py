"""The life of a case as one table (DOMAIN.md, "The life of a case"): which action takes a
case from which statuses to which. Every status change goes through ``next_status``, so an
illegal transition is refused in one place, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from api.errors import RuleViolated
from api.models.enums import CaseStatus as S


class CaseAction(StrEnum):
    assess = "assess"
    decide = "decide"
    activate = "activate"
    close = "close"
    reject = "reject"


# The formal decision, and turning a proposal down, belong to the responsible case officer
# (api/access/policy.py, can_decide_case); the other actions to the case's editors.
DECIDER_ACTIONS = frozenset({CaseAction.decide, CaseAction.reject})


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[S]
    target: S
    rule: str  # said to the caller when the case is in another status


TRANSITIONS: dict[CaseAction, Transition] = {
    # Social services decide whether the young person belongs to the target group.
    CaseAction.assess: Transition(
        frozenset({S.proposed}), S.assessing, "Only a proposed case can be taken up for assessment."
    ),
    # The formal decision (SoL 4:1, LVU 11 §, ungdomsvård) follows the assessment.
    CaseAction.decide: Transition(
        frozenset({S.assessing}), S.decided, "Only a case under assessment can be decided."
    ),
    # A case becomes active only after a decision (DOMAIN.md, rules).
    CaseAction.activate: Transition(
        frozenset({S.decided}), S.active, "Only a decided case can be activated."
    ),
    # Closure ends active work, or a decision whose work never started.
    CaseAction.close: Transition(
        frozenset({S.decided, S.active}), S.closed, "Only a decided or active case can be closed."
    ),
    # A proposal that does not belong to the target group is turned down before a decision.
    CaseAction.reject: Transition(
        frozenset({S.proposed, S.assessing}),
        S.rejected,
        "Only a proposed case or one under assessment can be rejected.",
    ),
}


def can_take(current: S, action: CaseAction) -> bool | str:
    """Whether ``action`` may be taken from ``current``: True, or the reason it may not."""
    transition = TRANSITIONS[action]
    if current not in transition.sources:
        return f"Cannot {action.value} a case that is {current.value}. {transition.rule}"
    return True


def next_status(current: S, action: CaseAction) -> S:
    """The status ``action`` leads to from ``current``; RuleViolated when it is not allowed."""
    allowed = can_take(current, action)
    if allowed is not True:
        raise RuleViolated(str(allowed))
    return TRANSITIONS[action].target

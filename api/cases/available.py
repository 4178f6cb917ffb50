"""Which actions the caller may take on a case now (``CaseRead.actions``), so a client offers
only what the API would accept.

Nothing here is a rule of its own. Each action is the conjunction of the checks its endpoint
makes, through the same functions: the route's scope and object policy (the dependencies of
api/access/dependencies.py: ``EditableCase`` is ``cases:write`` + ``can_edit_case``,
``AssignableCase`` is ``cases:assign`` + ``can_assign_case``, ``AccessLogCase`` is
``cases:read`` + ``can_read_access_log``), then the service's predicates on the case's status.
Checks that need the database (a consent in force, a non-empty draft) are columns of the one
query ``read_case`` already makes, so the list costs no extra statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists

from api.access.dependencies import CaseContext
from api.access.policy import (
    can_assign_case,
    can_decide_case,
    can_edit_case,
    can_read_access_log,
)
from api.assessments.service import can_add_assessment
from api.auth.principal import Principal, Scope
from api.cases import workflow
from api.cases.rules import can_change, consent_in_force, has_decision
from api.cases.schemas import CaseAction
from api.consents.rules import can_register
from api.meetings.rules import can_schedule
from api.members.service import can_add_member
from api.models import Case
from api.plans.publishing import can_publish
from api.plans.service import draft_items, plan_can_change

Policy = Callable[[Principal, Case], bool | str]


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the actions need from the database besides the case row, read with it."""

    consent_in_force: bool
    draft_has_items: bool


def fact_columns(today: date | ColumnElement[date]) -> tuple[ColumnElement[bool], ...]:
    """``CaseFacts`` as columns correlated to ``Case.id``, in field order."""
    return (
        consent_in_force(Case.id, today).label("consent_in_force"),
        exists(draft_items(Case.id)).label("draft_has_items"),
    )


def facts_of(values: Sequence[bool | None]) -> CaseFacts:
    consent, draft = values
    return CaseFacts(consent_in_force=bool(consent), draft_has_items=bool(draft))


def _gate(p: Principal, case: Case, scope: Scope, policy: Policy) -> bool:
    """A route's dependency as a predicate: its scope, then its object policy."""
    return scope in p.scopes and policy(p, case) is True


def _status_actions(p: Principal, case: Case, facts: CaseFacts) -> list[CaseAction]:
    """The status actions (EditableCase, the deciders' check, the transition table)."""
    offered = []
    for action in workflow.CaseAction:
        if workflow.can_take(case.status, action) is not True:
            continue
        if action in workflow.DECIDER_ACTIONS and can_decide_case(p, case) is not True:
            continue
        if action is workflow.CaseAction.activate and not (
            has_decision(case) is True and facts.consent_in_force
        ):
            continue
        offered.append(CaseAction(action.value))
    return offered


def _editor_actions(case: Case, facts: CaseFacts) -> dict[CaseAction, bool]:
    """The other actions behind EditableCase, by their domain's predicate on the case."""
    return {
        CaseAction.update: can_change(case) is True,
        CaseAction.add_member: can_add_member(case) is True,
        CaseAction.register_consent: can_register(case.status) is True,
        CaseAction.add_assessment: can_add_assessment(case) is True,
        CaseAction.edit_plan: plan_can_change(case) is True,
        CaseAction.publish_plan: can_publish(case) is True and facts.draft_has_items,
        CaseAction.schedule_meeting: can_schedule(case) is True,
    }


def available_actions(ctx: CaseContext, facts: CaseFacts) -> list[CaseAction]:
    """The actions ``ctx.principal`` may take on ``ctx.case`` now, in ``CaseAction`` order."""
    p, case = ctx.principal, ctx.case
    offered: set[CaseAction] = set()
    if _gate(p, case, Scope.cases_write, can_edit_case):
        offered.update(_status_actions(p, case, facts))
        offered.update(a for a, ok in _editor_actions(case, facts).items() if ok)
    if _gate(p, case, Scope.cases_assign, can_assign_case) and can_change(case) is True:
        offered.add(CaseAction.assign)
    # journal:create needs cases:write and a readable case (the caller has one); what they
    # may write in is the body's category (can_write_journal_entry), decided when sent.
    if Scope.cases_write in p.scopes:
        offered.add(CaseAction.write_journal)
    if _gate(p, case, Scope.cases_read, can_read_access_log):
        offered.add(CaseAction.read_access_log)
    return [action for action in CaseAction if action in offered]

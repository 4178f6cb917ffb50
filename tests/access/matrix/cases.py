"""The case workflow (issue #4): proposals, updates and the status actions.

The world's cases are active, so actions that need another status answer 409 RuleViolated
for a caller who may act on the case (the refusal comes after the access check); close
succeeds. Decisions and rejections belong to the assigned case officer only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.access.matrix.model import CASE_EDITORS, Operation
from tests.world import UNIT_CASES, World

ONE = "/api/v1/cases/{case_id}"
PROPOSERS = frozenset(
    {"unit_manager", "case_officer", "coordinator", "other_case_officer", "professional"}
)
DECIDERS = {"case_officer": UNIT_CASES, "other_case_officer": frozenset({"other_unit"})}
OK = frozenset({200})
REFUSED_BY_STATUS = frozenset({409})


def _proposal(world: World, situation: str) -> dict[str, Any]:
    born = date.today().replace(year=date.today().year - 15) - timedelta(days=40)
    return {
        "unit_id": str(world.unit.id),
        "target_group": "at_risk",
        "young_person": {"given_name": "Testa", "family_name": "Testsson", "birth_date": str(born)},
        "area": "Norr",
        "proposal_reason": "Oro från skolan (syntetisk testtext).",
        "risk_summary": "Frånvaro och nya kontakter (syntetisk testtext).",
    }


def _if_match(world: World, situation: str) -> dict[str, str]:
    return {"If-Match": f'"v{world.cases[situation].version}"'}


def _update(world: World, situation: str) -> dict[str, Any]:
    return {"youth_goals": "Klara nian (syntetisk testtext)."}


def _decide(world: World, situation: str) -> dict[str, Any]:
    return {"legal_basis": "sol_4_1", "decided_on": str(date.today())}


def _activate(world: World, situation: str) -> dict[str, Any]:
    return {"intervention_end_on": str(date.today() + timedelta(days=180))}


def _close(world: World, situation: str) -> dict[str, Any]:
    return {"closure_reason": "plan_completed", "closure_summary": "Målen nådda (syntetisk)."}


def _reject(world: World, situation: str) -> dict[str, Any]:
    return {"rejection_reason": "Tillhör inte målgruppen (syntetisk)."}


def _assignment(world: World, situation: str) -> dict[str, Any]:
    return {"coordinator_id": str(world.users["coordinator"].id)}


OPERATIONS = [
    Operation(
        "cases:assign",
        "POST",
        ONE + "/assign",
        {"unit_manager": UNIT_CASES},
        OK,
        body=_assignment,
    ),
    Operation(
        "cases:create",
        "POST",
        "/api/v1/cases",
        PROPOSERS,
        success=frozenset({201}),
        body=_proposal,
    ),
    Operation(
        "cases:update", "PATCH", ONE, CASE_EDITORS, success=OK, body=_update, headers=_if_match
    ),
    Operation("cases:assess", "POST", ONE + "/assess", CASE_EDITORS, success=REFUSED_BY_STATUS),
    Operation(
        "cases:decide", "POST", ONE + "/decide", DECIDERS, success=REFUSED_BY_STATUS, body=_decide
    ),
    Operation(
        "cases:activate",
        "POST",
        ONE + "/activate",
        CASE_EDITORS,
        success=REFUSED_BY_STATUS,
        body=_activate,
    ),
    Operation("cases:close", "POST", ONE + "/close", CASE_EDITORS, success=OK, body=_close),
    Operation(
        "cases:reject", "POST", ONE + "/reject", DECIDERS, success=REFUSED_BY_STATUS, body=_reject
    ),
    Operation("proposals:list-mine", "GET", "/api/v1/proposals", PROPOSERS),
    Operation(
        "proposals:list-deidentified",
        "GET",
        "/api/v1/proposals/deidentified",
        frozenset({"preparation_group"}),
    ),
]

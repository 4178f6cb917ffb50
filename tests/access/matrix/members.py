"""The group: list, add, leave.

``members:leave`` acts on the police officer's membership of the situation's case. The
world has none in ``other_unit`` (a random id: 404 from the member lookup, after the case
check has let the editor in) and the officer has already left in ``former_member`` (409).
Those two are the only allowed cells that can answer 404/409; tests/members/ checks them
precisely.
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.access.matrix.model import CASE_EDITORS, CASE_READERS, Operation
from tests.world import World


def _coach(world: World, situation: str) -> dict[str, Any]:
    return {"kind": "external", "external_name": "Tränare (matris)", "group_role": "coach"}


def _police_member(world: World, situation: str) -> dict[str, str]:
    member = world.police_members.get(situation)
    return {"member_id": str(member.id if member else uuid.uuid4())}


OPERATIONS = [
    Operation("members:list", "GET", "/api/v1/cases/{case_id}/members", CASE_READERS),
    Operation(
        "members:add",
        "POST",
        "/api/v1/cases/{case_id}/members",
        CASE_EDITORS,
        success=frozenset({201}),
        body=_coach,
    ),
    Operation(
        "members:leave",
        "POST",
        "/api/v1/cases/{case_id}/members/{member_id}/leave",
        CASE_EDITORS,
        success=frozenset({200, 404, 409}),
        body=lambda world, situation: {"reason": "Matrisprov"},
        path_params=_police_member,
    ),
]

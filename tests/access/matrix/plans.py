"""The action plan (issue #4): case readers see it (professionals the items their consent's
categories cover); the assigned case officer and coordinator edit and publish it; the
responsible member reports the status of their own item."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, object_session

from api.models import ActionPlanItem, ActionPlanVersion, Case, CaseMember
from api.models.enums import PlanStatus
from tests import factories as f
from tests.access.matrix.model import CASE_EDITORS, CASE_READERS, Operation
from tests.world import World

BASE = "/api/v1/cases/{case_id}/action-plan"
ITEM = BASE + "/items/{item_id}"
VERSION = BASE + "/versions/{number}"
IF_MATCH_V1 = {"If-Match": '"v1"'}

# The police officer (and the police's system) is the responsible member of the item
# patched below: they may report its status wherever they may read the case.
STATUS_REPORTERS = {
    **CASE_EDITORS,
    "professional": frozenset({"consented"}),
    "integration": frozenset({"consented"}),
}


def _session(case: Case) -> Session:
    session = object_session(case)
    assert session is not None
    return session


def _young_person(world: World, situation: str) -> CaseMember:
    case = world.cases[situation]
    return f.add_person_member(_session(case), case)


def _draft_item(world: World, situation: str, responsible: CaseMember) -> ActionPlanItem:
    case = world.cases[situation]
    draft = f.make_plan(_session(case), case)
    return f.make_plan_item(_session(case), draft, responsible, category="police")


def _item_of_police(world: World, situation: str) -> dict[str, str]:
    police = world.police_members.get(situation) or _young_person(world, situation)
    return {"item_id": str(_draft_item(world, situation, police).id)}


def _item_of_young_person(world: World, situation: str) -> dict[str, str]:
    return {"item_id": str(_draft_item(world, situation, _young_person(world, situation)).id)}


def _publishable(world: World, situation: str) -> dict[str, str]:
    _item_of_young_person(world, situation)
    return {}


def _published(world: World, situation: str) -> dict[str, str]:
    case = world.cases[situation]
    session = _session(case)
    version = ActionPlanVersion(
        case_id=case.id, status=PlanStatus.published, number=1, published_at=datetime.now(UTC)
    )
    session.add(version)
    session.flush()
    f.make_plan_item(session, version, _young_person(world, situation), category="police")
    return {"number": "1"}


def _new_item(world: World, situation: str) -> dict[str, Any]:
    return {
        "text": "Delta i undervisningen enligt schemat.",
        "plain_text": "Du går till skolan.",
        "responsible_member_id": str(_young_person(world, situation).id),
        "category_code": "school",
        "completion_evidence": "Närvarorapport från skolan.",
    }


OPERATIONS = [
    Operation("plans:get-current", "GET", BASE, CASE_READERS),
    Operation(
        "plans:add-item",
        "POST",
        BASE + "/items",
        CASE_EDITORS,
        success=frozenset({201}),
        body=_new_item,
    ),
    Operation(
        "plans:update-item",
        "PATCH",
        ITEM,
        STATUS_REPORTERS,
        path_params=_item_of_police,
        body=lambda w, s: {"status": "in_progress"},
        headers=lambda w, s: IF_MATCH_V1,
    ),
    Operation(
        "plans:remove-item",
        "DELETE",
        ITEM,
        CASE_EDITORS,
        success=frozenset({204}),
        path_params=_item_of_young_person,
    ),
    Operation(
        "plans:publish",
        "POST",
        BASE + "/publish",
        CASE_EDITORS,
        success=frozenset({201}),
        path_params=_publishable,
        body=lambda w, s: {},
        headers=lambda w, s: IF_MATCH_V1,
    ),
    Operation("plans:list-versions", "GET", BASE + "/versions", CASE_READERS),
    Operation(
        "plans:get-version-pdf", "GET", VERSION + ".pdf", CASE_READERS, path_params=_published
    ),
    Operation("plans:get-version", "GET", VERSION, CASE_READERS, path_params=_published),
    Operation("plans:compare", "GET", VERSION + "/changes", CASE_READERS, path_params=_published),
    Operation("plans:print", "GET", BASE + "/print", CASE_READERS, path_params=_published),
]

"""Risk assessments (issue #4): case readers see them (professionals only in categories
their consent covers), the assigned case officer and coordinator register them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, object_session

from api.models import Assessment, Case
from tests import factories as f
from tests.access.matrix.model import CASE_EDITORS, CASE_READERS, Operation
from tests.assessments.payloads import savry_body
from tests.world import World

BASE = "/api/v1/cases/{case_id}/assessments"


def _session(case: Case) -> Session:
    session = object_session(case)
    assert session is not None
    return session


def _assessment(world: World, situation: str, days_ago: int = 1) -> Assessment:
    """In the ``police`` category, which the world's consents cover: the matrix checks who
    reaches the case; category filtering is tested in tests/assessments."""
    case = world.cases[situation]
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return f.make_assessment(
        _session(case), case, world.users["case_officer"], category="police", assessed_at=at
    )


def _assessment_id(world: World, situation: str) -> dict[str, str]:
    return {"assessment_id": str(_assessment(world, situation).id)}


def _two_assessments(world: World, situation: str) -> dict[str, str]:
    _assessment(world, situation, days_ago=60)
    _assessment(world, situation, days_ago=1)
    return {}


OPERATIONS = [
    Operation("assessments:list", "GET", BASE, CASE_READERS),
    Operation(
        "assessments:create",
        "POST",
        BASE,
        CASE_EDITORS,
        success=frozenset({201}),
        body=lambda w, s: savry_body(),
    ),
    Operation(
        "assessments:get",
        "GET",
        BASE + "/{assessment_id}",
        CASE_READERS,
        path_params=_assessment_id,
    ),
    Operation(
        "assessments:compare",
        "GET",
        BASE + "/compare",
        CASE_READERS,
        path_params=_two_assessments,
    ),
]

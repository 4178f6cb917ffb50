"""Network meetings (issue #4): readers see them, the assigned case officer and coordinator
manage them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, object_session

from api.models import Case, Meeting
from tests import factories as f
from tests.access.matrix.model import CASE_EDITORS, CASE_READERS, Operation
from tests.world import World

BASE = "/api/v1/cases/{case_id}/meetings"
ONE = BASE + "/{meeting_id}"


def _session(case: Case) -> Session:
    session = object_session(case)
    assert session is not None
    return session


def _started_meeting(world: World, situation: str) -> Meeting:
    """A meeting that began an hour ago, so every action on it is possible."""
    case = world.cases[situation]
    start = datetime.now(UTC) - timedelta(hours=1)
    return f.make_meeting(_session(case), case, starts_at=start)


def _meeting_id(world: World, situation: str) -> dict[str, str]:
    return {"meeting_id": str(_started_meeting(world, situation).id)}


def _attendance(world: World, situation: str) -> list[dict[str, Any]]:
    member = world.police_members.get(situation)
    if member is None:  # the other unit's case has no police member: its officer, then
        case = world.cases[situation]
        member = f.add_member(_session(case), case, world.users["other_case_officer"])
    return [{"member_id": str(member.id), "status": "attended"}]


def _schedule(world: World, situation: str) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "kind": "network",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "location": "Socialkontoret",
    }


OPERATIONS = [
    Operation("meetings:list", "GET", BASE, CASE_READERS),
    Operation(
        "meetings:schedule", "POST", BASE, CASE_EDITORS, success=frozenset({201}), body=_schedule
    ),
    Operation("meetings:get", "GET", ONE, CASE_READERS, path_params=_meeting_id),
    Operation("meetings:ics", "GET", ONE + ".ics", CASE_READERS, path_params=_meeting_id),
    Operation(
        "meetings:update",
        "PATCH",
        ONE,
        CASE_EDITORS,
        path_params=_meeting_id,
        body=lambda w, s: {"location": "Skolan, rum 12"},
        headers=lambda w, s: {"If-Match": '"v1"'},
    ),
    Operation("meetings:cancel", "POST", ONE + "/cancel", CASE_EDITORS, path_params=_meeting_id),
    Operation(
        "meetings:record-held",
        "POST",
        ONE + "/hold",
        CASE_EDITORS,
        path_params=_meeting_id,
        body=lambda w, s: {"minutes": "Planen följdes upp."},
    ),
    Operation(
        "meetings:set-attendance",
        "POST",
        ONE + "/attendance",
        CASE_EDITORS,
        path_params=_meeting_id,
        body=_attendance,
    ),
]

"""Scheduling a meeting: who may, when, and who is invited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import CaseMember, User
from api.models.enums import CaseStatus, MeetingStatus
from tests import factories as f
from tests.meetings.support import (
    attendance,
    meeting_count,
    new_meeting,
    problem_fields,
    times,
)
from tests.world import World

Client = Callable[[User], TestClient]


def _url(world: World, situation: str = "consented") -> str:
    return f"/api/v1/cases/{world.cases[situation].id}/meetings"


def test_schedule_invites_every_current_member(
    world: World, session: Session, client_as: Client
) -> None:
    case = world.cases["former_member"]  # the police officer has left this group
    response = client_as(world.users["coordinator"]).post(
        _url(world, "former_member"), json=new_meeting()
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "scheduled"
    assert body["sequence"] == 0
    assert response.headers["Location"].endswith(f"/meetings/{body['id']}")
    assert response.headers["ETag"] == f'"v{body["version"]}"'
    current = set(
        session.scalars(
            select(CaseMember.id).where(CaseMember.case_id == case.id, CaseMember.left_at.is_(None))
        )
    )
    assert current
    assert world.police_members["former_member"].id not in current
    assert {a["member_id"] for a in body["attendance"]} == {str(m) for m in current}
    assert set(attendance(session, uuid.UUID(body["id"])).values()) == {"invited"}


def test_a_retry_with_the_same_key_schedules_once(
    world: World, session: Session, client_as: Client
) -> None:
    client = client_as(world.users["coordinator"])
    headers = {"Idempotency-Key": "mote-1"}
    first_body = new_meeting()
    first = client.post(_url(world), json=first_body, headers=headers)
    again = client.post(_url(world), json=first_body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert meeting_count(session, world.cases["consented"]) == 1


@pytest.mark.parametrize("status", [CaseStatus.closed, CaseStatus.rejected])
def test_no_meeting_in_an_ended_case(
    status: CaseStatus, world: World, session: Session, client_as: Client
) -> None:
    case = f.make_case(session, world.unit, status=status, coordinator=world.users["coordinator"])
    response = client_as(world.users["coordinator"]).post(
        f"/api/v1/cases/{case.id}/meetings", json=new_meeting()
    )

    assert response.status_code == 409
    assert response.json()["type"].endswith("/rule-violated")
    assert problem_fields(response) == {"path.case_id"}
    assert meeting_count(session, case) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (times(hours=0), "body.ends_at"),  # ends when it starts
        ({**times(hours=-1)}, "body.ends_at"),  # ends before it starts
        ({"starts_at": "2026-12-01T10:00:00"}, "body.starts_at"),  # no offset
        ({"kind": "party"}, "body.kind"),
        ({"location": "x" * 256}, "body.location"),
        ({"status": "held"}, "body.status"),  # server-owned
        ({"sequence": 4}, "body.sequence"),  # server-owned
    ],
)
def test_bad_schedule_is_refused_and_nothing_written(
    change: dict[str, Any], field: str, world: World, session: Session, client_as: Client
) -> None:
    response = client_as(world.users["coordinator"]).post(_url(world), json=new_meeting(**change))

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in problem_fields(response)
    assert meeting_count(session, world.cases["consented"]) == 0


def test_a_professional_may_not_schedule(world: World, session: Session, client_as: Client) -> None:
    response = client_as(world.users["professional"]).post(_url(world), json=new_meeting())

    assert response.status_code == 403
    assert meeting_count(session, world.cases["consented"]) == 0


def test_upcoming_lists_scheduled_meetings_ahead_soonest_first(
    world: World, session: Session, client_as: Client
) -> None:
    case = world.cases["consented"]
    now = datetime.now(UTC)
    later = f.make_meeting(session, case, starts_at=now + timedelta(days=9))
    sooner = f.make_meeting(session, case, starts_at=now + timedelta(days=2))
    f.make_meeting(session, case, starts_at=now + timedelta(days=1), status=MeetingStatus.cancelled)
    past = f.make_meeting(session, case, starts_at=now - timedelta(days=3))
    client = client_as(world.users["professional"])

    upcoming = client.get(_url(world), params={"upcoming": "true", "limit": 1})
    rest = client.get(
        _url(world), params={"upcoming": "true", "cursor": upcoming.json()["next_cursor"]}
    )
    everything = client.get(_url(world))

    assert [m["id"] for m in upcoming.json()["items"]] == [str(sooner.id)]
    assert [m["id"] for m in rest.json()["items"]] == [str(later.id)]
    assert rest.json()["next_cursor"] is None
    listed = [m["id"] for m in everything.json()["items"]]
    assert listed[0] == str(later.id)  # latest first
    assert listed[-1] == str(past.id)
    assert len(listed) == 4
    assert "minutes" not in everything.text


def test_unix_seconds_for_the_start_are_refused_naming_the_field_and_rule(
    world: World, session: Session, client_as: Client
) -> None:
    """A number would otherwise be read as Unix seconds (api/schemas.py: IsoInstant)."""
    case = world.cases["consented"]
    before = meeting_count(session, case)
    response = client_as(world.users["coordinator"]).post(
        _url(world), json=new_meeting(starts_at=int(datetime.now(UTC).timestamp()) + 86_400)
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("body.starts_at", "iso_8601_text")
    ]
    assert meeting_count(session, case) == before

"""Rescheduling, minutes, cancelling, holding and attendance of a meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import Meeting, User
from api.models.enums import MeetingStatus
from tests import factories as f
from tests.meetings.support import attendance, problem_fields, times
from tests.world import World

Client = Callable[[User], TestClient]


@pytest.fixture
def coordinator(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["coordinator"])


def _url(meeting: Meeting, action: str = "") -> str:
    return f"/api/v1/cases/{meeting.case_id}/meetings/{meeting.id}{action}"


def _started(session: Session, world: World, **kwargs: Any) -> Meeting:
    start = datetime.now(UTC) - timedelta(hours=1)
    return f.make_meeting(session, world.cases["consented"], starts_at=start, **kwargs)


def _unchanged(session: Session, meeting: Meeting) -> Meeting:
    session.expire(meeting)
    session.refresh(meeting)
    return meeting


class TestUpdate:
    def test_reschedule_bumps_the_calendar_sequence(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])
        new_times = times(days_ahead=3)

        moved = coordinator.patch(
            _url(meeting), json={**new_times, "location": "Skolan"}, headers={"If-Match": '"v1"'}
        )

        assert moved.status_code == 200, moved.text
        assert moved.json()["sequence"] == 1
        assert moved.json()["location"] == "Skolan"
        assert moved.headers["ETag"] == '"v2"'
        again = coordinator.patch(
            _url(meeting), json={"location": "Polishuset"}, headers={"If-Match": '"v2"'}
        )
        assert again.json()["sequence"] == 2

    def test_minutes_or_an_unchanged_time_keep_the_sequence(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])
        same_place = {"location": meeting.location, "minutes": "Dagordning: planen."}

        response = coordinator.patch(_url(meeting), json=same_place, headers={"If-Match": '"v1"'})

        assert response.status_code == 200
        assert response.json()["sequence"] == 0
        assert response.json()["minutes"] == "Dagordning: planen."

    @pytest.mark.parametrize(
        ("headers", "status"), [({}, 428), ({"If-Match": '"v7"'}, 412), ({"If-Match": "v1"}, 422)]
    )
    def test_needs_the_current_etag(
        self,
        *,
        headers: dict[str, str],
        status: int,
        world: World,
        session: Session,
        coordinator: TestClient,
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])

        response = coordinator.patch(_url(meeting), json={"location": "X"}, headers=headers)

        assert response.status_code == status
        assert _unchanged(session, meeting).location == "Socialkontoret, rum 3"

    @pytest.mark.parametrize(
        ("change", "status", "field"),
        [
            ({"starts_at": None}, 422, "body.starts_at"),
            ({"ends_at": "2020-01-01T10:00:00+01:00"}, 422, "body.ends_at"),  # before start
            ({"starts_at": "2026-12-01T10:00:00"}, 422, "body.starts_at"),  # no offset
            ({"status": "cancelled"}, 422, "body.status"),  # an action, not a PATCH
            ({"sequence": 9}, 422, "body.sequence"),
        ],
    )
    def test_bad_change_is_refused_and_nothing_written(
        self,
        *,
        change: dict[str, Any],
        status: int,
        field: str,
        world: World,
        session: Session,
        coordinator: TestClient,
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])
        starts = meeting.starts_at

        response = coordinator.patch(_url(meeting), json=change, headers={"If-Match": '"v1"'})

        assert response.status_code == status, response.text
        assert field in problem_fields(response)
        meeting = _unchanged(session, meeting)
        assert (meeting.starts_at, meeting.sequence, meeting.version) == (starts, 0, 1)

    @pytest.mark.parametrize(
        ("status", "change", "field"),
        [
            (MeetingStatus.cancelled, {"location": "X"}, "body.location"),
            (MeetingStatus.cancelled, {"minutes": "X"}, "body.minutes"),
            (MeetingStatus.held, {"location": "X"}, "body.location"),
        ],
    )
    def test_a_cancelled_or_held_meeting_does_not_move(
        self,
        *,
        status: MeetingStatus,
        change: dict[str, Any],
        field: str,
        world: World,
        session: Session,
        coordinator: TestClient,
    ) -> None:
        meeting = _started(session, world, status=status)

        response = coordinator.patch(_url(meeting), json=change, headers={"If-Match": '"v1"'})

        assert response.status_code == 409
        assert response.json()["type"].endswith("/rule-violated")
        assert problem_fields(response) == {field}
        meeting = _unchanged(session, meeting)
        assert (meeting.location, meeting.minutes, meeting.version) == (
            "Socialkontoret, rum 3",
            None,
            1,
        )

    def test_minutes_of_a_held_meeting_can_be_completed(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = _started(session, world, status=MeetingStatus.held)

        response = coordinator.patch(
            _url(meeting), json={"minutes": "Uppföljning klar."}, headers={"If-Match": '"v1"'}
        )

        assert response.status_code == 200
        assert _unchanged(session, meeting).minutes == "Uppföljning klar."


class TestCancelAndHold:
    def test_cancel_is_a_new_calendar_revision(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])

        response = coordinator.post(_url(meeting, "/cancel"))
        again = coordinator.post(_url(meeting, "/cancel"))

        assert response.status_code == 200
        assert (response.json()["status"], response.json()["sequence"]) == ("cancelled", 1)
        assert again.status_code == 409
        assert problem_fields(again) == {"path.meeting_id"}
        assert _unchanged(session, meeting).sequence == 1

    def test_hold_with_minutes_and_attendance(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = _started(session, world)
        police = world.police_members["consented"]

        response = coordinator.post(
            _url(meeting, "/hold"),
            json={
                "minutes": "Planen följdes upp.",
                "attendance": [{"member_id": str(police.id), "status": "attended"}],
            },
        )

        assert response.status_code == 200, response.text
        assert response.json()["status"] == "held"
        assert attendance(session, meeting.id)[police.id] == "attended"
        assert _unchanged(session, meeting).minutes == "Planen följdes upp."

    def test_a_meeting_ahead_cannot_be_held(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])

        response = coordinator.post(_url(meeting, "/hold"), json={"minutes": "För tidigt."})

        assert response.status_code == 409
        assert problem_fields(response) == {"path.meeting_id"}
        meeting = _unchanged(session, meeting)
        assert (meeting.status, meeting.minutes) == (MeetingStatus.scheduled, None)

    def test_hold_with_a_stranger_writes_nothing(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        meeting = _started(session, world)
        stranger = world.police_members["no_consent"]  # a member of another case

        response = coordinator.post(
            _url(meeting, "/hold"),
            json={
                "minutes": "X",
                "attendance": [{"member_id": str(stranger.id), "status": "attended"}],
            },
        )

        assert response.status_code == 422
        assert problem_fields(response) == {"body.attendance.0.member_id"}
        meeting = _unchanged(session, meeting)
        assert (meeting.status, meeting.minutes) == (MeetingStatus.scheduled, None)


class TestAttendance:
    def test_set_attendance_creates_and_updates_rows(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        case = world.cases["consented"]
        meeting = _started(session, world)
        late = f.add_member(session, case, world.users["coordinator"])  # joined after invites
        police = world.police_members["consented"]

        response = coordinator.post(
            _url(meeting, "/attendance"),
            json=[
                {"member_id": str(police.id), "status": "absent"},
                {"member_id": str(late.id), "status": "attended"},
            ],
        )

        assert response.status_code == 200, response.text
        assert response.headers["ETag"] == '"v2"'  # attendance is part of the meeting
        rows = attendance(session, meeting.id)
        assert (rows[police.id], rows[late.id]) == ("absent", "attended")

    @pytest.mark.parametrize(
        ("entries", "field", "rule"),
        [
            (lambda w: [w.police_members["no_consent"].id], "body.0.member_id", "not_a_member"),
            (
                lambda w: [w.police_members["consented"].id] * 2,
                "body.1.member_id",
                "duplicate",
            ),
        ],
    )
    def test_members_must_be_of_this_case_and_named_once(
        self,
        *,
        entries: Callable[[World], list[Any]],
        field: str,
        rule: str,
        world: World,
        session: Session,
        coordinator: TestClient,
    ) -> None:
        meeting = _started(session, world)
        before = attendance(session, meeting.id)
        body = [{"member_id": str(m), "status": "attended"} for m in entries(world)]

        response = coordinator.post(_url(meeting, "/attendance"), json=body)

        assert response.status_code == 422
        assert {(e["field"], e["rule"]) for e in response.json()["errors"]} == {(field, rule)}
        assert attendance(session, meeting.id) == before

    @pytest.mark.parametrize(
        ("status", "starts_in", "attendance_status"),
        [
            (MeetingStatus.scheduled, timedelta(days=1), "attended"),  # not started yet
            (MeetingStatus.cancelled, -timedelta(hours=1), "invited"),
        ],
    )
    def test_attendance_needs_a_meeting_that_took_place(
        self,
        *,
        status: MeetingStatus,
        starts_in: timedelta,
        attendance_status: str,
        world: World,
        session: Session,
        coordinator: TestClient,
    ) -> None:
        case = world.cases["consented"]
        meeting = f.make_meeting(
            session, case, starts_at=datetime.now(UTC) + starts_in, status=status
        )
        police = world.police_members["consented"]
        before = attendance(session, meeting.id)

        response = coordinator.post(
            _url(meeting, "/attendance"),
            json=[{"member_id": str(police.id), "status": attendance_status}],
        )

        assert response.status_code == 409
        assert problem_fields(response) == {"body.0.status"}
        assert attendance(session, meeting.id) == before

    def test_an_empty_list_is_refused(
        self, world: World, session: Session, coordinator: TestClient
    ) -> None:
        response = coordinator.post(_url(_started(session, world), "/attendance"), json=[])
        assert response.status_code == 422
        assert problem_fields(response) == {"body"}

"""The single meeting's .ics: both parsers read it, the zone is Stockholm's, the UID is stable
and the SEQUENCE grows with every change; METHOD only for e-mailed invitations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.meetings.calendar import meeting_ics
from api.models import IntegrationClient, Meeting, Person, User
from api.models.enums import IdentityKind, MeetingStatus
from tests import factories as f
from tests.calendar.support import STOCKHOLM, parse_both, sequence
from tests.meetings.support import times
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]


def _ics(client: TestClient, meeting: Meeting) -> bytes:
    response = client.get(f"/api/v1/cases/{meeting.case_id}/meetings/{meeting.id}.ics")
    assert response.status_code == 200, response.text
    return bytes(response.content)


class TestSingleMeeting:
    def test_both_parsers_read_it_in_stockholm_time(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        # A summer-time meeting: 08:00 UTC is 10:00 in Stockholm.
        meeting = f.make_meeting(
            session, world.cases["consented"], starts_at=datetime(2031, 6, 2, 8, tzinfo=UTC)
        )

        parsed = parse_both(_ics(client_as(world.users["professional"]), meeting))

        event = parsed.event(f"{meeting.id}@samverka")
        assert event["DTSTART"].params["TZID"] == STOCKHOLM
        assert isinstance(event.start, datetime)
        assert event.start.hour == 10
        assert "DTSTART;TZID=Europe/Stockholm:20310602T100000" in parsed.text
        assert [tz.tz_name for tz in parsed.icalendar.timezones] == [STOCKHOLM]
        assert parsed.vobject.vtimezone.tzid.value == STOCKHOLM
        assert "METHOD" not in parsed.icalendar

    def test_uid_stays_and_sequence_grows_through_reschedule_and_cancel(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])
        uid = f"{meeting.id}@samverka"
        coordinator = client_as(world.users["coordinator"])
        url = f"/api/v1/cases/{meeting.case_id}/meetings/{meeting.id}"
        before = parse_both(_ics(coordinator, meeting)).event(uid)

        moved = coordinator.patch(url, json=times(days_ahead=9), headers={"If-Match": '"v1"'})
        assert moved.status_code == 200, moved.text
        after_move = parse_both(_ics(coordinator, meeting)).event(uid)
        assert coordinator.post(f"{url}/cancel").status_code == 200
        after_cancel = parse_both(_ics(coordinator, meeting)).event(uid)

        sequences = [sequence(e) for e in (before, after_move, after_cancel)]
        assert sequences == sorted(set(sequences)), sequences  # strictly increasing
        assert after_move.start != before.start
        assert [str(e["STATUS"]) for e in (after_move, after_cancel)] == ["CONFIRMED", "CANCELLED"]

    def test_no_name_personnummer_or_minutes(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        person = session.get_one(Person, case.young_person_id)
        person.identity_kind = IdentityKind.personnummer
        person.personal_number = "200803142389"
        session.flush()
        meeting = f.make_meeting(session, case, minutes="Pratade om skolan")

        text = parse_both(_ics(client_as(world.users["case_officer"]), meeting)).text

        assert case.reference in text
        for private in (person.given_name, person.family_name, "200803142389", "Pratade"):
            assert private not in text


class TestInvitationMethod:
    @pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
    def test_method_only_when_asked(self, method: str, world: World, session: Session) -> None:
        case = world.cases["consented"]
        status = MeetingStatus.cancelled if method == "CANCEL" else MeetingStatus.scheduled
        meeting = f.make_meeting(session, case, status=status)

        plain = parse_both(meeting_ics(case, meeting))
        invitation = parse_both(meeting_ics(case, meeting, method=method))

        assert "METHOD" not in plain.icalendar
        assert str(invitation.icalendar["METHOD"]) == method
        assert invitation.vobject.method.value == method
        expected = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
        assert str(invitation.events()[0]["STATUS"]) == expected
        assert invitation.uids() == plain.uids()

    def test_an_unknown_method_is_refused(self, world: World, session: Session) -> None:
        case = world.cases["consented"]
        meeting = f.make_meeting(session, case, starts_at=datetime.now(UTC) + timedelta(days=2))
        with pytest.raises(ValueError, match="PUBLISH"):
            meeting_ics(case, meeting, method="PUBLISH")

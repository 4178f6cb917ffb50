"""Reading meetings: minutes follow the consent, and the calendar file leaks no name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from api.models import IntegrationClient, Person, User
from api.models.enums import MeetingStatus
from tests import factories as f
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]
MINUTES = "Den unge berättade om skolan (syntetisk testtext)."


class TestMinutes:
    def test_social_services_read_the_minutes(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        meeting = f.make_meeting(session, case, minutes=MINUTES)

        response = client_as(world.users["case_officer"]).get(
            f"/api/v1/cases/{case.id}/meetings/{meeting.id}"
        )

        assert response.status_code == 200
        assert response.headers["ETag"] == '"v1"'
        body = response.json()
        assert (body["minutes"], body["minutes_visible"]) == (MINUTES, True)
        assert len(body["attendance"]) == 2  # the police officer and the school

    @pytest.mark.parametrize("role", ["professional", "integration"])
    def test_without_social_services_in_the_consent_the_minutes_stay_hidden(
        self, role: str, *, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]  # the consent covers police and school only
        meeting = f.make_meeting(session, case, minutes=MINUTES)
        who = world.police_client if role == "integration" else world.users[role]
        assert who is not None

        response = client_as(who).get(f"/api/v1/cases/{case.id}/meetings/{meeting.id}")

        assert response.status_code == 200
        body = response.json()
        assert (body["minutes"], body["minutes_visible"]) == (None, False)
        assert MINUTES not in response.text
        assert body["starts_at"]
        assert body["location"] == "Socialkontoret, rum 3"
        assert body["attendance"]

    def test_a_consent_covering_social_services_shows_them(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        f.make_consent(
            session,
            case,
            organizations=[world.police],
            categories=["social_services"],
            collected_by=world.users["case_officer"],
        )
        meeting = f.make_meeting(session, case, minutes=MINUTES)

        response = client_as(world.users["professional"]).get(
            f"/api/v1/cases/{case.id}/meetings/{meeting.id}"
        )

        assert response.json()["minutes"] == MINUTES

    def test_a_meeting_of_another_case_is_not_found(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        other = f.make_meeting(session, world.cases["no_consent"])
        case = world.cases["consented"]

        response = client_as(world.users["professional"]).get(
            f"/api/v1/cases/{case.id}/meetings/{other.id}"
        )

        assert response.status_code == 404
        assert response.json()["type"].endswith("/not-found")
        assert world.cases["no_consent"].reference not in response.text


class TestCalendar:
    def _ics(self, client: TestClient, case_id: object, meeting_id: object) -> Calendar:
        response = client.get(f"/api/v1/cases/{case_id}/meetings/{meeting_id}.ics")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/calendar")
        assert response.headers["cache-control"] == "no-store"
        return Calendar.from_ical(response.content)

    def test_the_event_names_the_reference_and_never_the_person(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        meeting = f.make_meeting(session, case, minutes=MINUTES)
        person = session.get_one(Person, case.young_person_id)

        calendar = self._ics(client_as(world.users["professional"]), case.id, meeting.id)

        [event] = calendar.walk("VEVENT")
        assert isinstance(event, Event)
        assert str(event["UID"]) == f"{meeting.id}@samverka"
        assert case.reference in str(event["SUMMARY"])
        assert str(event["LOCATION"]) == "Socialkontoret, rum 3"
        assert event["SEQUENCE"] == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.start == meeting.starts_at.replace(microsecond=0)  # iCalendar: seconds
        assert event.end == meeting.ends_at.replace(microsecond=0)
        assert isinstance(event.start, datetime)
        assert str(event.start.tzinfo) == "Europe/Stockholm"
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Stockholm"]
        text = calendar.to_ical().decode()
        for private in (person.given_name, person.family_name, MINUTES, str(person.id)):
            assert private not in text

    def test_reschedule_and_cancel_reach_the_calendar(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        meeting = f.make_meeting(session, case)
        coordinator = client_as(world.users["coordinator"])
        url = f"/api/v1/cases/{case.id}/meetings/{meeting.id}"

        coordinator.patch(url, json={"location": "Skolan"}, headers={"If-Match": '"v1"'})
        [moved] = self._ics(coordinator, case.id, meeting.id).walk("VEVENT")
        coordinator.post(f"{url}/cancel")
        [cancelled] = self._ics(coordinator, case.id, meeting.id).walk("VEVENT")

        assert (moved["SEQUENCE"], str(moved["LOCATION"])) == (1, "Skolan")
        assert (cancelled["SEQUENCE"], str(cancelled["STATUS"])) == (2, "CANCELLED")
        assert str(moved["UID"]) == str(cancelled["UID"])

    def test_no_calendar_for_a_case_without_consent(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["no_consent"]
        meeting = f.make_meeting(session, case, status=MeetingStatus.scheduled)

        response = client_as(world.users["professional"]).get(
            f"/api/v1/cases/{case.id}/meetings/{meeting.id}.ics"
        )

        assert response.status_code == 404
        assert case.reference not in response.text

    def test_the_calendar_file_is_read_only(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        """Not the 422 of ``/{meeting_id}``, whose path would otherwise take "<id>.ics"."""
        meeting = f.make_meeting(session, world.cases["consented"])
        client = client_as(world.users["coordinator"])
        url = f"/api/v1/cases/{meeting.case_id}/meetings/{meeting.id}.ics"

        answers = {m: client.request(m, url, json={}) for m in ("PATCH", "POST", "PUT", "DELETE")}

        assert {m: r.status_code for m, r in answers.items()} == dict.fromkeys(answers, 405)
        assert {r.headers["allow"] for r in answers.values()} == {"GET"}
        assert answers["PATCH"].headers["content-type"] == "application/problem+json"

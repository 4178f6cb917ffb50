"""The personal feed: my meetings of the cases I may read *now*, as both parsers read them,
with nothing about the young person but the case reference, and every fetch in the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.calendar import service
from api.calendar.service import FEED_NAME
from api.models import AuditEvent, IntegrationClient, Meeting, Person, User
from api.models.enums import IdentityKind, MeetingStatus
from tests import factories as f
from tests.audit.support import listed_cases
from tests.calendar.support import STOCKHOLM, create_feed, fetch_feed, sequence
from tests.meetings.support import times
from tests.world import SITUATIONS, World

Client = Callable[[User | IntegrationClient], TestClient]
NOW = datetime.now(UTC)


def _uid(meeting: Meeting) -> str:
    return f"{meeting.id}@samverka"


class TestContent:
    def test_both_parsers_read_it_and_no_person_is_named(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        case = world.cases["consented"]
        person = session.get_one(Person, case.young_person_id)
        person.identity_kind = IdentityKind.personnummer
        person.personal_number = "200803142389"
        first = f.make_meeting(session, case, minutes="Pratade om skolan")
        second = f.make_meeting(session, world.cases["no_consent"], location=None)
        path = create_feed(client_as(world.users["case_officer"]))

        response = api.get(path)
        feed = fetch_feed(api, path)

        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert str(feed.icalendar["X-WR-CALNAME"]) == FEED_NAME
        assert feed.vobject.x_wr_calname.value == FEED_NAME
        assert "METHOD" not in feed.icalendar
        assert feed.uids() == {_uid(first), _uid(second)}
        assert str(feed.event(_uid(first))["SUMMARY"]) == f"Nätverksmöte {case.reference}"
        for private in (person.given_name, person.family_name, "200803142389", "Pratade"):
            assert private not in feed.text

    def test_one_zone_covers_winter_and_summer_meetings(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        case = world.cases["consented"]
        year = NOW.year + 1
        winter = f.make_meeting(session, case, starts_at=datetime(year, 1, 15, 8, tzinfo=UTC))
        summer = f.make_meeting(session, case, starts_at=datetime(year, 7, 15, 8, tzinfo=UTC))
        in_window = [m for m in (winter, summer) if m.starts_at < NOW + timedelta(days=365)]
        path = create_feed(client_as(world.users["coordinator"]))

        feed = fetch_feed(api, path)

        assert [tz.tz_name for tz in feed.icalendar.timezones] == [STOCKHOLM]
        assert feed.text.count("BEGIN:VTIMEZONE") == 1
        hours = {winter.id: 9, summer.id: 10}  # CET and CEST
        for meeting in in_window:
            event = feed.event(_uid(meeting))
            assert event["DTSTART"].params["TZID"] == STOCKHOLM
            assert isinstance(event.start, datetime)
            assert event.start.hour == hours[meeting.id]
            vevent = next(v for v in feed.vobject.vevent_list if v.uid.value == _uid(meeting))
            assert vevent.dtstart.value.hour == hours[meeting.id]

    def test_reschedule_and_cancel_update_the_same_event(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        meeting = f.make_meeting(session, world.cases["consented"])
        coordinator = client_as(world.users["coordinator"])
        path = create_feed(coordinator)
        url = f"/api/v1/cases/{meeting.case_id}/meetings/{meeting.id}"
        before = fetch_feed(api, path).event(_uid(meeting))

        coordinator.patch(url, json=times(days_ahead=5), headers={"If-Match": '"v1"'})
        moved = fetch_feed(api, path).event(_uid(meeting))
        coordinator.post(f"{url}/cancel")
        cancelled = fetch_feed(api, path).event(_uid(meeting))

        assert sequence(before) < sequence(moved) < sequence(cancelled)
        assert moved.start != before.start
        assert str(moved["STATUS"]) == "CONFIRMED"
        assert str(cancelled["STATUS"]) == "CANCELLED"

    def test_a_month_back_to_a_year_ahead_in_every_state(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        case = world.cases["consented"]
        held = f.make_meeting(
            session, case, starts_at=NOW - timedelta(days=2), status=MeetingStatus.held
        )
        cancelled = f.make_meeting(session, case, status=MeetingStatus.cancelled)
        f.make_meeting(session, case, starts_at=NOW - timedelta(days=40))
        f.make_meeting(session, case, starts_at=NOW + timedelta(days=400))
        path = create_feed(client_as(world.users["coordinator"]))

        feed = fetch_feed(api, path)

        assert feed.uids() == {_uid(held), _uid(cancelled)}
        assert str(feed.event(_uid(cancelled))["STATUS"]) == "CANCELLED"

    def test_the_number_of_events_is_bounded(
        self,
        world: World,
        session: Session,
        client_as: Client,
        api: TestClient,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(service, "FEED_MAX_EVENTS", 2)
        case = world.cases["consented"]
        soon = [f.make_meeting(session, case, starts_at=NOW + timedelta(days=d)) for d in (1, 2)]
        f.make_meeting(session, case, starts_at=NOW + timedelta(days=3))
        path = create_feed(client_as(world.users["coordinator"]))

        assert fetch_feed(api, path).uids() == {_uid(m) for m in soon}

    def test_an_empty_feed_is_still_a_calendar(
        self, world: World, client_as: Client, api: TestClient
    ) -> None:
        path = create_feed(client_as(world.users["auditor"]))

        feed = fetch_feed(api, path)

        assert feed.events() == []
        assert [tz.tz_name for tz in feed.icalendar.timezones] == [STOCKHOLM]


class TestAccess:
    @pytest.mark.parametrize(
        ("role", "visible"),
        [
            ("professional", {"consented"}),
            ("case_officer", set(SITUATIONS) - {"other_unit"}),
            ("other_case_officer", {"other_unit"}),
            ("unit_manager", set()),  # reads every case of the unit, but none is "mine"
            ("admin", set()),
        ],
    )
    def test_only_my_meetings_of_cases_i_may_read(
        self,
        role: str,
        visible: set[str],
        *,
        world: World,
        session: Session,
        client_as: Client,
        api: TestClient,
    ) -> None:
        meetings = {s: f.make_meeting(session, world.cases[s]) for s in SITUATIONS}
        path = create_feed(client_as(world.users[role]))

        feed = fetch_feed(api, path)

        assert feed.uids() == {_uid(meetings[s]) for s in visible}
        for situation in set(SITUATIONS) - visible:
            assert world.cases[situation].reference not in feed.text

    def test_a_withdrawn_consent_removes_the_meeting_on_the_next_fetch(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        case, consent = world.cases["consented"], world.consents["consented"]
        meeting = f.make_meeting(session, case)
        path = create_feed(client_as(world.users["professional"]))
        assert fetch_feed(api, path).uids() == {_uid(meeting)}

        withdrawn = client_as(world.users["case_officer"]).post(
            f"/api/v1/cases/{case.id}/consents/{consent.id}/withdraw",
            json={"withdrawn_by_person_id": str(case.young_person_id), "reason": "Vill inte"},
        )

        assert withdrawn.status_code == 200, withdrawn.text
        feed = fetch_feed(api, path)
        assert feed.uids() == set()
        assert case.reference not in feed.text

    def test_a_deactivated_user_has_no_feed(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        user = world.users["coordinator"]
        path = create_feed(client_as(user))
        user.is_active = False
        session.flush()

        assert api.get(path).status_code == 404

    def test_logging_out_everywhere_ends_the_feed(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        user = world.users["coordinator"]
        path = create_feed(client_as(user))
        assert api.get(path).status_code == 200
        # Just after the feed was made: its creation counts as the issue of a token.
        user.tokens_valid_after = datetime.now(UTC)
        session.flush()

        assert api.get(path).status_code == 404

    def test_every_case_revealed_is_in_the_access_log(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        user = world.users["professional"]
        case = world.cases["consented"]
        f.make_meeting(session, case)
        f.make_meeting(session, case, starts_at=NOW + timedelta(days=3))
        f.make_meeting(session, world.cases["no_consent"])
        path = create_feed(client_as(user))

        fetch_feed(api, path)

        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "calendar:feed")
        ).all()
        assert [(e.actor_user_id, e.channel) for e in events] == [(user.id, "calendar")]
        assert listed_cases(session, "calendar:feed", user.id) == [
            [(case.id, "consent", world.consents["consented"].id)]
        ]

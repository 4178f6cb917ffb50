"""Helpers of the calendar tests: every .ics is read by two independent parsers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import vobject  # type: ignore[import-untyped]  # no stubs published
from fastapi.testclient import TestClient
from icalendar import Calendar, Event

FEED = "/api/v1/me/calendar-feed"
STOCKHOLM = "Europe/Stockholm"


@dataclass
class Parsed:
    """One calendar as icalendar and as vobject read it."""

    text: str
    icalendar: Calendar
    vobject: Any

    def events(self) -> list[Event]:
        return [e for e in self.icalendar.walk("VEVENT") if isinstance(e, Event)]

    def event(self, uid: str) -> Event:
        [found] = [e for e in self.events() if str(e["UID"]) == uid]
        return found

    def uids(self) -> set[str]:
        return {str(e["UID"]) for e in self.events()}


def sequence(event: Event) -> int:
    return int(str(event["SEQUENCE"]))


def parse_both(body: bytes) -> Parsed:
    """Both parsers must accept the calendar and agree on its events."""
    text = body.decode("utf-8")
    ical = Calendar.from_ical(body)
    [vcal] = list(vobject.readComponents(text, validate=True))
    assert vobject.readOne(text).name == "VCALENDAR"
    by_vobject = {
        e.uid.value: (e.sequence.value, e.status.value) for e in vcal.contents.get("vevent", [])
    }
    by_icalendar = {
        str(e["UID"]): (str(e["SEQUENCE"]), str(e["STATUS"])) for e in ical.walk("VEVENT")
    }
    assert by_vobject == by_icalendar
    for vevent in vcal.contents.get("vevent", []):
        assert vevent.dtstart.value.tzinfo is not None
        assert vevent.dtstart.params.get("X-VOBJ-ORIGINAL-TZID") == [STOCKHOLM]
    return Parsed(text, ical, vcal)


def create_feed(client: TestClient) -> str:
    """A new feed address for the client's user; returns the path to fetch it."""
    response = client.post(FEED)
    assert response.status_code == 201, response.text
    return urlsplit(str(response.json()["url"])).path


def fetch_feed(api: TestClient, path: str) -> Parsed:
    response = api.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return parse_both(response.content)

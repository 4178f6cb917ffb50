"""A meeting as an iCalendar invitation (RFC 5545), for the members' own calendars.

Calendars are synchronised to phones and shared mailboxes, so the event names the case by
its reference only: never the young person's name, and never the minutes.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from api import clock
from api.models import Case, Meeting
from api.models.enums import MeetingKind, MeetingStatus

UID_DOMAIN = "samverka"
KIND_SV = {
    MeetingKind.network: "Nätverksmöte",
    MeetingKind.intake: "Inskrivningsmöte",
    MeetingKind.extra: "Extra nätverksmöte",
    MeetingKind.preparation: "Beredningsmöte",
}


def meeting_uid(meeting: Meeting) -> str:
    """Stable across reschedules, so a calendar updates the event instead of adding one."""
    return f"{meeting.id}@{UID_DOMAIN}"


def meeting_ics(case: Case, meeting: Meeting) -> bytes:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", clock.now())
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(clock.STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(clock.STOCKHOLM))
    event.add("summary", f"{KIND_SV[meeting.kind]} {case.reference}")
    if meeting.location:
        event.add("location", meeting.location)
    cancelled = meeting.status is MeetingStatus.cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")

    calendar = Calendar()
    calendar.add("prodid", "-//Samverka//Sociala insatsgrupper//SV")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    # The zone's rules around the meeting, so every client places it at Swedish local time.
    day = timedelta(days=366)
    calendar.add_missing_timezones(
        first_date=meeting.starts_at.date() - day, last_date=meeting.ends_at.date() + day
    )
    return bytes(calendar.to_ical())

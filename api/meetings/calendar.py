"""Meetings as iCalendar (RFC 5545), for the members' own calendars.

Calendars are synchronised to phones and shared mailboxes, so the event names the case by
its reference only: never the young person's name, and never the minutes. The single-meeting
download, the e-mail invitation (RFC 5546 `METHOD`) and the personal feed all build their
events with `meeting_event`, so a client that sees the same meeting through two of them
recognises one event (same UID) and keeps the newest version (highest SEQUENCE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone

from api import clock
from api.models import Case, Meeting
from api.models.enums import MeetingKind, MeetingStatus

UID_DOMAIN = "samverka"
STOCKHOLM_TZID = clock.STOCKHOLM.key
PRODID = "-//Samverka//Sociala insatsgrupper//SV"
METHODS = frozenset({"REQUEST", "CANCEL"})
KIND_SV = {
    MeetingKind.network: "Nätverksmöte",
    MeetingKind.intake: "Inskrivningsmöte",
    MeetingKind.extra: "Extra nätverksmöte",
    MeetingKind.preparation: "Beredningsmöte",
}
# The zone's rules a year either side, so a client places every event at Swedish local time
# even when it was created before or after a change between summer and winter time.
_ZONE_MARGIN = timedelta(days=366)
_REFRESH = timedelta(hours=1)


def meeting_uid(meeting: Meeting) -> str:
    """Stable across reschedules, so a calendar updates the event instead of adding one."""
    return f"{meeting.id}@{UID_DOMAIN}"


@dataclass(frozen=True, slots=True)
class Invitation:
    """An e-mailed iTIP message (RFC 5546): REQUEST or CANCEL needs its ORGANIZER, and names
    the ATTENDEE it is sent to, or mail clients show a plain attachment, not an invitation."""

    method: str
    organizer: str  # an e-mail address
    attendee: str

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unsupported iTIP method {self.method!r}")


def meeting_event(
    case_reference: str,
    meeting: Meeting,
    *,
    stamp: datetime,
    invitation: Invitation | None = None,
) -> Event:
    """One VEVENT; the caller passes only the case reference, so no name can slip in."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(clock.STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(clock.STOCKHOLM))
    event.add("summary", f"{KIND_SV[meeting.kind]} {case_reference}")
    if meeting.location:
        event.add("location", meeting.location)
    cancelled = meeting.status is MeetingStatus.cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if invitation is not None:
        event.add("organizer", f"mailto:{invitation.organizer}")
        event.add(
            "attendee",
            f"mailto:{invitation.attendee}",
            parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"},
        )
    return event


def build_calendar(
    events: Sequence[tuple[str, Meeting]],
    *,
    method: str | None = None,
    name: str | None = None,
    invitation: Invitation | None = None,
) -> Calendar:
    """A VCALENDAR of (case reference, meeting) pairs with one VTIMEZONE covering them all."""
    method = invitation.method if invitation is not None else method
    if method is not None and method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method is not None:
        calendar.add("method", method)
    if name is not None:
        calendar.add("x-wr-calname", name)
    stamp = clock.now()
    for reference, meeting in events:
        calendar.add_component(
            meeting_event(reference, meeting, stamp=stamp, invitation=invitation)
        )
    if not events:
        # RFC 5545 wants at least one component; an empty feed still carries the zone.
        today = stamp.date()
        calendar.add_component(
            Timezone.from_tzid(
                STOCKHOLM_TZID, first_date=today - _ZONE_MARGIN, last_date=today + _ZONE_MARGIN
            )
        )
        return calendar
    first = min(meeting.starts_at for _, meeting in events)
    last = max(meeting.ends_at for _, meeting in events)
    calendar.add_missing_timezones(
        first_date=first.date() - _ZONE_MARGIN, last_date=last.date() + _ZONE_MARGIN
    )
    return calendar


def meeting_ics(
    case: Case,
    meeting: Meeting,
    *,
    method: str | None = None,
    invitation: Invitation | None = None,
) -> bytes:
    """The single meeting; `method` ("REQUEST"/"CANCEL") or a whole `invitation` only for
    e-mailed invitations."""
    calendar = build_calendar([(case.reference, meeting)], method=method, invitation=invitation)
    return bytes(calendar.to_ical())


def feed_ics(events: Sequence[tuple[str, Meeting]], *, name: str) -> bytes:
    """A subscribed calendar (no METHOD: RFC 5546 is for invitations, not for feeds).

    The refresh hint asks apps to fetch hourly, so a withdrawn consent or a cancellation
    reaches the phone within the hour rather than at the app's own (often daily) pace.
    """
    feed = build_calendar(events, name=name)
    feed.add("refresh-interval", _REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT1H")  # the same hint, in the older Apple/Outlook form
    return bytes(feed.to_ical())

"""What a delivered mail says, read back from the SMTP sink: a notice, a reference, a time
and a link; never a name, a personnummer, the minutes, plan texts or the place."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session, sessionmaker

from api.config import Settings
from api.meetings.calendar import meeting_uid
from api.models import Person
from api.models.enums import EventType, MeetingStatus, PlanStatus
from api.notifications.service import queue_mail, send_due
from tests import factories as f
from tests.notifications.support import (
    LOCATION,
    MEETING_START_SV,
    MINUTES,
    PERSONNUMMER,
    PUBLIC_URL,
    Group,
    Received,
    Sink,
    add_event,
    received,
)
from tests.world import World

MEETING_NOTICES = [
    (EventType.meeting_scheduled, "Kallelse till nätverksmöte", "REQUEST"),
    (EventType.meeting_changed, "Ändrad tid för nätverksmöte", "REQUEST"),
    (EventType.meeting_cancelled, "Inställt nätverksmöte", "CANCEL"),
]


def assert_discloses_nothing(session: Session, group: Group, mail: Received) -> None:
    young = session.get_one(Person, group.case.young_person_id)
    people = (group.police, group.case_officer, group.coordinator, group.school)
    for secret in (young.given_name, young.family_name, PERSONNUMMER, MINUTES):
        assert secret not in mail.raw
    for user in people:
        assert user.display_name not in mail.raw
    assert LOCATION not in mail.body


def deliver(
    *,
    session: Session,
    sessions: sessionmaker[Session],
    settings: Settings,
    sink: Sink,
    event_type: EventType,
    subject_id: uuid.UUID,
    group: Group,
    **data: object,
) -> list[Received]:
    event = add_event(session, event_type, group.case, subject_id, **data)
    assert queue_mail(session, event, settings) == 3
    assert send_due(sessions, settings) == 3
    mails = received(sink)
    assert len(mails) == 3
    return mails


class TestMeetingMail:
    @pytest.mark.parametrize(("event_type", "title", "method"), MEETING_NOTICES)
    def test_the_notice_links_to_the_meeting_and_carries_the_invitation(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
        event_type: EventType,
        title: str,
        method: str,
    ) -> None:
        if event_type is EventType.meeting_cancelled:
            group.meeting.status, group.meeting.sequence = MeetingStatus.cancelled, 1
            session.flush()
        mails = deliver(
            session=session,
            sessions=sessions,
            settings=mail_settings,
            sink=smtp_sink,
            event_type=event_type,
            subject_id=group.meeting.id,
            group=group,
            sequence=group.meeting.sequence,
            rescheduled=True,
        )

        link = f"{PUBLIC_URL}/cases/{group.case.id}/meetings/{group.meeting.id}"
        for mail in mails:
            assert mail.mail["Subject"] == f"{title} ({group.case.reference})"
            assert mail.mail["From"] == mail_settings.smtp_from
            assert mail.mail["To"] == mail.recipients[0]
            assert mail.mail["Message-ID"]
            for text in (title, group.case.reference, MEETING_START_SV, link):
                assert text in mail.body
            assert_discloses_nothing(session, group, mail)

            part, calendar = mail.calendar()
            assert part.get_content_type() == "text/calendar"
            assert part.get_param("method") == method
            assert part.get_filename() == "mote.ics"
            assert calendar["METHOD"] == method
            (vevent,) = calendar.walk("VEVENT")
            assert str(vevent["UID"]) == meeting_uid(group.meeting)
            assert vevent["SEQUENCE"] == group.meeting.sequence
            # RFC 5546: a REQUEST/CANCEL names its organizer and the attendee it goes to.
            assert str(vevent["ORGANIZER"]) == f"mailto:{mail_settings.smtp_from}"
            assert str(vevent["ATTENDEE"]) == f"mailto:{mail.recipients[0]}"

    def test_a_cancellation_cancels_the_calendar_event(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        group.meeting.status = MeetingStatus.cancelled
        session.flush()
        mails = deliver(
            session=session,
            sessions=sessions,
            settings=mail_settings,
            sink=smtp_sink,
            event_type=EventType.meeting_cancelled,
            subject_id=group.meeting.id,
            group=group,
            sequence=1,
            rescheduled=False,
        )

        _part, calendar = mails[0].calendar()
        (vevent,) = calendar.walk("VEVENT")
        assert (calendar["METHOD"], vevent["STATUS"]) == ("CANCEL", "CANCELLED")


class TestPlanMail:
    def test_the_notice_links_to_the_plan_without_its_items(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        world: World,
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        plan = f.make_plan(session, group.case, status=PlanStatus.published, number=2)
        item = f.make_plan_item(
            session, plan, world.police_members["consented"], text="Går till skolan varje dag"
        )
        mails = deliver(
            session=session,
            sessions=sessions,
            settings=mail_settings,
            sink=smtp_sink,
            event_type=EventType.plan_published,
            subject_id=plan.id,
            group=group,
            number=2,
        )

        for mail in mails:
            assert mail.mail["Subject"] == f"Ny version av handlingsplanen ({group.case.reference})"
            assert f"{PUBLIC_URL}/cases/{group.case.id}/plan" in mail.body
            assert group.case.reference in mail.body
            assert item.text not in mail.raw
            assert list(mail.mail.iter_attachments()) == []
            assert_discloses_nothing(session, group, mail)

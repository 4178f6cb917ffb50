"""Who is mailed for an event, and what happens to a mail the server refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from api.config import Settings
from api.models import OutboxEvent
from api.models.enums import EmailStatus, EventType
from api.notifications.service import NO_ACCESS, queue_mail, send_due
from tests.conftest import APPLICATION_LOG
from tests.notifications.support import (
    ADDRESS_DOMAIN,
    SMTP_LOGIN,
    SMTP_PASSWORD,
    Group,
    Sink,
    add_event,
    free_port,
    messages,
    settings_for,
)
from tests.world import World


def scheduled(session: Session, group: Group) -> OutboxEvent:
    return add_event(
        session,
        EventType.meeting_scheduled,
        group.case,
        group.meeting.id,
        sequence=0,
        rescheduled=False,
    )


class TestQueueMail:
    def test_meeting_scheduled_queues_members_who_may_read_the_case_and_its_staff(
        self, session: Session, group: Group, mail_settings: Settings
    ) -> None:
        event = scheduled(session, group)

        assert queue_mail(session, event, mail_settings) == 3

        queued = messages(session, event)
        # Not the BUP member (no consent names BUP), not the officer who left, not the
        # school member (no address).
        assert set(queued) == group.recipients
        assert {m.status for m in queued.values()} == {EmailStatus.pending}

    def test_a_second_call_queues_nobody_twice(
        self, session: Session, group: Group, mail_settings: Settings
    ) -> None:
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)

        assert queue_mail(session, event, mail_settings) == 0
        assert len(messages(session, event)) == 3

    def test_the_channel_is_off_without_smtp_host(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        mail_settings: Settings,
    ) -> None:
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)
        off = mail_settings.model_copy(update={"smtp_host": None})

        assert queue_mail(session, scheduled(session, group), off) == 0
        assert send_due(sessions, off) == 0
        assert {m.status for m in messages(session, event).values()} == {EmailStatus.pending}

    @pytest.mark.parametrize(("rescheduled", "expected"), [(False, 0), (True, 3)])
    def test_a_changed_meeting_is_mailed_only_when_time_or_place_moved(
        self,
        *,
        session: Session,
        group: Group,
        mail_settings: Settings,
        rescheduled: bool,
        expected: int,
    ) -> None:
        event = add_event(
            session,
            EventType.meeting_changed,
            group.case,
            group.meeting.id,
            sequence=1,
            rescheduled=rescheduled,
        )

        assert queue_mail(session, event, mail_settings) == expected

    def test_other_events_get_no_mail(
        self, session: Session, group: Group, mail_settings: Settings
    ) -> None:
        event = add_event(session, EventType.member_added, group.case, group.police.id)

        assert queue_mail(session, event, mail_settings) == 0

    def test_a_deactivated_user_is_no_recipient(
        self, session: Session, group: Group, mail_settings: Settings
    ) -> None:
        group.coordinator.is_active = False
        session.flush()
        event = scheduled(session, group)

        queue_mail(session, event, mail_settings)

        assert set(messages(session, event)) == group.recipients - {group.coordinator.id}


class TestSendDue:
    def test_sends_the_queued_mails_once(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)

        assert send_due(sessions, mail_settings) == 3
        assert send_due(sessions, mail_settings) == 0

        sent = messages(session, event)
        assert {m.status for m in sent.values()} == {EmailStatus.sent}
        assert all(m.sent_at is not None and m.attempts == 0 for m in sent.values())
        delivered = sorted(r for e in smtp_sink.handler.envelopes for r in e.rcpt_tos)
        assert delivered == sorted(
            str(u.email) for u in (group.police, group.case_officer, group.coordinator)
        )

    def test_a_withdrawn_consent_stops_the_mail_queued_before(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        world: World,
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)
        world.consents["consented"].withdrawn_at = datetime.now(UTC)
        session.flush()

        assert send_due(sessions, mail_settings) == 2

        police = messages(session, event)[group.police.id]
        assert police.status is EmailStatus.failed
        assert police.last_error == NO_ACCESS
        assert police.attempts == 0
        delivered = {r for e in smtp_sink.handler.envelopes for r in e.rcpt_tos}
        assert group.police.email not in delivered
        assert len(delivered) == 2

    def test_respects_the_limit(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        queue_mail(session, scheduled(session, group), mail_settings)

        assert send_due(sessions, mail_settings, limit=2) == 2
        assert send_due(sessions, mail_settings, limit=2) == 1


class TestLogin:
    def test_logs_in_when_a_username_is_set(
        self, session: Session, sessions: sessionmaker[Session], group: Group, auth_sink: Sink
    ) -> None:
        settings = settings_for(
            auth_sink.port, smtp_username=SMTP_LOGIN, smtp_password=SecretStr(SMTP_PASSWORD)
        )
        queue_mail(session, scheduled(session, group), settings)

        assert send_due(sessions, settings) == 3
        assert auth_sink.handler.logged_in == [True, True, True]

    def test_a_refused_login_keeps_only_the_reply_code(
        self, session: Session, sessions: sessionmaker[Session], group: Group, auth_sink: Sink
    ) -> None:
        settings = settings_for(
            auth_sink.port, smtp_username=SMTP_LOGIN, smtp_password=SecretStr("wrong")
        )
        event = scheduled(session, group)
        queue_mail(session, event, settings)

        assert send_due(sessions, settings) == 0

        errors = {m.last_error for m in messages(session, event).values()}
        assert errors == {"SMTPAuthenticationError 535"}
        assert auth_sink.handler.envelopes == []


class TestFailures:
    def test_an_unreachable_server_is_retried_later_then_given_up(
        self, session: Session, sessions: sessionmaker[Session], group: Group
    ) -> None:
        closed = settings_for(free_port(), smtp_max_attempts=2)
        event = scheduled(session, group)
        queue_mail(session, event, closed)
        first = datetime.now(UTC) + timedelta(seconds=1)

        assert send_due(sessions, closed, now=first) == 0

        police = messages(session, event)[group.police.id]
        assert (police.status, police.attempts) == (EmailStatus.pending, 1)
        assert police.last_error == "ConnectionRefusedError"
        assert police.next_attempt_at >= first + timedelta(seconds=30)
        assert send_due(sessions, closed, now=first) == 0  # not due again yet
        assert messages(session, event)[group.police.id].attempts == 1

        second = police.next_attempt_at + timedelta(hours=1)
        send_due(sessions, closed, now=second)

        police = messages(session, event)[group.police.id]
        assert (police.status, police.attempts) == (EmailStatus.failed, 2)

    def test_a_temporary_refusal_keeps_the_reply_code(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        smtp_sink.handler.data_reply = "451 4.3.0 Försök igen senare"
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)

        assert send_due(sessions, mail_settings) == 0

        failed = messages(session, event).values()
        assert {(m.status, m.attempts, m.last_error) for m in failed} == {
            (EmailStatus.pending, 1, "SMTPDataError 451")
        }

    def test_a_refused_address_is_neither_stored_nor_logged(
        self,
        *,
        session: Session,
        sessions: sessionmaker[Session],
        group: Group,
        smtp_sink: Sink,
        mail_settings: Settings,
    ) -> None:
        smtp_sink.handler.rcpt_reply = "550 5.1.1 <{address}>: mailbox unavailable"
        event = scheduled(session, group)
        queue_mail(session, event, mail_settings)
        log_start = len(APPLICATION_LOG.getvalue())

        send_due(sessions, mail_settings)

        police = messages(session, event)[group.police.id]
        assert police.last_error == "SMTPRecipientsRefused 550"
        logged = APPLICATION_LOG.getvalue()[log_start:]
        assert "email.attempt_failed" in logged
        assert ADDRESS_DOMAIN not in logged  # no recipient's address at all

"""Helpers of the notification tests: an SMTP handler, settings, events and parsed mails."""

from __future__ import annotations

import email
import email.policy
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage as Mail
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings, get_settings
from api.models import Case, EmailMessage, Meeting, OutboxEvent, User
from api.models.enums import EventType

PUBLIC_URL = "https://samverka.example"
ADDRESS_DOMAIN = "myndighet.example"
SMTP_LOGIN, SMTP_PASSWORD = "samverka", "relay-password-for-tests"
PERSONNUMMER = "200803142389"  # a Swedish test identity
MINUTES = "Protokoll: den unge berättade om sin situation hemma."
LOCATION = "Socialkontoret, rum 3"
MEETING_START = datetime(2030, 3, 12, 13, 0, tzinfo=UTC)  # 14:00 in Stockholm (CET)
MEETING_START_SV = "2030-03-12 14:00"


@dataclass
class SinkHandler:
    """Accepts every mail and keeps its envelope, unless told to refuse it."""

    envelopes: list[Envelope] = field(default_factory=list)
    logged_in: list[bool] = field(default_factory=list)  # per accepted mail
    data_reply: str = "250 OK"
    rcpt_reply: str | None = None  # e.g. a 550 quoting the address, as real servers do

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str, _: Any
    ) -> str:
        if self.rcpt_reply is not None:
            return self.rcpt_reply.format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: SmtpSession, envelope: Envelope
    ) -> str:
        if self.data_reply.startswith("250"):
            self.envelopes.append(envelope)
            self.logged_in.append(bool(session.authenticated))
        return self.data_reply


@dataclass
class Sink:
    handler: SinkHandler
    port: int


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def settings_for(port: int, **overrides: Any) -> Settings:
    """The channel switched on towards 127.0.0.1:port, plain SMTP (the sink has no TLS)."""
    update = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_starttls": False,
        "smtp_timeout_seconds": 5.0,
        "smtp_from": "samverka@kommun.example",
        "public_url": f"{PUBLIC_URL}/",
        **overrides,
    }
    return get_settings().model_copy(update=update)


def add_event(
    session: Session,
    event_type: EventType,
    case: Case,
    subject_id: uuid.UUID,
    **data: Any,
) -> OutboxEvent:
    """An outbox row as the lead's emitting code writes it (api/events/outbox.py)."""
    subject_type = "plan_version" if event_type is EventType.plan_published else "meeting"
    event = OutboxEvent(
        type=event_type,
        case_id=case.id,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data,
    )
    session.add(event)
    session.flush()
    return event


def messages(session: Session, event: OutboxEvent) -> dict[uuid.UUID, EmailMessage]:
    """The event's queued messages by user, as the worker's sessions left them."""
    session.expire_all()
    rows = session.scalars(select(EmailMessage).where(EmailMessage.event_id == event.id))
    return {row.user_id: row for row in rows}


@dataclass
class Group:
    """The consented case's group, with addresses: who must and must not be mailed."""

    case: Case
    meeting: Meeting
    police: User  # member, and the consent names the police
    case_officer: User
    coordinator: User
    unconsented: User  # member from BUP, which no consent names
    former: User  # a police officer who left the group
    school: User  # member under consent, but without an address

    @property
    def recipients(self) -> set[uuid.UUID]:
        return {self.police.id, self.case_officer.id, self.coordinator.id}


@dataclass
class Received:
    recipients: list[str]
    raw: str  # the whole mail, decoded: headers, body and attachment
    mail: Mail

    @property
    def body(self) -> str:
        part = self.mail.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    def calendar(self) -> tuple[Mail, Calendar]:
        (part,) = [p for p in self.mail.iter_attachments() if isinstance(p, Mail)]
        return part, Calendar.from_ical(part.get_content())


def received(sink: Sink) -> list[Received]:
    found = []
    for envelope in sink.handler.envelopes:
        content = envelope.content
        assert isinstance(content, bytes)
        mail = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(mail, Mail)
        parts = [str(mail["Subject"]), str(mail["To"])]
        parts += [str(p.get_content()) for p in mail.walk() if not p.is_multipart()]
        found.append(Received(list(envelope.rcpt_tos), "\n".join(parts), mail))
    return found

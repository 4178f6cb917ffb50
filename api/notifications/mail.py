"""Compose one notification mail, and hand it to the SMTP server.

E-mail is copied to phones, shared mailboxes and the provider's servers, beyond the
municipality's control, so a mail carries only the kind of notice, the case reference (never a
name), the meeting's time and a link into Samverka, where the reader logs in and the access
policy decides what they see. No names, personnummer, minutes, plan texts or place appear in
the text; the attached invitation carries the place, as the calendar export does already
(api/meetings/calendar.py).
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import format_datetime

from api import clock
from api.config import ConfigurationError, Settings
from api.meetings.calendar import KIND_SV, Invitation, meeting_ics
from api.models import Case, Meeting
from api.models.enums import EventType

# The notice's title (with the meeting kind) and the iTIP method of its invitation (RFC 5546).
MEETING_NOTICES = {
    EventType.meeting_scheduled: ("Kallelse till {kind}", "REQUEST"),
    EventType.meeting_changed: ("Ändrad tid för {kind}", "REQUEST"),
    EventType.meeting_cancelled: ("Inställt {kind}", "CANCEL"),
}
PLAN_NOTICE = "Ny version av handlingsplanen"
ICS_FILENAME = "mote.ics"
FOOTER = (
    "Det här är ett automatiskt meddelande från Samverka. Av sekretesskäl står inga uppgifter "
    "om den unge eller om ärendets innehåll i e-post: logga in för att läsa mer."
)


def _base_url(settings: Settings) -> str:
    return settings.public_url.rstrip("/")


def _mail(
    title: str, case: Case, lines: list[str], *, to: str, message_id: uuid.UUID, settings: Settings
) -> EmailMessage:
    """The envelope and the plain-text body shared by every notice; the subject names the
    case by its reference, for members of several groups.

    The Message-ID comes from the queued message's id, so a retry of a mail whose
    acknowledgement was lost reaches the recipient as the same message.
    """
    domain = settings.smtp_from.rpartition("@")[2] or "samverka"
    mail = EmailMessage()
    mail["Subject"] = f"{title} ({case.reference})"
    mail["From"] = settings.smtp_from
    mail["To"] = to
    mail["Date"] = format_datetime(clock.now())
    mail["Message-ID"] = f"<{message_id}@{domain}>"
    body = "\n".join([title, "", f"Ärende: {case.reference}", *lines, "", FOOTER, ""])
    mail.set_content(body, cte="quoted-printable")  # 7-bit safe for any relay
    return mail


def meeting_mail(
    event_type: EventType,
    case: Case,
    meeting: Meeting,
    *,
    to: str,
    message_id: uuid.UUID,
    settings: Settings,
) -> EmailMessage:
    """An invitation, a moved meeting or a cancellation, with the invitation as ``mote.ics``:
    its stable UID and SEQUENCE let the calendar update or remove the event it has."""
    template, method = MEETING_NOTICES[event_type]
    title = template.format(kind=KIND_SV[meeting.kind].lower())
    when = meeting.starts_at.astimezone(clock.STOCKHOLM).strftime("%Y-%m-%d %H:%M")
    link = f"{_base_url(settings)}/cases/{case.id}/meetings/{meeting.id}"
    lines = [f"Tid: {when} (svensk tid)", "", "Mötet i Samverka:", link]
    mail = _mail(title, case, lines, to=to, message_id=message_id, settings=settings)
    mail.add_attachment(
        meeting_ics(
            case, meeting, invitation=Invitation(method, organizer=settings.smtp_from, attendee=to)
        ),
        maintype="text",
        subtype="calendar",
        filename=ICS_FILENAME,
        params={"method": method, "charset": "utf-8"},
    )
    return mail


def plan_mail(case: Case, *, to: str, message_id: uuid.UUID, settings: Settings) -> EmailMessage:
    """A new action plan was published; its items are read in Samverka only."""
    link = f"{_base_url(settings)}/cases/{case.id}/plan"
    lines = ["", "Handlingsplanen i Samverka:", link]
    return _mail(PLAN_NOTICE, case, lines, to=to, message_id=message_id, settings=settings)


def failure_reason(exc: Exception) -> str:
    """What is kept of a failed attempt: the exception class and the SMTP reply code.

    Reply texts and OS errors may quote the address ("<x@y>: mailbox unavailable"), so their
    text is never stored or logged.
    """
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code = min(reply_code for reply_code, _text in exc.recipients.values())
    name = type(exc).__name__
    return f"{name} {code}" if isinstance(code, int) else name


def deliver(mail: EmailMessage, settings: Settings) -> str | None:
    """Send ``mail`` in one SMTP conversation; None when the server accepted it, otherwise
    the ``failure_reason``. A connection per mail keeps it simple: groups are small."""
    if settings.smtp_host is None:
        raise ConfigurationError("Notification e-mail needs SAMVERKA_SMTP_HOST.")
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                password = settings.smtp_password
                smtp.login(settings.smtp_username, password.get_secret_value() if password else "")
            smtp.send_message(mail)
    except (smtplib.SMTPException, OSError) as exc:
        return failure_reason(exc)
    return None

"""Queue notification mails for outbox events, and send the ones that are due.

``queue_mail`` runs in the dispatcher's transaction for each new event and decides who is
told; ``send_due`` sends later, outside any long transaction. A mail is itself a disclosure
(it says that the case exists and who is in its group), so the access policy is applied
twice: when the mail is queued and again just before it is sent, when a consent may have been
withdrawn meanwhile (DOMAIN.md: "Withdrawal takes effect immediately").
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage as Mail

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from api import clock, retry
from api.access.policy import case_with_basis
from api.auth import tokens
from api.auth.principals import user_principal
from api.config import Settings
from api.models import Case, CaseMember, EmailMessage, Meeting, OutboxEvent, User
from api.models.enums import EmailStatus, EventType, MemberKind
from api.notifications import mail

log = structlog.get_logger(__name__)

MAILED_EVENTS = frozenset(
    {
        EventType.meeting_scheduled,
        EventType.meeting_changed,
        EventType.meeting_cancelled,
        EventType.plan_published,
    }
)
NO_ACCESS = "recipient no longer has access"
NO_ADDRESS = "recipient has no address"
BACKOFF_BASE_SECONDS = 60.0  # the longest wait after the first failure; half is fixed
BACKOFF_MAX_SECONDS = 3600.0


def wants_mail(event: OutboxEvent) -> bool:
    """A changed meeting is mailed only when its time or place moved (a new invitation
    revision); other changes, such as attendance, are not worth an e-mail."""
    if event.type is EventType.meeting_changed:
        return bool(event.data.get("rescheduled"))
    return event.type in MAILED_EVENTS


def _candidates(session: Session, case: Case) -> list[User]:
    """Active directory users with an address who are current members of the group or the
    case's assigned case officer or coordinator. Whether they may read it is decided after."""
    members = select(CaseMember.user_id).where(
        CaseMember.case_id == case.id,
        CaseMember.left_at.is_(None),
        CaseMember.kind == MemberKind.user,
    )
    assigned = [uid for uid in (case.case_officer_id, case.coordinator_id) if uid is not None]
    query = select(User).where(
        User.email.is_not(None),
        User.email != "",
        User.is_active.is_(True),
        or_(User.id.in_(members), User.id.in_(assigned)),
    )
    return list(session.scalars(query.order_by(User.id)))


def may_read(session: Session, user_id: uuid.UUID, case_id: uuid.UUID, moment: datetime) -> bool:
    """The access policy for this user at ``moment``: a police member without an active
    consent for the police gets no mail, as the mail alone would reveal the case. A user who
    was deactivated is no recipient either."""
    try:
        principal = user_principal(
            session, user_id, issued_at=moment, token_scopes=None, token_id=None
        )
    except tokens.InvalidToken:
        return False
    today = moment.astimezone(clock.STOCKHOLM).date()
    return case_with_basis(session, principal, case_id, today) is not None


def queue_mail(session: Session, event: OutboxEvent, settings: Settings) -> int:
    """Queue one ``EmailMessage`` per recipient of ``event`` in the caller's transaction and
    return how many were queued. Calling it again for the same event queues nobody twice.

    Nothing is queued when the channel is off (no ``smtp_host``) or the event is not mailed.
    The candidates come from one query; the access policy then costs two queries per
    candidate (the principal and the case), which is fine for groups of a handful of people.
    """
    if settings.smtp_host is None or not wants_mail(event):
        return 0
    case = session.get_one(Case, event.case_id)
    queued_for = set(
        session.scalars(select(EmailMessage.user_id).where(EmailMessage.event_id == event.id))
    )
    moment = clock.now()
    queued = 0
    for user in _candidates(session, case):
        if user.id in queued_for or not may_read(session, user.id, case.id, moment):
            continue
        session.add(EmailMessage(event_id=event.id, user_id=user.id, next_attempt_at=moment))
        queued += 1
    session.flush()
    log.info("email.queued", event_id=str(event.id), count=queued)
    return queued


def retry_delay(attempts: int) -> timedelta:
    """30-60 s after the first failure, doubling, at most an hour (api/retry.py)."""
    return retry.backoff(
        attempts, base_seconds=BACKOFF_BASE_SECONDS, cap_seconds=BACKOFF_MAX_SECONDS
    )


def _claim(session: Session, message_id: uuid.UUID, moment: datetime, settings: Settings) -> bool:
    """Take the message for this attempt by moving its next attempt past the conversation's
    timeout, so a second worker does not send it too. If this worker dies mid-way, the
    message becomes due again when the lease ends (a rare duplicate beats a lost notice)."""
    lease = timedelta(seconds=4 * settings.smtp_timeout_seconds + 60)
    claimed = session.scalar(
        update(EmailMessage)
        .where(
            EmailMessage.id == message_id,
            EmailMessage.status == EmailStatus.pending,
            EmailMessage.next_attempt_at <= moment,
        )
        .values(next_attempt_at=moment + lease)
        .returning(EmailMessage.id)
    )
    return claimed is not None


def _compose(
    session: Session, message: EmailMessage, event: OutboxEvent, to: str, settings: Settings
) -> Mail:
    """The mail from the current state of the case and meeting: a late invitation shows
    the meeting's present time and sequence, never an outdated one. Meetings are never
    deleted (cancelling is a status), so the event's subject exists."""
    case = session.get_one(Case, event.case_id)
    if event.type is EventType.plan_published:
        return mail.plan_mail(case, to=to, message_id=message.id, settings=settings)
    meeting = session.get_one(Meeting, event.subject_id)
    return mail.meeting_mail(
        event.type, case, meeting, to=to, message_id=message.id, settings=settings
    )


def _withhold(message: EmailMessage, reason: str) -> None:
    """Give the message up without an SMTP attempt: it must not, or cannot, be sent now."""
    message.status, message.last_error = EmailStatus.failed, reason
    log.info("email.withheld", message_id=str(message.id), reason=reason)


def _prepare(
    session: Session, message_id: uuid.UUID, moment: datetime, settings: Settings
) -> Mail | None:
    """Claim the message and build its mail; None when another worker has it, or when it
    must not be sent any more (then it is marked failed here, without an attempt)."""
    if not _claim(session, message_id, moment, settings):
        return None
    message = session.get_one(EmailMessage, message_id)
    event = session.scalars(select(OutboxEvent).where(OutboxEvent.id == message.event_id)).one()
    user = session.get_one(User, message.user_id)
    if not may_read(session, user.id, event.case_id, moment):
        _withhold(message, NO_ACCESS)
        return None
    if not user.email:
        _withhold(message, NO_ADDRESS)
        return None
    return _compose(session, message, event, user.email, settings)


def _record(
    session: Session,
    message_id: uuid.UUID,
    failure: str | None,
    moment: datetime,
    settings: Settings,
) -> None:
    """Store the attempt's outcome; after ``smtp_max_attempts`` failures the message is
    given up (failed). ``failure`` names the error class and SMTP code only."""
    message = session.get_one(EmailMessage, message_id)
    if failure is None:
        message.status, message.sent_at, message.last_error = EmailStatus.sent, clock.now(), None
        log.info("email.sent", message_id=str(message_id))
        return
    message.attempts += 1
    message.last_error = failure[:200]
    if message.attempts >= settings.smtp_max_attempts:
        message.status = EmailStatus.failed
    else:
        message.next_attempt_at = moment + retry_delay(message.attempts)
    log.warning(
        "email.attempt_failed",
        message_id=str(message_id),
        attempts=message.attempts,
        error=message.last_error,
    )


def send_due(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    now: datetime | None = None,
    limit: int = 50,
) -> int:
    """Send up to ``limit`` pending messages whose next attempt is due at ``now`` (default:
    the current instant); return how many the SMTP server accepted.

    Each message is prepared in one short transaction and its outcome recorded in another:
    no transaction stays open during the SMTP conversation, which on SQLite would hold the
    write lock and stall the API for up to the SMTP timeout.
    """
    if settings.smtp_host is None:
        return 0
    moment = now or clock.now()
    with sessions.begin() as session:
        due = list(
            session.scalars(
                select(EmailMessage.id)
                .where(
                    EmailMessage.status == EmailStatus.pending,
                    EmailMessage.next_attempt_at <= moment,
                )
                .order_by(EmailMessage.next_attempt_at)
                .limit(limit)
            )
        )
    sent = 0
    for message_id in due:
        with sessions.begin() as session:
            outgoing = _prepare(session, message_id, moment, settings)
        if outgoing is None:
            continue
        failure = mail.deliver(outgoing, settings)
        with sessions.begin() as session:
            _record(session, message_id, failure, moment, settings)
        sent += failure is None
    if due:
        log.info("email.batch", due=len(due), sent=sent)
    return sent

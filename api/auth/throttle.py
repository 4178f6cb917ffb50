"""Login throttling in the database, per login name or client id, known or not.

Counting failures for names that do not exist too means the answer to an unknown user is
the same as to a wrong password, including the lockout. Per-process rate limits would not
hold across workers; the table does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import insert_unless_present
from api.errors import TooManyRequests
from api.models import LoginThrottle


def subject_for_user(username: str) -> str:
    return f"user:{username.strip().casefold()}"[:128]


def subject_for_client(client_id: str) -> str:
    return f"client:{client_id.strip()}"[:128]


def ensure_not_locked(session: Session, subject: str, now: datetime) -> None:
    row = session.get(LoginThrottle, subject)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        seconds = int((row.locked_until - now).total_seconds()) + 1
        raise TooManyRequests(
            "Too many failed attempts. Wait a while and try again.",
            retry_after_seconds=seconds,
        )


def _insert_if_missing(session: Session, subject: str, now: datetime) -> None:
    values = {"subject": subject, "failures": 0, "window_started_at": now}
    session.execute(
        insert_unless_present(session, LoginThrottle).values(values).on_conflict_do_nothing()
    )


def record_failure(session: Session, subject: str, now: datetime, settings: Settings) -> None:
    """Count a failure; enough failures inside the window lock the subject for a while."""
    _insert_if_missing(session, subject, now)
    row = session.get_one(LoginThrottle, subject, with_for_update=True, populate_existing=True)
    if now - row.window_started_at > timedelta(seconds=settings.login_window_seconds):
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures >= settings.login_max_failures:
        row.locked_until = now + timedelta(seconds=settings.login_lockout_seconds)
        row.failures, row.window_started_at = 0, now


def reset(session: Session, subject: str) -> None:
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.subject == subject)
        .values(failures=0, locked_until=None)
    )

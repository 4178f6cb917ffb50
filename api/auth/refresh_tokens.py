"""Opaque refresh tokens: stored as hashes, rotated on every use.

Presenting a token that was already rotated means it was copied: the whole family (every
token descended from the same login) is revoked, so the thief and the user both have to log
in again (OAuth 2.0 Security BCP, refresh token rotation).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.auth import opaque
from api.auth.oauth_errors import InvalidGrant
from api.errors import PersistedRefusal
from api.models import RefreshToken

INVALID_REFRESH = "The refresh token is invalid or has expired. Log in again."


@dataclass(frozen=True, slots=True)
class IssuedRefreshToken:
    secret: str
    row: RefreshToken


def issue(
    session: Session,
    *,
    user_id: uuid.UUID,
    now: datetime,
    lifetime: timedelta,
    family_id: uuid.UUID | None = None,
) -> IssuedRefreshToken:
    secret = opaque.new_secret()
    row = RefreshToken(
        token_hash=opaque.digest(secret),
        family_id=family_id or uuid.uuid4(),
        user_id=user_id,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return IssuedRefreshToken(secret, row)


def find(session: Session, secret: str) -> RefreshToken | None:
    return session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == opaque.digest(secret))
        .with_for_update()
    )


def revoke_family(session: Session, family_id: uuid.UUID, now: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def consume(session: Session, secret: str, now: datetime) -> RefreshToken:
    """The presented token, marked as rotated. Reuse revokes the family."""
    row = find(session, secret)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidGrant(INVALID_REFRESH)
    if row.rotated_at is not None:
        revoke_family(session, row.family_id, now)
        raise ReuseDetected(INVALID_REFRESH)
    row.rotated_at = now
    return row


class ReuseDetected(InvalidGrant, PersistedRefusal):
    """A rotated refresh token came back: its family's revocation is committed."""

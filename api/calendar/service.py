"""Personal calendar feeds: the token's life cycle and the feed itself.

Calendar apps cannot send an access token, so the feed URL carries its own secret. URLs leak
(shared calendars, proxies, logs), so the secret opens that one feed and nothing else, is
stored only as its SHA-256 hash, can be rotated or revoked at any time, and the feed names
cases by reference only (api/meetings/calendar.py). The feed is read as its owner, with the
owner's rights of *now*: roles, deactivation, "log out everywhere" and consent are re-checked
on every fetch, exactly as for a request with an access token.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api import clock
from api.access.list_log import log_listed_cases
from api.auth import opaque, tokens
from api.auth.principal import Principal, Scope
from api.auth.principals import user_principal
from api.calendar.schemas import CalendarFeedCreated, CalendarFeedStatus
from api.errors import Forbidden, NotFound
from api.me.service import my_meeting_rows
from api.meetings import calendar
from api.models import CalendarFeedToken, Meeting

FEED_PATH = "/api/v1/calendar-feeds"
FEED_NAME = "Samverka \u2013 mina möten"  # an en dash
FEED_ACTION = "calendar:feed"  # the access log's action for a fetch
FEED_CHANNEL = "calendar"
FEED_PAST = timedelta(days=30)  # recent meetings stay visible, e.g. to find the minutes
FEED_AHEAD = timedelta(days=365)
FEED_MAX_EVENTS = 500  # a feed is fetched often: bound its size whatever the history
_MAX_TOKEN_LENGTH = 128  # longer is never ours: refuse before hashing
NOT_FOUND_DETAIL = "There is no calendar feed at this address."


def _person(principal: Principal) -> uuid.UUID:
    """Feeds list a person's meetings; an integration client is in no group and has none."""
    if principal.user_id is None:
        raise Forbidden("Calendar feeds are for persons.")
    return principal.user_id


def _active_token(session: Session, user_id: uuid.UUID) -> CalendarFeedToken | None:
    return session.scalars(
        select(CalendarFeedToken)
        .where(CalendarFeedToken.user_id == user_id, CalendarFeedToken.revoked_at.is_(None))
        .order_by(CalendarFeedToken.created_at.desc())
        .limit(1)
    ).first()


def _revoke_all(session: Session, user_id: uuid.UUID, now: datetime) -> None:
    session.execute(
        update(CalendarFeedToken)
        .where(CalendarFeedToken.user_id == user_id, CalendarFeedToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def create_feed(session: Session, principal: Principal, public_url: str) -> CalendarFeedCreated:
    """A new feed address; any earlier one stops working (rotation after a leak)."""
    user_id = _person(principal)
    now = clock.now()
    _revoke_all(session, user_id, now)
    token = opaque.new_secret()
    session.add(CalendarFeedToken(user_id=user_id, token_hash=opaque.digest(token), created_at=now))
    session.flush()
    url = f"{public_url.rstrip('/')}{FEED_PATH}/{token}.ics"
    return CalendarFeedCreated(url=url, created_at=now)


def feed_status(session: Session, principal: Principal) -> CalendarFeedStatus:
    found = _active_token(session, _person(principal))
    if found is None:
        return CalendarFeedStatus(active=False)
    return CalendarFeedStatus(
        active=True, created_at=found.created_at, last_used_at=found.last_used_at
    )


def revoke_feed(session: Session, principal: Principal) -> None:
    """Idempotent: revoking when there is no feed is not an error."""
    _revoke_all(session, _person(principal), clock.now())


def _feed_owner(
    session: Session, token: str, client_address: str | None
) -> tuple[CalendarFeedToken, Principal]:
    """The token's row and its owner as a principal; one 404 for every kind of failure, so
    the answer tells a guesser nothing."""
    row = None
    if 0 < len(token) <= _MAX_TOKEN_LENGTH:
        row = session.scalars(
            select(CalendarFeedToken).where(
                CalendarFeedToken.token_hash == opaque.digest(token),
                CalendarFeedToken.revoked_at.is_(None),
            )
        ).first()
    if row is None:
        raise NotFound(NOT_FOUND_DETAIL)
    try:
        # The token's creation counts as its issue: "log out everywhere" ends the feed too.
        owner = user_principal(
            session, row.user_id, issued_at=row.created_at, token_scopes=None, token_id=None
        )
    except tokens.InvalidToken:
        raise NotFound(NOT_FOUND_DETAIL) from None
    return row, replace(owner, channel=FEED_CHANNEL, client_address=client_address)


def feed_ics(session: Session, token: str, client_address: str | None = None) -> bytes:
    """The owner's meetings of the cases they may read now, from a month back to a year
    ahead, cancelled ones included (so calendars remove them); each case revealed is logged."""
    row, principal = _feed_owner(session, token, client_address)
    now = clock.now()
    events: list[tuple[str, Meeting]] = []
    # Like me:meetings, listing case meetings needs the permission to read cases.
    if Scope.cases_read in principal.scopes:
        stmt = (
            my_meeting_rows(principal, row.user_id, clock.today())
            .where(Meeting.starts_at >= now - FEED_PAST, Meeting.starts_at < now + FEED_AHEAD)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(FEED_MAX_EVENTS)
        )
        rows = session.execute(stmt).all()
        log_listed_cases(session, principal, FEED_ACTION, ((r[0].id, r[1], r[2]) for r in rows))
        events = [(case.reference, meeting) for case, _, _, meeting in rows]
    row.last_used_at = now
    return calendar.feed_ics(events, name=FEED_NAME)

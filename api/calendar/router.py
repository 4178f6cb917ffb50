"""My calendar feed: create, inspect and revoke its secret address, and the feed itself."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from api.auth.dependencies import ProfileReader
from api.calendar import service
from api.calendar.schemas import CalendarFeedCreated, CalendarFeedStatus
from api.config import get_settings
from api.db import DbSession
from api.errors import Forbidden, NotFound, Unauthorized, error_responses

router = APIRouter(tags=["calendar"])

MINE = "/api/v1/me/calendar-feed"
PERSON_ERRORS = error_responses(Unauthorized, Forbidden)
# A secret must not stay in a cache, nor travel on in a Referer header.
SECRET_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
FEED_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "My meetings as an iCalendar feed, naming cases by reference only.",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
}

# The feed takes no bearer token: its secret path segment is the credential.
NO_BEARER: dict[str, Any] = {"security": []}

FeedToken = Annotated[
    str, Path(description="The feed's secret, from `calendar:create-feed` (no bearer token).")
]


@router.post(
    MINE,
    name="calendar:create-feed",
    summary="Create my calendar feed address",
    status_code=201,
    responses=PERSON_ERRORS,
)
def create_feed(
    principal: ProfileReader, session: DbSession, response: Response
) -> CalendarFeedCreated:
    """A new secret feed address, shown only now; any earlier address stops working."""
    response.headers.update(SECRET_HEADERS)
    return service.create_feed(session, principal, get_settings().public_url)


@router.get(
    MINE, name="calendar:get-feed", summary="Read my calendar feed status", responses=PERSON_ERRORS
)
def get_feed(principal: ProfileReader, session: DbSession) -> CalendarFeedStatus:
    """Whether my feed address is in use and when it was last fetched (never the address)."""
    return service.feed_status(session, principal)


@router.delete(
    MINE,
    name="calendar:revoke-feed",
    summary="Revoke my calendar feed address",
    status_code=204,
    response_class=Response,
    responses=PERSON_ERRORS,
)
def revoke_feed(principal: ProfileReader, session: DbSession) -> Response:
    """Stop my feed address from working; calendar apps then get 404."""
    service.revoke_feed(session, principal)
    return Response(status_code=204)


@router.get(
    "/api/v1/calendar-feeds/{token}.ics",
    name="calendar:feed",
    summary="Fetch a personal calendar feed",
    response_class=Response,
    responses={**FEED_CONTENT, **error_responses(NotFound)},
    openapi_extra=NO_BEARER,
)
def calendar_feed(token: FeedToken, request: Request, session: DbSession) -> Response:
    """My meetings from a month back to a year ahead; the address is the credential."""
    address = request.client.host if request.client else None
    return Response(
        service.feed_ics(session, token, address),
        media_type="text/calendar; charset=utf-8",
        headers=SECRET_HEADERS,
    )

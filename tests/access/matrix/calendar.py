"""Calendar feeds (issue #6): a person's own feed address, and the feed behind it.

The ``me`` routes need the profile scope, which every person has; an integration client holds
it too but is refused (403), since it is in no group and has no meetings. The feed itself takes
no bearer token: its secret path segment is the credential, so it is PUBLIC here. A made-up
token (below) answers 404 to everyone, signed in or not; a real one answers 200 with its
owner's meetings, under its owner's rights (tests/calendar/test_feed.py).
"""

from __future__ import annotations

from tests.access.matrix.model import PUBLIC, ROLES, Operation

PERSONS = frozenset(ROLES) - {"anonymous", "integration"}
MINE = "/api/v1/me/calendar-feed"

OPERATIONS = [
    Operation("calendar:create-feed", "POST", MINE, PERSONS, success=frozenset({201})),
    Operation("calendar:get-feed", "GET", MINE, PERSONS),
    Operation("calendar:revoke-feed", "DELETE", MINE, PERSONS, success=frozenset({204})),
    Operation(
        "calendar:feed",
        "GET",
        "/api/v1/calendar-feeds/{token}.ics",
        PUBLIC,
        success=frozenset({200, 404}),
        path_params=lambda _world, _situation: {"token": "not-a-feed-token"},
    ),
]

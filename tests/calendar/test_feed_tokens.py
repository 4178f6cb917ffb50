"""The feed's secret: shown once, stored hashed, rotated and revoked by its owner; persons only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.opaque import digest
from api.models import CalendarFeedToken, IntegrationClient, User
from tests.calendar.support import FEED, create_feed, fetch_feed
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]


def _token(path: str) -> str:
    return path.removeprefix("/api/v1/calendar-feeds/").removesuffix(".ics")


def _rows(session: Session, user: User) -> list[CalendarFeedToken]:
    session.expire_all()
    return list(
        session.scalars(
            select(CalendarFeedToken)
            .where(CalendarFeedToken.user_id == user.id)
            .order_by(CalendarFeedToken.created_at)
        )
    )


class TestCreate:
    def test_the_token_is_shown_once_and_stored_only_as_its_hash(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        user = world.users["professional"]
        client = client_as(user)

        response = client.post(FEED)

        assert response.status_code == 201, response.text
        assert response.headers["cache-control"] == "no-store"
        url = response.json()["url"]
        assert url.startswith("http://127.0.0.1:8000/api/v1/calendar-feeds/")
        token = _token(urlsplit(url).path)
        assert len(token) >= 43  # 32 random bytes
        [row] = _rows(session, user)
        assert row.token_hash == digest(token) != token
        stored = [str(v) for v in vars(row).values()]
        assert not any(token in value for value in stored)
        status = client.get(FEED)
        assert status.json()["active"] is True
        assert token not in status.text
        assert "url" not in status.json()
        bearer = client.headers["Authorization"].removeprefix("Bearer ")
        assert bearer not in url  # never the access token

    def test_rotation_revokes_the_old_address(
        self, world: World, session: Session, client_as: Client, api: TestClient
    ) -> None:
        client = client_as(world.users["professional"])
        old = create_feed(client)
        new = create_feed(client)

        assert api.get(old).status_code == 404
        fetch_feed(api, new)
        rows = _rows(session, world.users["professional"])
        assert [row.revoked_at is None for row in rows] == [False, True]

    def test_integration_clients_have_no_feed(self, world: World, client_as: Client) -> None:
        assert world.police_client is not None
        client = client_as(world.police_client)
        for method in ("POST", "GET", "DELETE"):
            response = client.request(method, FEED)
            assert response.status_code == 403, response.text
            assert response.json()["detail"] == "Calendar feeds are for persons."


class TestStatusAndRevoke:
    def test_status_without_a_feed(self, world: World, client_as: Client) -> None:
        response = client_as(world.users["coordinator"]).get(FEED)

        assert response.status_code == 200
        assert response.json() == {"active": False, "created_at": None, "last_used_at": None}

    def test_last_use_is_shown_after_a_fetch(
        self, world: World, client_as: Client, api: TestClient
    ) -> None:
        client = client_as(world.users["coordinator"])
        path = create_feed(client)
        assert client.get(FEED).json()["last_used_at"] is None

        fetch_feed(api, path)

        used = datetime.fromisoformat(client.get(FEED).json()["last_used_at"])
        if used.tzinfo is None:  # SQLite returns naive UTC
            used = used.replace(tzinfo=UTC)
        assert datetime.now(UTC) - used < timedelta(minutes=1)

    def test_delete_revokes_and_is_idempotent(
        self, world: World, client_as: Client, api: TestClient
    ) -> None:
        client = client_as(world.users["coordinator"])
        path = create_feed(client)

        assert client.delete(FEED).status_code == 204
        assert client.delete(FEED).status_code == 204

        gone = api.get(path)
        assert gone.status_code == 404
        assert gone.headers["content-type"] == "application/problem+json"
        assert client.get(FEED).json()["active"] is False

    def test_one_answer_for_every_unknown_address(
        self, world: World, client_as: Client, api: TestClient
    ) -> None:
        client = client_as(world.users["coordinator"])
        revoked = create_feed(client)
        client.delete(FEED)
        answers = {
            api.get(path).json()["detail"]
            for path in (
                revoked,
                "/api/v1/calendar-feeds/not-a-token.ics",
                f"/api/v1/calendar-feeds/{'x' * 500}.ics",
            )
        }
        assert answers == {"There is no calendar feed at this address."}

    def test_a_bearer_token_does_not_open_a_feed(self, world: World, client_as: Client) -> None:
        """Only the feed's own secret counts: the caller's access token is ignored."""
        response = client_as(world.users["case_officer"]).get(
            "/api/v1/calendar-feeds/not-a-token.ics"
        )
        assert response.status_code == 404

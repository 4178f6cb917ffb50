"""POST /api/v1/auth/token and /auth/revoke over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Organization, RefreshToken, User
from api.models.enums import OrganizationKind, Role
from tests import factories as f

TOKEN = "/api/v1/auth/token"


@pytest.fixture
def police(session: Session) -> Organization:
    return f.make_org(session, OrganizationKind.police)


@pytest.fixture
def officer(session: Session, police: Organization) -> User:
    return f.make_user(
        session, police, Role.professional, username="polis1", password=f.TEST_PASSWORD
    )


def _login(api: TestClient, username: str, password: str, **extra: str) -> dict[str, str]:
    form = {"grant_type": "password", "username": username, "password": password, **extra}
    response = api.post(TOKEN, data=form)
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


class TestPasswordGrant:
    def test_issues_a_working_access_token_and_a_refresh_token(
        self, api: TestClient, officer: User
    ) -> None:
        body = _login(api, "polis1", f.TEST_PASSWORD)
        assert body["token_type"] == "Bearer"
        assert 0 < int(body["expires_in"]) <= 600
        assert body["refresh_token"]
        assert "cases:read" in body["scope"].split()
        me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200
        assert me.json()["username"] == "polis1"

    def test_response_is_not_cached(self, api: TestClient, officer: User) -> None:
        form = {"grant_type": "password", "username": "polis1", "password": f.TEST_PASSWORD}
        response = api.post(TOKEN, data=form)
        assert response.headers["cache-control"] == "no-store"

    def test_requested_scope_narrows_the_token(self, api: TestClient, officer: User) -> None:
        body = _login(api, "polis1", f.TEST_PASSWORD, scope="profile")
        assert body["scope"] == "profile"
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert api.get("/api/v1/cases", headers=headers).status_code == 403

    def test_unknown_user_is_answered_like_a_wrong_password(
        self, api: TestClient, officer: User
    ) -> None:
        wrong = api.post(
            TOKEN, data={"grant_type": "password", "username": "polis1", "password": "x"}
        )
        unknown = api.post(
            TOKEN, data={"grant_type": "password", "username": "nobody", "password": "x"}
        )
        assert wrong.status_code == unknown.status_code == 400
        for response in (wrong, unknown):
            body = response.json()
            assert body["error"] == "invalid_grant"
            assert response.headers["content-type"] == "application/problem+json"
        wrong_body, unknown_body = wrong.json(), unknown.json()
        del wrong_body["request_id"], unknown_body["request_id"]
        assert wrong_body == unknown_body

    @pytest.mark.parametrize("username", ["polis1", "nobody"])
    def test_repeated_failures_lock_the_login_name(
        self, api: TestClient, officer: User, username: str
    ) -> None:
        bad = {"grant_type": "password", "username": username, "password": "wrong"}
        statuses = [api.post(TOKEN, data=bad).status_code for _ in range(5)]
        assert statuses == [400] * 5
        locked = api.post(TOKEN, data={**bad, "password": f.TEST_PASSWORD})
        assert locked.status_code == 429
        assert int(locked.headers["retry-after"]) > 0
        assert locked.json()["type"].endswith("/too-many-requests")

    def test_inactive_user_cannot_log_in(
        self, api: TestClient, officer: User, session: Session
    ) -> None:
        officer.is_active = False
        session.flush()
        form = {"grant_type": "password", "username": "polis1", "password": f.TEST_PASSWORD}
        assert api.post(TOKEN, data=form).status_code == 400

    def test_missing_parameter_is_named(self, api: TestClient) -> None:
        response = api.post(TOKEN, data={"grant_type": "password", "username": "polis1"})
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_request"
        assert "password" in response.json()["detail"]

    def test_unsupported_grant_type(self, api: TestClient) -> None:
        response = api.post(TOKEN, data={"grant_type": "implicit"})
        assert response.status_code == 400
        assert response.json()["error"] == "unsupported_grant_type"


class TestRefreshGrant:
    def _refresh(self, api: TestClient, token: str) -> httpx.Response:
        form = {"grant_type": "refresh_token", "refresh_token": token}
        response: httpx.Response = api.post(TOKEN, data=form)
        return response

    def test_rotates_the_refresh_token(self, api: TestClient, officer: User) -> None:
        first = _login(api, "polis1", f.TEST_PASSWORD)
        second = self._refresh(api, first["refresh_token"])
        assert second.status_code == 200, second.text
        assert second.json()["refresh_token"] != first["refresh_token"]

    def test_reuse_of_a_rotated_token_revokes_the_whole_family(
        self, api: TestClient, officer: User, session: Session
    ) -> None:
        first = _login(api, "polis1", f.TEST_PASSWORD)
        second = self._refresh(api, first["refresh_token"]).json()
        reuse = self._refresh(api, first["refresh_token"])
        assert reuse.status_code == 400
        assert reuse.json()["error"] == "invalid_grant"
        # The legitimate newest token is dead too: the family was revoked and stays revoked.
        assert self._refresh(api, second["refresh_token"]).status_code == 400
        tokens = session.scalars(select(RefreshToken).where(RefreshToken.user_id == officer.id))
        assert all(t.revoked_at is not None for t in tokens)

    def test_revoke_logs_out(self, api: TestClient, officer: User) -> None:
        body = _login(api, "polis1", f.TEST_PASSWORD)
        assert (
            api.post("/api/v1/auth/revoke", data={"token": body["refresh_token"]}).status_code
            == 200
        )
        assert self._refresh(api, body["refresh_token"]).status_code == 400

    def test_refresh_after_logout_everywhere_is_refused(
        self, api: TestClient, officer: User, session: Session
    ) -> None:
        body = _login(api, "polis1", f.TEST_PASSWORD)
        officer.tokens_valid_after = datetime.now(UTC) + timedelta(seconds=1)
        session.flush()
        assert self._refresh(api, body["refresh_token"]).status_code == 400


class TestClientCredentials:
    def test_client_gets_a_token_without_refresh(
        self, api: TestClient, session: Session, police: Organization
    ) -> None:
        client = f.make_client(session, police, ["cases:read"])
        response = api.post(
            TOKEN,
            data={"grant_type": "client_credentials"},
            auth=(client.client_id, f.TEST_PASSWORD),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body.get("refresh_token") is None
        assert set(body["scope"].split()) == {"cases:read", "profile"}

    def test_wrong_secret_is_invalid_client(
        self, api: TestClient, session: Session, police: Organization
    ) -> None:
        client = f.make_client(session, police, ["cases:read"])
        form = {
            "grant_type": "client_credentials",
            "client_id": client.client_id,
            "client_secret": "wrong",
        }
        response = api.post(TOKEN, data=form)
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"


class TestTokenRevocationOnTheNextRequest:
    def test_deactivated_user_is_refused(
        self, client_as: Callable[[User], TestClient], officer: User, session: Session
    ) -> None:
        client = client_as(officer)
        assert client.get("/api/v1/me").status_code == 200
        officer.is_active = False
        session.flush()
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    def test_bumping_tokens_valid_after_kills_existing_tokens(
        self, client_as: Callable[[User], TestClient], officer: User, session: Session
    ) -> None:
        client = client_as(officer)
        officer.tokens_valid_after = datetime.now(UTC) + timedelta(seconds=1)
        session.flush()
        assert client.get("/api/v1/me").status_code == 401

    def test_removed_role_takes_effect_immediately(
        self, client_as: Callable[[User], TestClient], officer: User, session: Session
    ) -> None:
        client = client_as(officer)
        assert client.get("/api/v1/cases").status_code == 200
        officer.roles.clear()
        session.flush()
        assert client.get("/api/v1/cases").status_code == 403

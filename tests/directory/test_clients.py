"""/api/v1/clients: integration clients, managed by admins; the secret is shown once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.models import AuditEvent, IntegrationClient
from tests import factories as f
from tests.directory.conftest import TOKEN, Directory, bearer, etag, field_errors

BASE = "/api/v1/clients"


def _new(directory: Directory, **overrides: Any) -> dict[str, Any]:
    return {
        "client_id": "skolans-system",
        "name": "Skolans elevsystem",
        "organization_id": str(directory.police.id),
        "scopes": ["cases:read", "webhooks:manage"],
        **overrides,
    }


def _token(api: TestClient, client_id: str, secret: str) -> Any:
    return api.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )


class TestCreate:
    def test_the_secret_is_shown_once_and_gets_a_token(
        self, session: Session, admin: TestClient, api: TestClient, directory: Directory
    ) -> None:
        created = admin.post(BASE, json=_new(directory))
        assert created.status_code == 201, created.text
        body = created.json()
        secret = body["client_secret"]
        assert len(secret) >= 40
        assert created.headers["location"] == f"{BASE}/{body['id']}"
        assert body["scopes"] == ["cases:read", "webhooks:manage"]

        stored = session.get_one(IntegrationClient, uuid.UUID(body["id"]))
        assert secret not in stored.secret_hash
        read = admin.get(created.headers["location"])
        assert read.status_code == 200
        assert "client_secret" not in read.json()
        assert secret not in read.text
        assert secret not in admin.get(BASE).text

        token = _token(api, "skolans-system", secret)
        assert token.status_code == 200, token.text
        me = api.get("/api/v1/me", headers=bearer(token.json()["access_token"]))
        assert me.status_code == 200
        assert me.json()["kind"] == "client"
        assert me.json()["organization"]["id"] == str(directory.police.id)

        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "clients:create"))
        assert [e.resource_id for e in event] == [stored.id]

    def test_a_taken_client_id_is_409(self, admin: TestClient, directory: Directory) -> None:
        taken = directory.police_client.client_id
        assert admin.post(BASE, json=_new(directory, client_id=taken)).status_code == 409

    @pytest.mark.parametrize(
        ("scopes", "expected"),
        [
            (["cases:delete"], ("body.scopes.0", "enum")),
            (["cases:read", "directory:manage"], ("body.scopes", "not_grantable")),
            (["audit:read"], ("body.scopes", "not_grantable")),
            ([], ("body.scopes", "too_short")),
        ],
    )
    def test_only_grantable_scopes(
        self,
        admin: TestClient,
        directory: Directory,
        scopes: list[str],
        expected: tuple[str, str],
    ) -> None:
        response = admin.post(BASE, json=_new(directory, scopes=scopes))
        assert expected in field_errors(response)

    def test_the_organisation_must_exist(self, admin: TestClient, directory: Directory) -> None:
        response = admin.post(BASE, json=_new(directory, organization_id=str(uuid.uuid4())))
        assert field_errors(response) == {("body.organization_id", "unknown")}

    @pytest.mark.parametrize("who", ["coordinator", "professional", "police_client"])
    def test_only_admins_manage_clients(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        client = client_as(getattr(directory, who))
        assert client.get(BASE).status_code == 403
        assert client.post(BASE, json=_new(directory)).status_code == 403
        assert client.get(f"{BASE}/{directory.police_client.id}").status_code == 403


class TestRotateSecret:
    def test_the_old_secret_stops_and_the_new_one_works(
        self, admin: TestClient, api: TestClient, directory: Directory
    ) -> None:
        client_id = directory.police_client.client_id
        assert _token(api, client_id, f.TEST_PASSWORD).status_code == 200
        rotated = admin.post(f"{BASE}/{directory.police_client.id}/rotate-secret")
        assert rotated.status_code == 200, rotated.text
        secret = rotated.json()["client_secret"]
        assert etag(rotated) == '"v2"'
        assert _token(api, client_id, f.TEST_PASSWORD).status_code == 401
        fresh = _token(api, client_id, secret)
        assert fresh.status_code == 200
        assert api.get("/api/v1/me", headers=bearer(fresh.json()["access_token"])).status_code == (
            200
        )

    def test_tokens_issued_with_the_old_secret_end(
        self,
        admin: TestClient,
        directory: Directory,
        client_as: Callable[[Any], TestClient],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        old = client_as(directory.police_client)
        assert old.get("/api/v1/me").status_code == 200
        later = clock.now() + timedelta(seconds=2)  # a token's iat has whole seconds
        monkeypatch.setattr("api.directory.clients.clock.now", lambda: later)
        admin.post(f"{BASE}/{directory.police_client.id}/rotate-secret")
        assert old.get("/api/v1/me").status_code == 401

    def test_unknown_client_is_404(self, admin: TestClient, directory: Directory) -> None:
        assert admin.post(f"{BASE}/{directory.police.id}/rotate-secret").status_code == 404


class TestUpdate:
    def test_deactivating_ends_the_clients_tokens(
        self,
        admin: TestClient,
        api: TestClient,
        directory: Directory,
        client_as: Callable[[Any], TestClient],
    ) -> None:
        police_system = client_as(directory.police_client)
        url = f"{BASE}/{directory.police_client.id}"
        response = admin.patch(url, json={"is_active": False}, headers={"If-Match": '"v1"'})
        assert response.status_code == 200, response.text
        assert police_system.get("/api/v1/me").status_code == 401
        client_id = directory.police_client.client_id
        assert _token(api, client_id, f.TEST_PASSWORD).status_code == 401

    def test_scopes_and_name_with_if_match(self, admin: TestClient, directory: Directory) -> None:
        url = f"{BASE}/{directory.police_client.id}"
        changed = admin.patch(
            url,
            json={"name": "Polisens ärendesystem", "scopes": ["webhooks:manage", "cases:read"]},
            headers={"If-Match": '"v1"'},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["scopes"] == ["cases:read", "webhooks:manage"]
        stale = admin.patch(url, json={"name": "X"}, headers={"If-Match": '"v1"'})
        assert stale.status_code == 412
        assert admin.patch(url, json={"name": "X"}).status_code == 428
        bad = admin.patch(
            url, json={"scopes": ["directory:manage"]}, headers={"If-Match": etag(changed)}
        )
        assert field_errors(bad) == {("body.scopes", "not_grantable")}

"""/api/v1/users: login accounts, read by admins and social-services case staff, managed by
admins; deactivation and password resets end the user's sessions at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import AuditEvent, RefreshToken, User
from api.models.enums import AuditOutcome, OrganizationKind, Role
from tests import factories as f
from tests.directory.conftest import (
    PASSWORD,
    TOKEN,
    Directory,
    bearer,
    etag,
    field_errors,
    login,
)

BASE = "/api/v1/users"


def _new(directory: Directory, **overrides: Any) -> dict[str, Any]:
    return {
        "username": "Anna.Andersson",
        "display_name": "Anna Andersson",
        "email": "anna.andersson@exempelstad.example",
        "organization_id": str(directory.unit.id),
        "unit_id": str(directory.unit.id),
        "roles": ["case_officer"],
        "password": PASSWORD,
        **overrides,
    }


@pytest.fixture
def officer(session: Session, directory: Directory) -> User:
    return f.make_user(
        session,
        directory.unit,
        Role.case_officer,
        unit=directory.unit,
        username="hanna",
        password=PASSWORD,
    )


class TestCreate:
    def test_admin_adds_a_user_who_can_then_log_in(
        self, session: Session, admin: TestClient, api: TestClient, directory: Directory
    ) -> None:
        created = admin.post(BASE, json=_new(directory))
        assert created.status_code == 201, created.text
        user = created.json()
        assert user["username"] == "anna.andersson"  # logins ignore case
        assert user["roles"] == ["case_officer"]
        assert created.headers["location"] == f"{BASE}/{user['id']}"
        assert "password" not in created.text
        assert "argon2" not in created.text
        stored = session.get_one(User, uuid.UUID(user["id"]))
        assert stored.password_hash
        assert PASSWORD not in stored.password_hash

        token = login(api, "Anna.Andersson", PASSWORD)
        assert token.status_code == 200, token.text
        me = api.get("/api/v1/me", headers=bearer(token.json()["access_token"]))
        assert me.json()["roles"] == ["case_officer"]

    def test_the_creation_is_in_the_access_log(
        self, session: Session, admin: TestClient, directory: Directory
    ) -> None:
        user_id = admin.post(BASE, json=_new(directory)).json()["id"]
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "users:create")).one()
        assert str(event.resource_id) == user_id
        assert event.resource_type == "user"
        assert event.actor_user_id == directory.admin.id
        assert event.outcome is AuditOutcome.allowed

    @pytest.mark.parametrize("who", ["coordinator", "professional", "police_client"])
    def test_others_may_not_add_users(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        response = client_as(getattr(directory, who)).post(BASE, json=_new(directory))
        assert response.status_code == 403

    def test_a_taken_login_name_is_409_whatever_the_case(
        self, admin: TestClient, directory: Directory, officer: User
    ) -> None:
        response = admin.post(BASE, json=_new(directory, username="HANNA"))
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            ({"roles": ["superuser"]}, ("body.roles.0", "enum")),
            ({"roles": ["integration"]}, ("body.roles", "not_for_users")),
            ({"roles": []}, ("body.roles", "too_short")),
            ({"unit_id": None}, ("body.unit_id", "required_for_role")),
            ({"password": "kort"}, ("body.password", "string_too_short")),
            ({"username": "två ord"}, ("body.username", "string_pattern_mismatch")),
            ({"email": "inte-en-adress"}, ("body.email", "string_pattern_mismatch")),
        ],
    )
    def test_bad_input_names_the_field_and_the_rule(
        self,
        admin: TestClient,
        directory: Directory,
        overrides: dict[str, Any],
        expected: tuple[str, str],
    ) -> None:
        response = admin.post(BASE, json=_new(directory, **overrides))
        assert expected in field_errors(response)
        assert PASSWORD not in response.text

    def test_the_unit_must_be_a_known_social_services_unit(
        self, admin: TestClient, directory: Directory
    ) -> None:
        police = admin.post(BASE, json=_new(directory, unit_id=str(directory.police.id)))
        assert field_errors(police) == {("body.unit_id", "not_a_unit")}
        unknown = admin.post(BASE, json=_new(directory, unit_id=str(directory.admin.id)))
        assert field_errors(unknown) == {("body.unit_id", "unknown")}
        no_org = admin.post(BASE, json=_new(directory, organization_id=str(directory.admin.id)))
        assert field_errors(no_org) == {("body.organization_id", "unknown")}

    def test_a_retry_with_the_same_key_creates_one_user(
        self, session: Session, admin: TestClient, directory: Directory
    ) -> None:
        headers = {"Idempotency-Key": "user-1"}
        first = admin.post(BASE, json=_new(directory), headers=headers)
        again = admin.post(BASE, json=_new(directory), headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"


class TestRead:
    @pytest.mark.parametrize("who", ["admin", "coordinator"])
    def test_admins_and_case_staff_list_and_read_users(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        client = client_as(getattr(directory, who))
        listed = client.get(BASE, params={"limit": 200})
        assert listed.status_code == 200
        ids = {u["id"] for u in listed.json()["items"]}
        assert str(directory.professional.id) in ids
        assert "password" not in listed.text
        one = client.get(f"{BASE}/{directory.professional.id}")
        assert one.status_code == 200
        assert one.json()["roles"] == ["professional"]
        assert etag(one) == '"v1"'

    @pytest.mark.parametrize("who", ["professional", "police_client"])
    def test_professionals_and_integrations_may_not_list_users(
        self, who: str, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        client = client_as(getattr(directory, who))
        listed = client.get(BASE)
        assert listed.status_code == 403
        assert "items" not in listed.json()
        assert client.get(f"{BASE}/{directory.coordinator.id}").status_code == 403

    def test_filters(
        self, session: Session, admin: TestClient, directory: Directory, officer: User
    ) -> None:
        officer.display_name = "Hanna Handläggare"
        gone = f.make_user(session, directory.unit, Role.case_officer, unit=directory.unit)
        gone.is_active = False
        session.flush()

        def ids(**params: Any) -> set[str]:
            response = admin.get(BASE, params={"limit": 200, **params})
            assert response.status_code == 200, response.text
            return {u["id"] for u in response.json()["items"]}

        assert ids(role="case_officer") == {str(officer.id), str(gone.id)}
        assert ids(role="case_officer", is_active=True) == {str(officer.id)}
        # In the display name, in any case (SQLite folds the case of ASCII letters only).
        assert ids(q="HANDL") == {str(officer.id)}
        assert ids(q="handläggare") == {str(officer.id)}
        assert ids(q="hanna") == {str(officer.id)}  # the login name
        assert ids(organization_id=str(directory.police.id)) == {str(directory.professional.id)}
        assert field_errors(admin.get(BASE, params={"role": "boss"})) == {("query.role", "enum")}

    def test_unknown_user_is_404(self, admin: TestClient, directory: Directory) -> None:
        assert admin.get(f"{BASE}/{directory.police.id}").status_code == 404


class TestUpdate:
    def test_admin_changes_roles_and_unit(
        self, session: Session, admin: TestClient, directory: Directory, officer: User
    ) -> None:
        other = f.make_org(session, OrganizationKind.social_services)
        response = admin.patch(
            f"{BASE}/{officer.id}",
            json={"roles": ["coordinator", "unit_manager"], "unit_id": str(other.id)},
            headers={"If-Match": '"v1"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["roles"] == ["coordinator", "unit_manager"]
        assert response.json()["unit_id"] == str(other.id)
        assert etag(response) == '"v2"'
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "users:update")).one()
        assert event.resource_id == officer.id

    def test_a_role_change_alone_gives_a_new_etag(self, admin: TestClient, officer: User) -> None:
        response = admin.patch(
            f"{BASE}/{officer.id}", json={"roles": ["coordinator"]}, headers={"If-Match": '"v1"'}
        )
        assert etag(response) == '"v2"'
        stale = admin.patch(
            f"{BASE}/{officer.id}", json={"roles": ["case_officer"]}, headers={"If-Match": '"v1"'}
        )
        assert stale.status_code == 412
        assert admin.patch(
            f"{BASE}/{officer.id}", json={"roles": ["case_officer"]}
        ).status_code == (428)

    def test_unit_roles_keep_a_unit(self, admin: TestClient, officer: User) -> None:
        response = admin.patch(
            f"{BASE}/{officer.id}", json={"unit_id": None}, headers={"If-Match": '"v1"'}
        )
        assert field_errors(response) == {("body.unit_id", "required_for_role")}

    def test_non_admin_may_not_change_users(
        self, directory: Directory, officer: User, client_as: Callable[[Any], TestClient]
    ) -> None:
        response = client_as(directory.coordinator).patch(
            f"{BASE}/{officer.id}", json={"is_active": False}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 403

    def test_an_admin_cannot_lock_themselves_out(
        self, admin: TestClient, directory: Directory
    ) -> None:
        url = f"{BASE}/{directory.admin.id}"
        for change in ({"is_active": False}, {"roles": ["auditor"]}):
            response = admin.patch(url, json=change, headers={"If-Match": '"v1"'})
            assert response.status_code == 409, change


class TestDeactivation:
    def test_ends_access_at_the_next_request_and_refuses_logins(
        self, session: Session, admin: TestClient, api: TestClient, officer: User
    ) -> None:
        tokens = login(api, "hanna", PASSWORD).json()
        headers = bearer(tokens["access_token"])
        assert api.get("/api/v1/me", headers=headers).status_code == 200

        response = admin.patch(
            f"{BASE}/{officer.id}", json={"is_active": False}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 200, response.text
        assert response.json()["is_active"] is False

        assert api.get("/api/v1/me", headers=headers).status_code == 401
        assert login(api, "hanna", PASSWORD).status_code == 400
        refreshed = api.post(
            TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 400
        rows = session.scalars(select(RefreshToken).where(RefreshToken.user_id == officer.id))
        assert all(row.revoked_at is not None for row in rows)

    def test_a_removed_role_is_gone_at_the_next_request(
        self, admin: TestClient, directory: Directory, client_as: Callable[[Any], TestClient]
    ) -> None:
        coordinator = client_as(directory.coordinator)
        assert coordinator.get(BASE).status_code == 200
        admin.patch(
            f"{BASE}/{directory.coordinator.id}",
            json={"roles": ["professional"], "unit_id": None},
            headers={"If-Match": '"v1"'},
        )
        assert coordinator.get(BASE).status_code == 403


class TestResetPassword:
    def test_sets_a_new_password_and_ends_the_sessions(
        self, admin: TestClient, api: TestClient, officer: User
    ) -> None:
        tokens = login(api, "hanna", PASSWORD).json()
        new_password = "ett-helt-nytt-losenord-2026"
        response = admin.post(
            f"{BASE}/{officer.id}/reset-password", json={"password": new_password}
        )
        assert response.status_code == 204, response.text
        assert login(api, "hanna", PASSWORD).status_code == 400
        fresh = login(api, "hanna", new_password)
        assert fresh.status_code == 200
        assert api.get("/api/v1/me", headers=bearer(fresh.json()["access_token"])).status_code == (
            200
        )
        refreshed = api.post(
            TOKEN, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 400

    def test_the_password_rules_apply(self, admin: TestClient, officer: User) -> None:
        response = admin.post(f"{BASE}/{officer.id}/reset-password", json={"password": "kort"})
        assert field_errors(response) == {("body.password", "string_too_short")}

    def test_only_admins_reset(
        self, directory: Directory, officer: User, client_as: Callable[[Any], TestClient]
    ) -> None:
        response = client_as(directory.coordinator).post(
            f"{BASE}/{officer.id}/reset-password", json={"password": PASSWORD}
        )
        assert response.status_code == 403

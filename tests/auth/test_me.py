"""``GET /api/v1/me``: who the caller is, from the database's current state, in few statements."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.models import IntegrationClient, User, UserRole
from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.statements import statements_sent

Client = Callable[[User | IntegrationClient], TestClient]


def test_a_unit_worker_sees_the_organisation_the_unit_and_the_roles(
    session: Session, client_as: Client
) -> None:
    municipality = f.make_org(session, OrganizationKind.social_services)
    unit = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    worker = f.make_user(session, municipality, Role.case_officer, Role.coordinator, unit=unit)

    body = client_as(worker).get("/api/v1/me").json()

    assert body["kind"] == "user"
    assert body["id"] == str(worker.id)
    assert (body["username"], body["display_name"]) == (worker.username, worker.display_name)
    assert body["organization"] == {
        "id": str(municipality.id),
        "name": municipality.name,
        "kind": "social_services",
    }
    assert body["unit"] == {"id": str(unit.id), "name": unit.name, "kind": "social_services"}
    assert body["roles"] == ["case_officer", "coordinator"]
    assert body["scopes"] == ["cases:read", "cases:write", "profile", "proposals:create"]


def test_a_user_without_a_unit_has_none(session: Session, client_as: Client) -> None:
    police = f.make_org(session, OrganizationKind.police)
    officer = f.make_user(session, police, Role.professional)

    body = client_as(officer).get("/api/v1/me").json()

    assert body["unit"] is None
    assert body["organization"]["kind"] == "police"
    assert body["roles"] == ["professional"]


def test_an_integration_client_is_named_by_its_system(session: Session, client_as: Client) -> None:
    school = f.make_org(session, OrganizationKind.school)
    system = f.make_client(session, school, ["cases:read"])

    body = client_as(system).get("/api/v1/me").json()

    assert body["kind"] == "client"
    assert body["id"] == str(system.id)
    assert body["username"] is None
    assert body["display_name"] == system.name
    assert body["organization"]["id"] == str(school.id)
    assert body["unit"] is None
    assert body["roles"] == ["integration"]
    assert body["scopes"] == ["cases:read", "profile"]


def test_a_role_granted_after_the_login_shows_but_the_token_still_bounds_the_scopes(
    session: Session, client_as: Client
) -> None:
    police = f.make_org(session, OrganizationKind.police)
    officer = f.make_user(session, police, Role.professional)
    client = client_as(officer)
    assert client.get("/api/v1/me").json()["roles"] == ["professional"]

    officer.roles = [*officer.roles, UserRole(role=Role.auditor)]
    session.flush()

    body = client.get("/api/v1/me").json()
    assert body["roles"] == ["auditor", "professional"]
    assert "audit:read" not in body["scopes"]  # issued before the role: a new login grants it
    assert "cases:read" in body["scopes"]


def test_me_reads_the_caller_and_the_profile_in_two_statements(
    session: Session, engine: Engine, client_as: Client
) -> None:
    """Loading the principal runs before every request, so it is one statement, and the
    profile one more (it was four before the principal and the profile read plain columns)."""
    municipality = f.make_org(session, OrganizationKind.social_services)
    unit = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    worker = f.make_user(session, municipality, Role.case_officer, unit=unit)
    client = client_as(worker)

    with statements_sent(engine) as sent:
        assert client.get("/api/v1/me").status_code == 200

    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, selects

"""A small directory: a municipality with a unit, the police, and one account per role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import IntegrationClient, Organization, User
from api.models.enums import OrganizationKind, Role
from tests import factories as f

TOKEN = "/api/v1/auth/token"
PASSWORD = "ett-tillrackligt-langt-losenord"


@dataclass
class Directory:
    municipality: Organization
    unit: Organization
    police: Organization
    admin: User
    coordinator: User
    professional: User
    police_client: IntegrationClient


@pytest.fixture
def directory(session: Session) -> Directory:
    municipality = f.make_org(session, OrganizationKind.municipality)
    unit = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    police = f.make_org(session, OrganizationKind.police)
    return Directory(
        municipality=municipality,
        unit=unit,
        police=police,
        admin=f.make_user(session, municipality, Role.admin),
        coordinator=f.make_user(session, unit, Role.coordinator, unit=unit),
        professional=f.make_user(session, police, Role.professional),
        police_client=f.make_client(session, police, ["cases:read"]),
    )


@pytest.fixture
def admin(directory: Directory, client_as: Callable[[Any], TestClient]) -> TestClient:
    return client_as(directory.admin)


def etag(response: Any) -> str:
    value: str = response.headers["etag"]
    return value


def field_errors(response: Any) -> set[tuple[str, str]]:
    """(field, rule) of a 422 problem."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {(e["field"], e["rule"]) for e in response.json()["errors"]}


def login(api: TestClient, username: str, password: str) -> Any:
    return api.post(
        TOKEN, data={"grant_type": "password", "username": username, "password": password}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

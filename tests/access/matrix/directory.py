"""The directory (issue #5): organisations and information categories for every signed-in
caller; users for administrators and the social-services staff who put groups together;
every change, and the integration clients, for administrators only."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session, object_session

from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.access.matrix.model import ROLES, Operation
from tests.world import World

SIGNED_IN_ROLES = frozenset(ROLES) - {"anonymous"}
USER_READERS = frozenset(
    {"admin", "unit_manager", "case_officer", "coordinator", "other_case_officer"}
)
ADMIN = frozenset({"admin"})
IF_MATCH = {"If-Match": '"v1"'}
PASSWORD = "ett-tillrackligt-langt-losenord"


def _session(world: World) -> Session:
    session = object_session(world.police)
    assert session is not None
    return session


def _organization(world: World, _situation: str) -> dict[str, str]:
    org = f.make_org(_session(world), OrganizationKind.ngo)
    return {"organization_id": str(org.id)}


def _user(world: World, _situation: str) -> dict[str, str]:
    user = f.make_user(_session(world), world.police, Role.professional)
    return {"user_id": str(user.id)}


def _client(world: World, _situation: str) -> dict[str, str]:
    assert world.police_client is not None
    return {"client_uuid": str(world.police_client.id)}


def _new_user(world: World, _situation: str) -> dict[str, object]:
    return {
        "username": f"ny.{uuid.uuid4().hex[:12]}",
        "display_name": "Ny Användare",
        "organization_id": str(world.police.id),
        "roles": ["professional"],
        "password": PASSWORD,
    }


def _new_client(world: World, _situation: str) -> dict[str, object]:
    return {
        "client_id": f"skolsystem-{uuid.uuid4().hex[:12]}",
        "name": "Skolans system",
        "organization_id": str(world.school.id),
        "scopes": ["cases:read"],
    }


OPERATIONS = [
    Operation("organizations:list", "GET", "/api/v1/organizations", SIGNED_IN_ROLES),
    Operation(
        "organizations:create",
        "POST",
        "/api/v1/organizations",
        ADMIN,
        success=frozenset({201}),
        body=lambda w, s: {"name": "Föreningen Nytt Steg", "kind": "ngo"},
    ),
    Operation(
        "organizations:get",
        "GET",
        "/api/v1/organizations/{organization_id}",
        SIGNED_IN_ROLES,
        path_params=_organization,
    ),
    Operation(
        "organizations:update",
        "PATCH",
        "/api/v1/organizations/{organization_id}",
        ADMIN,
        path_params=_organization,
        body=lambda w, s: {"name": "Föreningen Nytt Steg"},
        headers=lambda w, s: IF_MATCH,
    ),
    Operation("users:list", "GET", "/api/v1/users", USER_READERS),
    Operation(
        "users:create",
        "POST",
        "/api/v1/users",
        ADMIN,
        success=frozenset({201}),
        body=_new_user,
    ),
    Operation("users:get", "GET", "/api/v1/users/{user_id}", USER_READERS, path_params=_user),
    Operation(
        "users:update",
        "PATCH",
        "/api/v1/users/{user_id}",
        ADMIN,
        path_params=_user,
        body=lambda w, s: {"display_name": "Petra Polis"},
        headers=lambda w, s: IF_MATCH,
    ),
    Operation(
        "users:reset-password",
        "POST",
        "/api/v1/users/{user_id}/reset-password",
        ADMIN,
        success=frozenset({204}),
        path_params=_user,
        body=lambda w, s: {"password": PASSWORD},
    ),
    Operation("clients:list", "GET", "/api/v1/clients", ADMIN),
    Operation(
        "clients:create",
        "POST",
        "/api/v1/clients",
        ADMIN,
        success=frozenset({201}),
        body=_new_client,
    ),
    Operation("clients:get", "GET", "/api/v1/clients/{client_uuid}", ADMIN, path_params=_client),
    Operation(
        "clients:update",
        "PATCH",
        "/api/v1/clients/{client_uuid}",
        ADMIN,
        path_params=_client,
        body=lambda w, s: {"name": "Polisens ärendesystem"},
        headers=lambda w, s: IF_MATCH,
    ),
    Operation(
        "clients:rotate-secret",
        "POST",
        "/api/v1/clients/{client_uuid}/rotate-secret",
        ADMIN,
        path_params=_client,
    ),
    Operation("categories:list", "GET", "/api/v1/information-categories", SIGNED_IN_ROLES),
]

"""The permission matrix (issue #3), generated from one declarative table.

Every operation of the OpenAPI spec x every role x every access situation of tests/world.py.
A cell is allowed or denied; denied cells never leak data: 404 for a case the caller cannot
see (exactly like a missing one), 401/403 without a body that names anything, and lists
filtered to exactly what single reads allow. An operation missing from the table fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.world import SITUATIONS, UNIT_CASES, World

ROLES = (
    "anonymous",
    "admin",
    "auditor",
    "preparation_group",
    "unit_manager",
    "case_officer",
    "coordinator",
    "other_case_officer",
    "professional",
    "integration",
)
NONE: frozenset[str] = frozenset()
PUBLIC = "public"  # no authentication needed
SIGNED_IN = "signed-in"  # any authenticated principal

# Which situations each role reaches a case in: the rules of api/access/policy.py.
CASE_READERS: dict[str, frozenset[str]] = {
    "unit_manager": UNIT_CASES,
    "case_officer": UNIT_CASES,
    "coordinator": UNIT_CASES,
    "other_case_officer": frozenset({"other_unit"}),
    "professional": frozenset({"consented"}),
    "integration": frozenset({"consented"}),
}

# operation id -> PUBLIC | SIGNED_IN | {role: situations in which the role is allowed}
MATRIX: dict[str, Any] = {
    "health:live": PUBLIC,
    "health:ready": PUBLIC,
    "auth:jwks": PUBLIC,
    "auth:token": PUBLIC,
    "auth:revoke": PUBLIC,
    "me:get": SIGNED_IN,
    "cases:list": CASE_READERS,
    "cases:get": CASE_READERS,
    "journal:list": CASE_READERS,
    "access-log:list": {
        "case_officer": UNIT_CASES,
        "other_case_officer": frozenset({"other_unit"}),
    },
    "audit-events:list": {"auditor"},
}

CASE_OPERATIONS = {
    "cases:get": "/api/v1/cases/{case_id}",
    "journal:list": "/api/v1/cases/{case_id}/journal",
    "access-log:list": "/api/v1/cases/{case_id}/access-log",
}
ROLE_OPERATIONS = {"audit-events:list": "/api/v1/audit-events"}


def test_every_operation_is_in_the_matrix() -> None:
    spec = create_app().openapi()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert operations - MATRIX.keys() == set(), "add these operations to MATRIX"
    assert MATRIX.keys() - operations == set(), "MATRIX names operations that do not exist"


@pytest.fixture
def as_role(
    world: World, api: TestClient, client_as: Callable[[Any], TestClient]
) -> Callable[[str], TestClient]:
    def make(role: str) -> TestClient:
        if role == "anonymous":
            return api
        if role == "integration":
            return client_as(world.police_client)
        return client_as(world.users[role])

    return make


def _allowed(operation: str, role: str, situation: str) -> bool:
    rule = MATRIX[operation]
    return bool(rule.get(role, NONE) & {situation})


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(CASE_OPERATIONS))
def test_case_scoped_operation(
    operation: str, role: str, situation: str, world: World, as_role: Callable[[str], TestClient]
) -> None:
    case = world.cases[situation]
    response = as_role(role).get(CASE_OPERATIONS[operation].format(case_id=case.id))

    if _allowed(operation, role, situation):
        assert response.status_code == 200, response.text
        return
    expected = 401 if role == "anonymous" else 404
    if role in ("admin", "auditor", "preparation_group"):
        expected = 403  # no case scope at all: refused before any case is looked up
    elif _allowed("cases:get", role, situation):
        expected = 403  # the caller may see the case, not do this with it
    assert response.status_code == expected, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert case.reference not in response.text
    assert str(case.young_person_id) not in response.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(ROLE_OPERATIONS))
def test_role_operation(operation: str, role: str, as_role: Callable[[str], TestClient]) -> None:
    response = as_role(role).get(ROLE_OPERATIONS[operation])
    if role in MATRIX[operation]:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert "items" not in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_case_list_shows_exactly_what_single_reads_allow(
    role: str, world: World, as_role: Callable[[str], TestClient]
) -> None:
    response = as_role(role).get("/api/v1/cases", params={"limit": 200})
    readable = CASE_READERS.get(role)
    if readable is None:
        assert response.status_code == (401 if role == "anonymous" else 403)
        return
    assert response.status_code == 200, response.text
    listed = {item["id"] for item in response.json()["items"]}
    assert listed == {str(world.cases[s].id) for s in readable}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_me_for_every_signed_in_role(role: str, as_role: Callable[[str], TestClient]) -> None:
    assert MATRIX["me:get"] == SIGNED_IN
    response = as_role(role).get("/api/v1/me")
    assert response.status_code == 200, response.text
    assert response.json()["roles"]


def test_me_needs_authentication(api: TestClient) -> None:
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("case_officer", {"police", "school", "health"}),
        ("unit_manager", {"police", "school", "health"}),
        ("professional", {"police", "school"}),
        ("integration", {"police", "school"}),
    ],
)
def test_journal_shows_only_consented_categories(
    role: str, visible: set[str], world: World, as_role: Callable[[str], TestClient]
) -> None:
    case = world.cases["consented"]
    response = as_role(role).get(f"/api/v1/cases/{case.id}/journal")
    assert response.status_code == 200
    assert {e["category_code"] for e in response.json()["items"]} == visible
    health_body = world.journal["health"].body
    assert (health_body in response.text) is ("health" in visible)

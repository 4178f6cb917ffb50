"""The permission matrix (issue #3), generated from the declarative table in
tests/access/matrix/: every operation of the OpenAPI spec x every role x every access
situation of tests/world.py. Denied cells never leak data: 404 for a case the caller cannot
see (exactly like a missing one), 401/403 with a problem body that names nothing, and lists
filtered to exactly what single reads allow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from api.access.scopes import scopes_for_client, scopes_for_roles
from api.auth.principal import Scope
from api.main import create_app
from api.models.enums import Role
from tests.access.matrix import OPERATIONS
from tests.access.matrix.model import CASE_READERS, PUBLIC, ROLES, SIGNED_IN, Operation
from tests.access.routes import required_scopes
from tests.world import POLICE_CLIENT_SCOPES, SITUATIONS, World

REQUIRED_SCOPES = required_scopes()
CASE_OPERATIONS = sorted(op.id for op in OPERATIONS.values() if op.case_scoped)
ROLE_OPERATIONS = sorted(
    op.id
    for op in OPERATIONS.values()
    if not op.case_scoped and op.allowed not in (PUBLIC, SIGNED_IN) and op.id != "cases:list"
)


def test_every_operation_is_in_the_matrix() -> None:
    spec = create_app().openapi()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert operations - OPERATIONS.keys() == set(), "add these operations to tests/access/matrix"
    assert OPERATIONS.keys() - operations == set(), "the matrix names operations that do not exist"


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


def _send(client: TestClient, op: Operation, world: World, situation: str | None) -> Any:
    params = {"case_id": str(world.cases[situation].id)} if situation else {}
    if op.path_params:
        params |= op.path_params(world, situation or "")
    return client.request(
        op.method,
        op.path.format(**params),
        params=dict(op.query),
        json=op.body(world, situation or "") if op.body else None,
        headers=op.headers(world, situation or "") if op.headers else None,
    )


def _role_scopes(role: str) -> frozenset[Scope]:
    if role == "integration":
        return scopes_for_client(POLICE_CLIENT_SCOPES)
    return scopes_for_roles({Role(role.removeprefix("other_"))})


def _denial(op: Operation, role: str, situation: str) -> int:
    if role == "anonymous":
        return 401
    if not REQUIRED_SCOPES[op.id] <= _role_scopes(role):
        return 403  # lacks the route's scope: refused before any case is looked up
    if OPERATIONS["cases:get"].allows(role, situation):
        return 403  # the caller may see the case, not do this with it
    return 404


def _cell_problem(
    op: Operation, role: str, situation: str, world: World, client: TestClient
) -> str | None:
    """What is wrong with one cell, or None."""
    case = world.cases[situation]
    response = _send(client, op, world, situation)
    where = f"{op.id} as {role} in {situation}: {response.status_code}"
    if op.allows(role, situation):
        return None if response.status_code in op.success else f"{where} {response.text[:300]}"
    if response.status_code != _denial(op, role, situation):
        return f"{where}, expected {_denial(op, role, situation)}: {response.text[:300]}"
    leaked = case.reference in response.text or str(case.young_person_id) in response.text
    if leaked or response.headers["content-type"] != "application/problem+json":
        return f"{where} leaks data or is not a problem response"
    return None


@pytest.mark.parametrize("operation", CASE_OPERATIONS)
def test_case_scoped_operation(
    operation: str,
    world: World,
    as_role: Callable[[str], TestClient],
    session: Session,
    connection: Connection,
) -> None:
    """Every role x situation for one operation. Each cell runs in a savepoint rolled back
    afterwards, so a write in one cell (a withdrawal, a closure) cannot change the next."""
    op = OPERATIONS[operation]
    clients = {role: as_role(role) for role in ROLES}
    session.commit()  # the world, stored below the cells' savepoints
    problems = []
    for role in ROLES:
        for situation in SITUATIONS:
            session.commit()  # the session holds no savepoint that encloses the cell's
            cell = connection.begin_nested()
            try:
                problems.append(_cell_problem(op, role, situation, world, clients[role]))
            finally:
                session.commit()  # end the session's savepoint inside the cell first
                cell.rollback()
                session.expire_all()  # what the request changed in memory is undone too
    assert [p for p in problems if p] == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", ROLE_OPERATIONS)
def test_role_operation(
    operation: str, role: str, world: World, as_role: Callable[[str], TestClient]
) -> None:
    op = OPERATIONS[operation]
    response = _send(as_role(role), op, world, None)
    if op.allows(role):
        assert response.status_code in op.success, response.text
    else:
        assert response.status_code == (401 if role == "anonymous" else 403), response.text
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
    assert OPERATIONS["me:get"].allowed == SIGNED_IN
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

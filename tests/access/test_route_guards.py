"""A forgotten check fails CI: every route declares its permission, every case-scoped route
reaches its case through the authorising dependencies, and routers hold no SQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from api.access.dependencies import (
    get_access_log_case,
    get_assignable_case,
    get_editable_case,
    get_readable_case,
)
from api.auth.dependencies import ScopeRequirement
from tests.access.routes import api_routes, dependencies

# calendar:feed: the secret token in its URL is the credential (calendar apps send no bearer).
PUBLIC_OPERATIONS = {
    "health:live",
    "health:ready",
    "auth:jwks",
    "auth:token",
    "auth:revoke",
    "calendar:feed",
}
API_ROOT = Path(__file__).resolve().parents[2] / "api"
SQL_IN_ROUTER = re.compile(
    r"(?<![.\w])(select|insert|update|delete|text)\(|\b(session|connection)\.(execute|scalars?|get|get_one|query)\("
)


@pytest.mark.parametrize("route", api_routes(), ids=lambda r: r.name)
def test_route_declares_a_scope(route: APIRoute) -> None:
    if route.name in PUBLIC_OPERATIONS:
        return
    scopes = [d for d in dependencies(route.dependant) if isinstance(d, ScopeRequirement)]
    assert scopes, f"{route.name} ({route.path}) has no require_scope dependency"


@pytest.mark.parametrize(
    "route", [r for r in api_routes() if "{case_id}" in r.path], ids=lambda r: r.name
)
def test_case_scoped_route_is_authorised(route: APIRoute) -> None:
    calls = set(dependencies(route.dependant))
    assert calls & {
        get_readable_case,
        get_editable_case,
        get_access_log_case,
        get_assignable_case,
    }, f"{route.name} ({route.path}) must resolve its case through ReadableCase/EditableCase"


def test_public_operations_exist() -> None:
    assert {r.name for r in api_routes()} >= PUBLIC_OPERATIONS


@pytest.mark.parametrize(
    "module", sorted(API_ROOT.glob("*/router.py")), ids=lambda p: p.parent.name
)
def test_router_holds_no_sql(module: Path) -> None:
    source = module.read_text()
    assert not SQL_IN_ROUTER.search(source), f"{module.relative_to(API_ROOT.parent)} contains SQL"

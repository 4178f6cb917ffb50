"""Walking the app's routes and their dependency trees (shared by the access tests)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from api.auth.dependencies import ScopeRequirement
from api.auth.principal import Scope
from api.main import create_app


def api_routes() -> list[APIRoute]:
    """The app's API routes, looking through included routers."""
    routes = (context.original_route for context in iter_route_contexts(create_app().routes))
    return [r for r in routes if isinstance(r, APIRoute) and r.include_in_schema]


def dependencies(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from dependencies(sub)


def required_scopes() -> dict[str, frozenset[Scope]]:
    """Operation id -> the scopes its route requires."""
    return {
        route.name: frozenset(
            d.scope for d in dependencies(route.dependant) if isinstance(d, ScopeRequirement)
        )
        for route in api_routes()
    }

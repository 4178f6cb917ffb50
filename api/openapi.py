"""The published contract: stable operation ids and problem+json error documentation."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from api.errors import PROBLEM_MEDIA_TYPE, FieldError, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def operation_id(route: APIRoute) -> str:
    """Operation ids are the route names (``cases:list``), stable across refactors."""
    return route.name


def _problem_schemas() -> dict[str, Any]:
    schemas = {}
    for model in (FieldError, Problem):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema.pop("$defs", None)
        schemas[model.__name__] = schema
    return schemas


def _validation_as_problem(spec: dict[str, Any]) -> None:
    """FastAPI documents 422 as its own HTTPValidationError; we answer problem details."""
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            response = operation.get("responses", {}).get("422")
            if response is not None:
                response["description"] = "The request is not valid"
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}}
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(_problem_schemas())


def _authentication_documented(spec: dict[str, Any]) -> None:
    """Every operation that needs a token may answer 401."""
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            if operation.get("security"):
                operation["responses"].setdefault(
                    "401",
                    {
                        "description": "Authentication required",
                        "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}},
                    },
                )


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        servers=[{"url": "/", "description": "This server"}],
    )
    _validation_as_problem(spec)
    _authentication_documented(spec)
    spec["components"]["schemas"] = dict(sorted(spec["components"]["schemas"].items()))
    app.openapi_schema = spec
    return spec


def export_yaml(app: FastAPI) -> str:
    """The committed ``openapi.yaml``: the app's spec, keys in the app's own order."""
    import yaml

    return yaml.safe_dump(app.openapi(), sort_keys=False, allow_unicode=True, width=100)

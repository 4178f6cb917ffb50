"""The published contract: stable operation ids, problem+json error documentation and the links
from a response to what the client can do next."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from api.errors import PROBLEM_MEDIA_TYPE, FieldError, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

# OpenAPI links: from the answer that names a resource to the operations on it, so a generated
# client and schemathesis's stateful phase (bench/fuzz.py) can follow create -> read -> change.
# None from a list: its first item may not exist (schemathesis infers those, per item).
NEW_ID = "$response.body#/id"
SAME_CASE = "$request.path.case_id"
# The answered version as the ETag an If-Match must name (api.http.etag_for): every versioned
# body carries it, while not every create answer sets the ETag header.
ANSWERED_ETAG = '"v{$response.body#/version}"'

Parameters = dict[str, str]
Targets = dict[str, Parameters]


def _answered(id_name: str, *, versioned: bool = False) -> Parameters:
    """The resource just answered, by its id (and, to change it, its version)."""
    return {id_name: NEW_ID} | _if_match(versioned)


def _child(id_name: str, *, versioned: bool = False, value: str = NEW_ID) -> Parameters:
    """A resource inside the case of the request's path."""
    return {"case_id": SAME_CASE, id_name: value} | _if_match(versioned)


def _if_match(versioned: bool) -> Parameters:
    return {"If-Match": ANSWERED_ETAG} if versioned else {}


def _each(parameters: Parameters, *operation_ids: str) -> Targets:
    return dict.fromkeys(operation_ids, parameters)


ANSWERED_CASE = _answered("case_id")
ANSWERED_CASE_AT_VERSION = _answered("case_id", versioned=True)
CASE_CHILDREN = (
    "members:list",
    "members:add",
    "consents:list",
    "consents:register",
    "assessments:list",
    "assessments:create",
    "journal:list",
    "journal:create",
    "meetings:list",
    "meetings:schedule",
    "plans:get-current",
    "plans:add-item",
    "access-log:list",
)
MEETING_ACTIONS = ("meetings:cancel", "meetings:record-held", "meetings:set-attendance")

# source operation id -> (its success status, target operation id -> link parameters)
LINKS: dict[str, tuple[str, Targets]] = {
    "cases:create": (
        "201",
        # A proposal's status carries no version; the actions take If-Match when they have it.
        _each(ANSWERED_CASE, "cases:get", "cases:assign", "cases:assess", "cases:reject")
        | _each(ANSWERED_CASE, "members:add", "consents:register"),
    ),
    "cases:get": (
        "200",
        _each(ANSWERED_CASE, *CASE_CHILDREN)
        | _each(
            ANSWERED_CASE_AT_VERSION,
            "cases:update",
            "cases:assess",
            "cases:decide",
            "cases:activate",
            "cases:close",
            "cases:reject",
        ),
    ),
    # The workflow: assign -> assess -> decide -> activate -> close (or reject).
    "cases:assign": ("200", _each(ANSWERED_CASE_AT_VERSION, "cases:assess")),
    "cases:assess": ("200", _each(ANSWERED_CASE_AT_VERSION, "cases:decide", "cases:reject")),
    "cases:decide": ("200", _each(ANSWERED_CASE_AT_VERSION, "cases:activate", "cases:close")),
    "cases:activate": ("200", _each(ANSWERED_CASE_AT_VERSION, "cases:update", "cases:close")),
    "cases:update": ("200", _each(ANSWERED_CASE, "cases:get")),
    "cases:close": ("200", _each(ANSWERED_CASE, "cases:get")),
    "cases:reject": ("200", _each(ANSWERED_CASE, "cases:get")),
    "members:add": ("201", {"members:leave": _child("member_id")}),
    "consents:register": ("201", _each(_child("consent_id"), "consents:get", "consents:withdraw")),
    "consents:get": ("200", {"consents:withdraw": _child("consent_id")}),
    "assessments:create": ("201", {"assessments:get": _child("assessment_id")}),
    "journal:create": ("201", {"journal:get": _child("entry_id")}),
    "meetings:schedule": (
        "201",
        _each(_child("meeting_id"), "meetings:get", "meetings:ics", *MEETING_ACTIONS)
        | {"meetings:update": _child("meeting_id", versioned=True)},
    ),
    "meetings:get": (
        "200",
        _each(_child("meeting_id"), *MEETING_ACTIONS)
        | {"meetings:update": _child("meeting_id", versioned=True)},
    ),
    "plans:get-current": (
        "200",
        {"plans:publish": {"case_id": SAME_CASE, "If-Match": ANSWERED_ETAG}},
    ),
    "plans:add-item": (
        "201",
        {
            "plans:update-item": _child("item_id", versioned=True),
            "plans:remove-item": _child("item_id"),
        },
    ),
    "plans:publish": (
        "201",
        _each(
            _child("number", value="$response.body#/number"),
            "plans:get-version",
            "plans:get-version-pdf",
            "plans:compare",
        ),
    ),
    "organizations:create": (
        "201",
        {
            "organizations:get": _answered("organization_id"),
            "organizations:update": _answered("organization_id", versioned=True),
        },
    ),
    "organizations:get": (
        "200",
        {"organizations:update": _answered("organization_id", versioned=True)},
    ),
    "users:create": (
        "201",
        _each(_answered("user_id"), "users:get", "users:reset-password")
        | {"users:update": _answered("user_id", versioned=True)},
    ),
    "users:get": ("200", {"users:update": _answered("user_id", versioned=True)}),
    "clients:create": (
        "201",
        _each(_answered("client_uuid"), "clients:get", "clients:rotate-secret")
        | {"clients:update": _answered("client_uuid", versioned=True)},
    ),
    "clients:get": ("200", {"clients:update": _answered("client_uuid", versioned=True)}),
    "webhooks:create": (
        "201",
        _each(
            _answered("webhook_id"),
            "webhooks:get",
            "webhooks:list-deliveries",
            "webhooks:rotate-secret",
            "webhooks:delete",
        )
        | {"webhooks:update": _answered("webhook_id", versioned=True)},
    ),
    "webhooks:get": ("200", {"webhooks:update": _answered("webhook_id", versioned=True)}),
}


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
                response.update(_problem_response("The request is not valid"))
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(_problem_schemas())


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}},
    }


def _busy_response() -> dict[str, Any]:
    return {
        **_problem_response(
            "The server is busy and did not start the request; send it again after Retry-After"
        ),
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before sending the request again.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    }


def _common_responses_documented(spec: dict[str, Any]) -> None:
    """Every operation that needs a token may answer 401, and every API operation 503 when
    it waited too long for the server (``RequestSlotsMiddleware``)."""
    for path, path_item in spec.get("paths", {}).items():
        for operation in path_item.values():
            responses = operation["responses"]
            if operation.get("security"):
                responses.setdefault("401", _problem_response("Authentication required"))
            if path.startswith("/api/"):
                responses.setdefault("503", _busy_response())


def link_name(operation_id: str) -> str:
    """``cases:get`` -> ``cases-get``: link names follow the component-name pattern."""
    return operation_id.replace(":", "-")


def _links_documented(spec: dict[str, Any]) -> None:
    by_id = {
        operation["operationId"]: operation
        for path_item in spec.get("paths", {}).values()
        for operation in path_item.values()
    }
    for source, (status, targets) in LINKS.items():
        response = by_id[source]["responses"][status]
        response["links"] = {
            link_name(target): {"operationId": target, "parameters": dict(parameters)}
            for target, parameters in targets.items()
        }


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
    _common_responses_documented(spec)
    _links_documented(spec)
    spec["components"]["schemas"] = dict(sorted(spec["components"]["schemas"].items()))
    app.openapi_schema = spec
    return spec


def export_yaml(app: FastAPI) -> str:
    """The committed ``openapi.yaml``: the app's spec, keys in the app's own order."""
    import yaml

    return yaml.safe_dump(app.openapi(), sort_keys=False, allow_unicode=True, width=100)

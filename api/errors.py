"""One error hierarchy, rendered as RFC 9457 problem details.

Services raise ``AppError`` subclasses, never ``HTTPException``. Each has a status and a stable
``type`` URI, so integrators can branch on the type rather than on the wording.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from api.request_context import current_request_id

PROBLEM_BASE = "https://samverka.se/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's 400 for unreadable bodies

log = structlog.get_logger(__name__)


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the offending field, e.g. `body.valid_until`.")
    rule: str = Field(description="The rule that was broken, e.g. `missing` or `too_long`.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None
    error: str | None = Field(
        default=None, description="OAuth 2.0 error code (RFC 6749), on the token endpoint only."
    )


class AppError(Exception):
    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"
    oauth_error: ClassVar[str | None] = None

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors

    @classmethod
    def type_uri(cls) -> str:
        return PROBLEM_BASE + cls.slug

    def headers(self) -> dict[str, str]:
        return {}


class PersistedRefusal(Exception):
    """Mixin for refusals whose bookkeeping must be stored although the request fails:
    a counted login failure, a revoked refresh-token family. The request's transaction is
    committed instead of rolled back, so the service must raise right after that bookkeeping."""


class Unauthorized(AppError):
    status, slug, title = 401, "unauthorized", "Authentication required"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer realm="samverka"'}


class Forbidden(AppError):
    status, slug, title = 403, "forbidden", "Not allowed"


class NotFound(AppError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, slug, title = 409, "conflict", "Conflict"


class RuleViolated(AppError):
    """A domain rule refused the change (DOMAIN.md, 'Rules the product must enforce')."""

    status, slug, title = 409, "rule-violated", "The change breaks a rule of the workflow"


class ConsentRuleViolated(RuleViolated):
    slug, title = "consent-rule-violated", "The consent does not meet the requirements"


class PreconditionFailed(AppError):
    status, slug, title = 412, "precondition-failed", "The resource has changed"


class PreconditionRequired(AppError):
    status, slug, title = 428, "precondition-required", "If-Match header required"


class InvalidInput(AppError):
    status, slug, title = 422, "validation-error", "The request is not valid"

    @classmethod
    def body_field(cls, field: str, rule: str, message: str) -> InvalidInput:
        """A 422 naming one body field (``body.<field>``) and the rule it breaks."""
        return cls(message, errors=[FieldError(field=f"body.{field}", rule=rule, message=message)])


class HeaderTooLarge(AppError):
    status, slug, title = 431, "header-too-large", "Request header too large"


class TooManyRequests(AppError):
    status, slug, title = 429, "too-many-requests", "Too many attempts"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


def problem_response(
    request: Request,
    *,
    status: int,
    type_uri: str,
    title: str,
    detail: str | None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    oauth_error: str | None = None,
) -> JSONResponse:
    problem = Problem(
        type=type_uri,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=current_request_id(),
        errors=errors,
        error=oauth_error,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, AppError):  # registered for this type only
        raise exc
    return problem_response(
        request,
        status=exc.status,
        type_uri=exc.type_uri(),
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers(),
        oauth_error=exc.oauth_error,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, RequestValidationError):  # registered for this type only
        raise exc
    # The offending input is not echoed back: it may hold personal data.
    errors = [
        FieldError(field=_field_path(e["loc"]), rule=e["type"], message=e["msg"])
        for e in exc.errors()
    ]
    fields = ", ".join(sorted({e.field for e in errors}))
    return problem_response(
        request,
        status=422,
        type_uri=InvalidInput.type_uri(),
        title=InvalidInput.title,
        detail=f"Check these fields: {fields}.",
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, StarletteHTTPException):  # registered for this type only
        raise exc
    if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
        # A body that is not even JSON is invalid input like any other: 422, field named.
        errors = [
            FieldError(field="body", rule="json_invalid", message="The body is not valid JSON.")
        ]
        return problem_response(
            request,
            status=422,
            type_uri=InvalidInput.type_uri(),
            title=InvalidInput.title,
            detail="The request body could not be read as JSON.",
            errors=errors,
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return problem_response(
        request,
        status=exc.status_code,
        type_uri=PROBLEM_BASE + f"http-{exc.status_code}",
        title=str(exc.detail),
        detail=str(exc.detail),
        headers=headers,
    )


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _allowed_methods(request: Request) -> str | None:
    """Every method the path has (RFC 9110, 15.5.6), from the published paths. Each method of
    a path is a route of its own, and Starlette's ``Allow`` names only the first route whose
    path matched. The path's methods are those of the first published path it matches, in
    route order, as routing picks: ``…/{meeting_id}.ics`` is not ``…/{meeting_id}``. None for
    a path the spec does not publish."""
    paths: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        request.app.state, "allowed_methods", None
    )
    if paths is None:
        paths = [
            (compile_path(path)[0], {m.upper() for m in operations if m in _HTTP_METHODS})
            for path, operations in request.app.openapi()["paths"].items()
        ]
        request.app.state.allowed_methods = paths
    match = (methods for regex, methods in paths if regex.match(request.url.path))
    return ", ".join(sorted(next(match, set()))) or None


async def _stale_data(request: Request, exc: Exception) -> JSONResponse:
    """A concurrent writer changed the row between our read and our UPDATE."""
    return problem_response(
        request,
        status=412,
        type_uri=PreconditionFailed.type_uri(),
        title=PreconditionFailed.title,
        detail="Someone else has changed this since you read it. Reload and try again.",
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled_error", error_type=type(exc).__name__, path=request.url.path)
    return problem_response(
        request,
        status=500,
        type_uri=PROBLEM_BASE + "internal-error",
        title="Internal error",
        detail="Something went wrong on our side. Quote the request id if you contact support.",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.add_exception_handler(Exception, _unexpected_error)


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry documenting a route's problem answers in the OpenAPI spec."""
    documented: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        entry = documented.setdefault(
            error.status,
            {
                "description": error.title,
                "content": {
                    PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            },
        )
        if entry["description"] != error.title:
            entry["description"] = f"{entry['description']}; {error.title}"
    return documented

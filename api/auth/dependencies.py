"""Request dependencies: who is calling, and whether the route's scope allows it."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import principals
from api.auth.principal import Principal, PrincipalKind, Scope
from api.config import get_settings
from api.db import DbSession
from api.errors import Forbidden, HeaderTooLarge, Unauthorized

MAX_AUTHORIZATION_HEADER_BYTES = 8192
USER_CHANNELS = frozenset({"web", "mobile"})  # X-Samverka-Channel, recorded in the access log

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An access token from `POST /api/v1/auth/token`.",
)


def get_principal(
    request: Request,
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    if len(request.headers.get("authorization", "")) > MAX_AUTHORIZATION_HEADER_BYTES:
        raise HeaderTooLarge("The Authorization header is too large.")
    if credentials is None:
        raise Unauthorized("Log in and send the access token as 'Authorization: Bearer <token>'.")
    principal = principals.resolve(session, credentials.credentials, get_settings())
    channel = principal.channel
    if principal.kind is PrincipalKind.user:
        asked = request.headers.get("x-samverka-channel", "")
        channel = asked if asked in USER_CHANNELS else "api"
    address = request.client.host if request.client else None
    return replace(principal, channel=channel, client_address=address)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


class ScopeRequirement:
    """A route's function-level permission. The route walk in the tests looks for it.

    ``async`` because it only compares sets: a sync dependency costs every request a
    hand-off to the thread pool and back (78-94 µs of CPU each, bench/README.md)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if self.scope not in principal.scopes:
            raise Forbidden(
                f"This needs the '{self.scope.value}' permission, which you do not have."
            )
        return principal


def require_scope(scope: Scope) -> ScopeRequirement:
    return ScopeRequirement(scope)


# A principal that holds the named scope; routes declare their permission with one of these.
ProfileReader = Annotated[Principal, Depends(require_scope(Scope.profile))]
CaseReader = Annotated[Principal, Depends(require_scope(Scope.cases_read))]
CaseWriter = Annotated[Principal, Depends(require_scope(Scope.cases_write))]
CaseAssigner = Annotated[Principal, Depends(require_scope(Scope.cases_assign))]
AuditReader = Annotated[Principal, Depends(require_scope(Scope.audit_read))]
DirectoryManager = Annotated[Principal, Depends(require_scope(Scope.directory_manage))]
WebhookManager = Annotated[Principal, Depends(require_scope(Scope.webhooks_manage))]
StatsReader = Annotated[Principal, Depends(require_scope(Scope.stats_read))]

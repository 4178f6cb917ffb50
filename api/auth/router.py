"""Authentication endpoints: the OAuth 2.0 token endpoint, revocation, who am I, JWKS."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from api.auth import service, tokens
from api.auth.dependencies import ProfileReader
from api.auth.oauth_errors import InvalidClient, InvalidRequest, UnsupportedGrantType
from api.auth.schemas import JwkSet, Me, RevokeRequest, TokenRequest, TokenResponse
from api.config import get_settings
from api.db import DbSession
from api.errors import TooManyRequests, error_responses
from api.models import utcnow

router = APIRouter(prefix="/api/v1", tags=["auth"])
well_known = APIRouter(tags=["auth"])

PUBLIC: dict[str, Any] = {"security": []}  # no token needed (documented for the linter)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """Client id and secret from HTTP Basic (RFC 6749 §2.3.1), if sent that way."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidClient("Malformed Basic credentials.") from exc
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


def _required(value: str | None, name: str) -> str:
    if not value:
        raise InvalidRequest(f"The '{name}' parameter is required for this grant type.")
    return value


@router.post(
    "/auth/token",
    name="auth:token",
    summary="Get an access token",
    responses=error_responses(InvalidRequest, InvalidClient, TooManyRequests),
    openapi_extra=PUBLIC,
)
def token(
    request: Request,
    response: Response,
    session: DbSession,
    form: Annotated[TokenRequest, Form()],
) -> TokenResponse:
    """OAuth 2.0 token endpoint: `password`, `client_credentials` and `refresh_token` grants."""
    response.headers.update(NO_STORE)
    ctx = service.TokenContext(settings=get_settings(), now=utcnow())
    if form.grant_type == "password":
        username = _required(form.username, "username")
        password = _required(form.password, "password")
        return service.password_grant(session, ctx, username, password, form.scope)
    if form.grant_type == "client_credentials":
        client_id, secret = _basic_credentials(request) or (form.client_id, form.client_secret)
        client_id = _required(client_id, "client_id")
        secret = _required(secret, "client_secret")
        return service.client_credentials_grant(session, ctx, client_id, secret, form.scope)
    if form.grant_type == "refresh_token":
        refresh = _required(form.refresh_token, "refresh_token")
        return service.refresh_grant(session, ctx, refresh, form.scope)
    raise UnsupportedGrantType("Use grant_type password, client_credentials or refresh_token.")


@router.post(
    "/auth/revoke",
    name="auth:revoke",
    summary="Log out (revoke a refresh token)",
    status_code=200,
    response_class=Response,
    responses={
        **error_responses(InvalidRequest),
        200: {"description": "Revoked (an unknown token is ignored, RFC 7009)."},
    },
    openapi_extra=PUBLIC,
)
def revoke(session: DbSession, form: Annotated[RevokeRequest, Form()]) -> Response:
    """RFC 7009 revocation: ends the login the refresh token belongs to."""
    service.revoke(session, form.token, utcnow())
    return Response(status_code=200, headers=NO_STORE)


@router.get("/me", name="me:get", summary="Who am I", tags=["me"])
def me(principal: ProfileReader, session: DbSession) -> Me:
    """The caller's identity, organisation, roles and scopes in force now."""
    return service.describe(session, principal)


@well_known.get("/.well-known/jwks.json", name="auth:jwks", summary="Public signing keys")
def jwks() -> JwkSet:
    """The public keys that verify this server's access tokens (empty with HS256)."""
    return JwkSet.model_validate(tokens.jwks_document(get_settings()))

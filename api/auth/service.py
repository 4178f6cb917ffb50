"""The OAuth 2.0 grants: password, client credentials, refresh token; and revocation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.orm import Session, aliased

from api.access.scopes import parse_requested, scopes_for_client, scopes_for_roles
from api.auth import refresh_tokens, throttle, tokens
from api.auth.oauth_errors import InvalidClient, InvalidGrant
from api.auth.passwords import verify_secret
from api.auth.principal import Principal, PrincipalKind, Scope
from api.auth.schemas import Me, OrganizationRef, TokenResponse
from api.config import Settings
from api.errors import PersistedRefusal
from api.models import IntegrationClient, Organization, User

WRONG_CREDENTIALS = "Wrong login name or password."  # the same for an unknown login name


class LoginFailed(InvalidGrant, PersistedRefusal):
    """A failed login; the failure count is committed although the request fails."""


class ClientAuthFailed(InvalidClient, PersistedRefusal):
    """Failed client authentication; counted like a failed login."""


@dataclass(frozen=True, slots=True)
class TokenContext:
    settings: Settings
    now: datetime


def _response(
    ctx: TokenContext,
    *,
    subject_id: uuid.UUID,
    kind: PrincipalKind,
    organization_id: uuid.UUID,
    roles: frozenset[str],
    scopes: frozenset[Scope],
    refresh: str | None,
) -> TokenResponse:
    issued = tokens.issue_access_token(
        subject=subject_id,
        kind=kind,
        organization_id=organization_id,
        roles=sorted(roles),
        scopes=sorted(s.value for s in scopes),
        settings=ctx.settings,
        now=ctx.now,
    )
    return TokenResponse(
        access_token=issued.token,
        expires_in=int((issued.expires_at - ctx.now).total_seconds()),
        refresh_token=refresh,
        scope=" ".join(sorted(s.value for s in scopes)),
    )


def _user_tokens(
    session: Session,
    ctx: TokenContext,
    user: User,
    requested: str | None,
    family: uuid.UUID | None = None,
) -> TokenResponse:
    scopes = parse_requested(requested, scopes_for_roles(user.role_set))
    refresh = refresh_tokens.issue(
        session,
        user_id=user.id,
        now=ctx.now,
        lifetime=timedelta(days=ctx.settings.refresh_token_days),
        family_id=family,
    )
    return _response(
        ctx,
        subject_id=user.id,
        kind=PrincipalKind.user,
        organization_id=user.organization_id,
        roles=frozenset(r.value for r in user.role_set),
        scopes=scopes,
        refresh=refresh.secret,
    )


def password_grant(
    session: Session, ctx: TokenContext, username: str, password: str, scope: str | None
) -> TokenResponse:
    subject = throttle.subject_for_user(username)
    throttle.ensure_not_locked(session, subject, ctx.now)
    user = session.scalar(select(User).where(User.username == username.strip().casefold()))
    valid, new_hash = verify_secret(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        throttle.record_failure(session, subject, ctx.now, ctx.settings)
        raise LoginFailed(WRONG_CREDENTIALS)
    if new_hash:
        user.password_hash = new_hash
    throttle.reset(session, subject)
    return _user_tokens(session, ctx, user, scope)


def client_credentials_grant(
    session: Session, ctx: TokenContext, client_id: str, secret: str, scope: str | None
) -> TokenResponse:
    subject = throttle.subject_for_client(client_id)
    throttle.ensure_not_locked(session, subject, ctx.now)
    client = session.scalar(
        select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    )
    valid, new_hash = verify_secret(secret, client.secret_hash if client else None)
    if client is None or not valid or not client.is_active:
        throttle.record_failure(session, subject, ctx.now, ctx.settings)
        raise ClientAuthFailed("Unknown client or wrong client secret.")
    if new_hash:
        client.secret_hash = new_hash
    throttle.reset(session, subject)
    return _response(
        ctx,
        subject_id=client.id,
        kind=PrincipalKind.client,
        organization_id=client.organization_id,
        roles=frozenset({"integration"}),
        scopes=parse_requested(scope, scopes_for_client(client.scopes)),
        refresh=None,
    )


def refresh_grant(
    session: Session, ctx: TokenContext, presented: str, scope: str | None
) -> TokenResponse:
    used = refresh_tokens.consume(session, presented, ctx.now)
    user = session.get(User, used.user_id)
    logged_out = (
        user is not None
        and user.tokens_valid_after is not None
        and (used.created_at < user.tokens_valid_after)
    )
    if user is None or not user.is_active or logged_out:
        raise InvalidGrant(refresh_tokens.INVALID_REFRESH)
    return _user_tokens(session, ctx, user, scope, family=used.family_id)


def revoke(session: Session, presented: str, now: datetime) -> None:
    """RFC 7009: revoke the refresh token's whole family; unknown tokens are ignored."""
    row = refresh_tokens.find(session, presented)
    if row is not None:
        refresh_tokens.revoke_family(session, row.family_id, now)


_UNIT = aliased(Organization, name="unit")


@lru_cache
def _profile_statement(kind: PrincipalKind) -> Select[*tuple[Any, ...]]:
    """The names ``GET /me`` shows, with the organisation and the unit, in one statement."""
    organization = (
        Organization.id.label("organization_id"),
        Organization.name.label("organization_name"),
        Organization.kind.label("organization_kind"),
    )
    if kind is PrincipalKind.client:
        return (
            select(
                null().label("username"),
                IntegrationClient.name.label("display_name"),
                *organization,
                # The same columns as a user's row: a client belongs to no unit.
                *(null().label(name) for name in ("unit_id", "unit_name", "unit_kind")),
            )
            .join(Organization, Organization.id == IntegrationClient.organization_id)
            .where(IntegrationClient.id == bindparam("subject"))
        )
    return (
        select(
            User.username,
            User.display_name,
            *organization,
            _UNIT.id.label("unit_id"),
            _UNIT.name.label("unit_name"),
            _UNIT.kind.label("unit_kind"),
        )
        .join(Organization, Organization.id == User.organization_id)
        .outerjoin(_UNIT, _UNIT.id == User.unit_id)
        .where(User.id == bindparam("subject"))
    )


def describe(session: Session, principal: Principal) -> Me:
    """``GET /me``: the principal with its organisation and, for unit staff, the unit."""
    row = session.execute(
        _profile_statement(principal.kind), {"subject": principal.subject_id}
    ).one()
    unit = None
    if row.unit_id is not None:
        unit = OrganizationRef(id=row.unit_id, name=row.unit_name, kind=row.unit_kind)
    return Me(
        kind=principal.kind,
        id=principal.subject_id,
        username=row.username,
        display_name=row.display_name,
        organization=OrganizationRef(
            id=row.organization_id, name=row.organization_name, kind=row.organization_kind
        ),
        unit=unit,
        roles=sorted(principal.roles),
        scopes=sorted(s.value for s in principal.scopes),
    )

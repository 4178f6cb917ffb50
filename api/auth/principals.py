"""Turn a verified token into a ``Principal``, from the database's current state.

Roles, the active flag and ``tokens_valid_after`` are read on every request, so deactivating a
user, removing a role or logging a user out everywhere takes effect on the next request.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from api.access.scopes import scopes_for_client, scopes_for_roles
from api.auth import tokens
from api.auth.jwks import JwksCache
from api.auth.principal import Principal, PrincipalKind
from api.config import ConfigurationError, Settings
from api.models import IntegrationClient, Organization, User, UserRole
from api.models.enums import Role


def _still_valid(issued_at: datetime, valid_after: datetime | None) -> bool:
    return valid_after is None or issued_at >= valid_after


@lru_cache
def _user_lookup(by_external_subject: bool) -> Select[*tuple[Any, ...]]:
    """What a user's principal needs, one row per role, from one statement built once.

    Plain columns, not the ``User`` entity with its roles: this runs before every request a
    user makes, and the ORM's identity bookkeeping cost more than the statement itself.
    """
    key = User.external_subject if by_external_subject else User.id
    return (
        select(
            User.id,
            User.organization_id,
            User.unit_id,
            User.is_active,
            User.tokens_valid_after,
            Organization.kind,
            UserRole.role,
        )
        .join(Organization, Organization.id == User.organization_id)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .where(key == bindparam("subject"))
    )


def user_principal(
    session: Session,
    user_id: uuid.UUID | None,
    *,
    issued_at: datetime,
    token_scopes: frozenset[str] | None,
    token_id: str | None,
    external_subject: str | None = None,
) -> Principal:
    by_external = external_subject is not None
    rows = session.execute(
        _user_lookup(by_external), {"subject": external_subject if by_external else user_id}
    ).all()
    if not rows:
        raise tokens.InvalidToken("unknown subject")
    user = rows[0]
    if not user.is_active or not _still_valid(issued_at, user.tokens_valid_after):
        raise tokens.InvalidToken("user inactive or token revoked")
    roles = frozenset(row.role for row in rows if row.role is not None)
    granted = scopes_for_roles(roles)
    if token_scopes is not None:
        granted = frozenset(scope for scope in granted if scope.value in token_scopes)
    return Principal(
        kind=PrincipalKind.user,
        subject_id=user.id,
        organization_id=user.organization_id,
        organization_kind=user.kind,
        roles=roles,
        scopes=granted,
        unit_id=user.unit_id,
        token_id=token_id,
    )


# Plain columns for the same reason as ``_user_lookup``.
_CLIENT_LOOKUP = (
    select(
        IntegrationClient.id,
        IntegrationClient.organization_id,
        IntegrationClient.is_active,
        IntegrationClient.tokens_valid_after,
        IntegrationClient.scopes,
        Organization.kind,
    )
    .join(Organization, Organization.id == IntegrationClient.organization_id)
    .where(IntegrationClient.id == bindparam("subject"))
)


def client_principal(
    session: Session,
    client_id: uuid.UUID,
    *,
    issued_at: datetime,
    token_scopes: frozenset[str],
    token_id: str,
) -> Principal:
    client = session.execute(_CLIENT_LOOKUP, {"subject": client_id}).one_or_none()
    if client is None:
        raise tokens.InvalidToken("unknown client")
    if not client.is_active or not _still_valid(issued_at, client.tokens_valid_after):
        raise tokens.InvalidToken("client inactive or token revoked")
    granted = frozenset(s for s in scopes_for_client(client.scopes) if s.value in token_scopes)
    return Principal(
        kind=PrincipalKind.client,
        subject_id=client.id,
        organization_id=client.organization_id,
        organization_kind=client.kind,
        roles=frozenset({Role.integration}),
        scopes=granted,
        token_id=token_id,
        channel="integration",
    )


@lru_cache
def _jwks_cache(url: str) -> JwksCache:
    return JwksCache(url)


def jwks_cache_for(settings: Settings) -> JwksCache:
    """One key cache per identity provider for the process (it refetches by itself)."""
    if not settings.oidc_jwks_url:
        raise ConfigurationError("Single sign-on needs SAMVERKA_OIDC_JWKS_URL.")
    return _jwks_cache(settings.oidc_jwks_url)


def resolve(session: Session, token: str, settings: Settings) -> Principal:
    """Verify ``token`` (ours, or the configured identity provider's) and load its principal."""
    if settings.oidc_issuer and tokens.unverified_issuer(token) == settings.oidc_issuer:
        external = tokens.decode_external_token(token, settings, jwks_cache_for(settings))
        return user_principal(
            session,
            None,
            issued_at=external.issued_at,
            token_scopes=None,
            token_id=None,
            external_subject=external.subject,
        )
    claims = tokens.decode_access_token(token, settings)
    scopes = frozenset(claims.scopes)
    if claims.kind is PrincipalKind.client:
        return client_principal(
            session,
            claims.subject,
            issued_at=claims.issued_at,
            token_scopes=scopes,
            token_id=claims.token_id,
        )
    return user_principal(
        session,
        claims.subject,
        issued_at=claims.issued_at,
        token_scopes=scopes,
        token_id=claims.token_id,
    )

"""Integration clients: a police or school system using the client credentials grant,
bound to one organisation and limited to the scopes an integration may hold.

The secret is generated here, returned once and stored only as an argon2 hash (the token
endpoint checks it with ``api.auth.passwords.verify_secret``, as for the demo client).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.access.scopes import CLIENT_GRANTABLE_SCOPES
from api.auth import opaque, throttle
from api.auth.passwords import hash_secret
from api.auth.principal import Principal, Scope
from api.directory.schemas import ClientCreate, ClientRead, ClientUpdate, ClientWithSecret
from api.directory.service import (
    audit_write,
    name_page,
    refuse_nulls,
    require_organization,
    text,
)
from api.errors import Conflict, InvalidInput, NotFound
from api.http import require_version
from api.meetings.paging import ascending_page
from api.models import IntegrationClient
from api.pagination import Page

CLIENT_NOT_FOUND = "There is no integration client with that id."
CLIENTS_PATH = "/api/v1/clients"
RESOURCE = "integration_client"


def _checked_scopes(scopes: list[Scope]) -> list[str]:
    """Only what an integration may hold (api/access/scopes.py): a client acts as its
    organisation's professionals, never as an administrator or auditor."""
    refused = sorted(s.value for s in scopes if s not in CLIENT_GRANTABLE_SCOPES)
    if refused:
        allowed = ", ".join(sorted(s.value for s in CLIENT_GRANTABLE_SCOPES))
        raise InvalidInput.body_field(
            "scopes",
            "not_grantable",
            f"An integration client cannot hold {', '.join(refused)}; choose from {allowed}.",
        )
    return sorted(s.value for s in scopes)


def _with_secret(client: IntegrationClient, secret: str) -> ClientWithSecret:
    read = ClientRead.model_validate(client).model_dump()
    return ClientWithSecret(**read, client_secret=secret)


def _new_secret(client: IntegrationClient) -> str:
    secret = opaque.new_secret()
    client.secret_hash = hash_secret(secret)
    return secret


def _end_tokens(client: IntegrationClient, now: datetime) -> None:
    """Access tokens issued before this second are refused (api/auth/principals.py); whole
    seconds, as a token's ``iat`` is, so a token fetched right after this works."""
    client.tokens_valid_after = now.replace(microsecond=0)


def list_clients(session: Session, *, limit: int, cursor: str | None) -> Page[ClientRead]:
    page = ascending_page(
        select(IntegrationClient),
        key=IntegrationClient.name,
        ident=IntegrationClient.id,
        parse=str,
        limit=limit,
        cursor=cursor,
    )
    rows = session.scalars(page).all()
    return Page(
        items=[ClientRead.model_validate(row) for row in rows[:limit]],
        next_cursor=name_page(rows, limit, "name", "id"),
    )


def find_client(session: Session, client_uuid: uuid.UUID) -> IntegrationClient:
    client = session.get(IntegrationClient, client_uuid)
    if client is None:
        raise NotFound(CLIENT_NOT_FOUND)
    return client


def create(session: Session, principal: Principal, body: ClientCreate) -> ClientWithSecret:
    require_organization(session, body.organization_id)
    scopes = _checked_scopes(body.scopes)
    taken = select(IntegrationClient.id).where(IntegrationClient.client_id == body.client_id)
    if session.scalar(taken) is not None:
        raise Conflict(f"The client id '{body.client_id}' is already taken.")
    client = IntegrationClient(
        client_id=body.client_id,
        name=text(body.name, "name"),
        organization_id=body.organization_id,
        scopes=scopes,
        is_active=True,
    )
    secret = _new_secret(client)
    session.add(client)
    session.flush()
    audit_write(session, principal, "clients:create", RESOURCE, client.id)
    return _with_secret(client, secret)


def update(
    session: Session,
    principal: Principal,
    client: IntegrationClient,
    body: ClientUpdate,
    if_match: str | None,
) -> IntegrationClient:
    require_version(client, if_match)
    changes = body.model_dump(exclude_unset=True)
    refuse_nulls(changes, ("name", "scopes", "is_active"))
    if "name" in changes:
        client.name = text(changes["name"], "name")
    if body.scopes is not None:
        client.scopes = _checked_scopes(body.scopes)
    if changes.get("is_active") is False and client.is_active:
        _end_tokens(client, clock.now())
    if "is_active" in changes:
        client.is_active = changes["is_active"]
    session.flush()
    audit_write(session, principal, "clients:update", RESOURCE, client.id)
    return client


def rotate_secret(
    session: Session, principal: Principal, client: IntegrationClient
) -> ClientWithSecret:
    """A new secret at once: the old one no longer gets tokens, and tokens already issued
    with it end (a rotation usually follows a leak). A lockout of the client is lifted."""
    secret = _new_secret(client)
    _end_tokens(client, clock.now())
    throttle.reset(session, throttle.subject_for_client(client.client_id))
    session.flush()
    audit_write(session, principal, "clients:rotate-secret", RESOURCE, client.id)
    return _with_secret(client, secret)

"""The directory: organisations, users, integration clients and information categories.

Organisations and categories are read by every signed-in caller (the case forms pick
members, consent recipients and categories from them); users by administrators and the
social-services staff who put groups together; everything else is the administrator's.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api.access.policy import can_manage_directory, can_read_users
from api.auth.dependencies import DirectoryManager, ProfileReader
from api.auth.principal import Principal
from api.db import DbSession
from api.directory import clients, service, users
from api.directory.schemas import (
    CategoryRead,
    ClientCreate,
    ClientRead,
    ClientUpdate,
    ClientWithSecret,
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
    PasswordReset,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.http import IfMatch, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.models.enums import OrganizationKind, Role
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1", tags=["directory"])


def _administrator(principal: DirectoryManager) -> Principal:
    allowed = can_manage_directory(principal)
    if allowed is not True:
        raise Forbidden(str(allowed))
    return principal


def _user_reader(principal: ProfileReader) -> Principal:
    allowed = can_read_users(principal)
    if allowed is not True:
        raise Forbidden(str(allowed))
    return principal


Administrator = Annotated[Principal, Depends(_administrator)]
UserReader = Annotated[Principal, Depends(_user_reader)]
SignedIn = ProfileReader

OrganizationId = Annotated[uuid.UUID, Path(description="The organisation's id.")]
UserId = Annotated[uuid.UUID, Path(description="The user's id.")]
ClientUuid = Annotated[
    uuid.UUID,
    Path(description="The integration client's `id` (a UUID), not its login `client_id`."),
]
Search = Annotated[
    str | None,
    Query(max_length=100, pattern=r"^[^\x00]*$", description="Only names containing this."),
]
IncludeInactive = Annotated[bool, Query(description="Include deactivated entries too.")]

LIST_ERRORS = error_responses(Unauthorized, Forbidden, InvalidInput)
READ_ERRORS = error_responses(Unauthorized, Forbidden, NotFound)
CREATE_ERRORS = error_responses(Unauthorized, Forbidden, Conflict, InvalidInput)
UPDATE_ERRORS = error_responses(
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RuleViolated,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
)


# --- Organisations ----------------------------------------------------------------------------


@router.get(
    "/organizations",
    name="organizations:list",
    summary="List organisations",
    responses=LIST_ERRORS,
)
def list_organizations(
    principal: SignedIn,
    session: DbSession,
    *,
    kind: Annotated[OrganizationKind | None, Query(description="Only this kind.")] = None,
    q: Search = None,
    include_inactive: IncludeInactive = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[OrganizationRead]:
    """Agencies and units, by name: the case forms pick members and consent recipients here."""
    return service.list_organizations(
        session,
        kind=kind,
        q=q,
        include_inactive=include_inactive,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "/organizations",
    name="organizations:create",
    summary="Add an organisation",
    status_code=201,
    response_model=OrganizationRead,
    responses=CREATE_ERRORS,
)
def create_organization(
    principal: Administrator,
    body: OrganizationCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Add an agency, or a unit of one (``parent_id``)."""
    return idempotent(
        session,
        principal,
        request,
        key=idempotency_key,
        body=body,
        create=lambda: service.create_organization(session, body),
    )


@router.get(
    "/organizations/{organization_id}",
    name="organizations:get",
    summary="Read an organisation",
    responses=READ_ERRORS,
)
def get_organization(
    principal: SignedIn, organization_id: OrganizationId, session: DbSession, response: Response
) -> OrganizationRead:
    """One organisation, with its ETag."""
    org = service.find_organization(session, organization_id)
    set_etag(response, org.version)
    return OrganizationRead.model_validate(org)


@router.patch(
    "/organizations/{organization_id}",
    name="organizations:update",
    summary="Change an organisation",
    responses=UPDATE_ERRORS,
)
def update_organization(
    principal: Administrator,
    organization_id: OrganizationId,
    body: OrganizationUpdate,
    *,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> OrganizationRead:
    """Rename, move or recode an organisation, or deactivate it."""
    org = service.find_organization(session, organization_id)
    service.update_organization(session, org, body, if_match)
    set_etag(response, org.version)
    return OrganizationRead.model_validate(org)


# --- Users ------------------------------------------------------------------------------------


@router.get("/users", name="users:list", summary="List users", responses=LIST_ERRORS)
def list_users(
    principal: UserReader,
    session: DbSession,
    *,
    organization_id: Annotated[
        uuid.UUID | None, Query(description="Only this organisation's users.")
    ] = None,
    role: Annotated[Role | None, Query(description="Only users with this role.")] = None,
    q: Search = None,
    is_active: Annotated[bool | None, Query(description="Only active or inactive users.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[UserRead]:
    """People who log in, by name: pick group members by their user id here."""
    return users.list_users(
        session,
        organization_id=organization_id,
        role=role,
        q=q,
        is_active=is_active,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "/users",
    name="users:create",
    summary="Add a user",
    status_code=201,
    response_model=UserRead,
    responses=CREATE_ERRORS,
)
def create_user(
    principal: Administrator,
    body: UserCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """A login with roles and an initial password, which is stored only as a hash."""
    return idempotent(
        session,
        principal,
        request,
        key=idempotency_key,
        body=users.idempotency_body(body),
        create=lambda: users.create(session, principal, body),
    )


@router.get("/users/{user_id}", name="users:get", summary="Read a user", responses=READ_ERRORS)
def get_user(
    principal: UserReader, user_id: UserId, session: DbSession, response: Response
) -> UserRead:
    """One user, with their roles and ETag."""
    user = users.find_user(session, user_id)
    set_etag(response, user.version)
    return users.user_read(user)


@router.patch(
    "/users/{user_id}", name="users:update", summary="Change a user", responses=UPDATE_ERRORS
)
def update_user(
    principal: Administrator,
    user_id: UserId,
    body: UserUpdate,
    *,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> UserRead:
    """Change name, e-mail, unit or roles; `is_active: false` ends every session at once."""
    user = users.find_user(session, user_id)
    users.update_user(session, principal, user, body, if_match)
    set_etag(response, user.version)
    return users.user_read(user)


@router.post(
    "/users/{user_id}/reset-password",
    name="users:reset-password",
    summary="Set a new password for a user",
    status_code=204,
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def reset_password(
    principal: Administrator, user_id: UserId, body: PasswordReset, session: DbSession
) -> Response:
    """Set a new password; the user is logged out everywhere. Repeating it changes nothing."""
    users.reset_password(session, principal, users.find_user(session, user_id), body)
    return Response(status_code=204)


# --- Integration clients ----------------------------------------------------------------------


@router.get(
    "/clients", name="clients:list", summary="List integration clients", responses=LIST_ERRORS
)
def list_clients(
    principal: Administrator, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[ClientRead]:
    """Police and school systems using client credentials, by name (secrets never shown)."""
    return clients.list_clients(session, limit=limit, cursor=cursor)


@router.post(
    "/clients",
    name="clients:create",
    summary="Register an integration client",
    status_code=201,
    responses=CREATE_ERRORS,
)
def create_client(
    principal: Administrator, body: ClientCreate, session: DbSession, response: Response
) -> ClientWithSecret:
    """A client of an organisation with its scopes; the secret is shown once. Not idempotent
    by key: the answer holds a secret, which is never stored in clear."""
    created = clients.create(session, principal, body)
    response.headers["Location"] = f"{clients.CLIENTS_PATH}/{created.id}"
    set_etag(response, created.version)
    return created


@router.get(
    "/clients/{client_uuid}",
    name="clients:get",
    summary="Read an integration client",
    responses=READ_ERRORS,
)
def get_client(
    principal: Administrator, client_uuid: ClientUuid, session: DbSession, response: Response
) -> ClientRead:
    """One client (its secret is never shown again)."""
    client = clients.find_client(session, client_uuid)
    set_etag(response, client.version)
    return ClientRead.model_validate(client)


@router.patch(
    "/clients/{client_uuid}",
    name="clients:update",
    summary="Change an integration client",
    responses=UPDATE_ERRORS,
)
def update_client(
    principal: Administrator,
    client_uuid: ClientUuid,
    body: ClientUpdate,
    *,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> ClientRead:
    """Rename, change the scopes, or deactivate (which ends its tokens at once)."""
    client = clients.find_client(session, client_uuid)
    clients.update(session, principal, client, body, if_match)
    set_etag(response, client.version)
    return ClientRead.model_validate(client)


@router.post(
    "/clients/{client_uuid}/rotate-secret",
    name="clients:rotate-secret",
    summary="Replace an integration client's secret",
    responses=READ_ERRORS,
)
def rotate_secret(
    principal: Administrator, client_uuid: ClientUuid, session: DbSession, response: Response
) -> ClientWithSecret:
    """A new secret, shown once; the old one and the tokens issued with it stop at once."""
    rotated = clients.rotate_secret(session, principal, clients.find_client(session, client_uuid))
    set_etag(response, rotated.version)
    return rotated


# --- Information categories -------------------------------------------------------------------


@router.get(
    "/information-categories",
    name="categories:list",
    summary="List information categories",
    responses=LIST_ERRORS,
)
def list_categories(
    principal: SignedIn,
    session: DbSession,
    include_inactive: IncludeInactive = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CategoryRead]:
    """The kinds of information a consent, a journal entry or a plan item names."""
    return service.list_categories(
        session, include_inactive=include_inactive, limit=limit, cursor=cursor
    )

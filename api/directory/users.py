"""Login accounts: created through ``api.demo.accounts.create_user`` (the directory's
invariants), changed and deactivated here.

Deactivating a user, resetting their password or taking a role away takes effect on their
very next request: ``api.auth.principals`` reads the active flag, the roles and
``tokens_valid_after`` on every request, and the refresh grant refuses inactive users and
revoked tokens.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from api import clock
from api.access.policy import can_change_user
from api.auth import throttle
from api.auth.passwords import hash_secret
from api.auth.principal import Principal
from api.demo.accounts import UNIT_ROLES, create_user
from api.directory.schemas import PasswordReset, UserCreate, UserRead, UserUpdate
from api.directory.service import (
    audit_write,
    contains,
    name_page,
    refuse_nulls,
    require_organization,
    text,
)
from api.errors import InvalidInput, NotFound, RuleViolated
from api.http import etag_for, require_version
from api.meetings.paging import ascending_page
from api.models import RefreshToken, User, UserRole
from api.models.enums import OrganizationKind, Role
from api.pagination import Page

USER_NOT_FOUND = "There is no user with that id."
USERS_PATH = "/api/v1/users"
RESOURCE = "user"


def user_read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        organization_id=user.organization_id,
        unit_id=user.unit_id,
        roles=sorted(user.role_set),
        is_active=user.is_active,
        created_at=user.created_at,
        updated_at=user.updated_at,
        version=user.version,
    )


def list_users(
    session: Session,
    *,
    organization_id: uuid.UUID | None,
    role: Role | None,
    q: str | None,
    is_active: bool | None,
    limit: int,
    cursor: str | None,
) -> Page[UserRead]:
    """By display name; ``q`` matches the display name or the login name."""
    stmt = select(User)
    if q:
        stmt = stmt.where(or_(contains(User.display_name, q), contains(User.username, q)))
    if organization_id is not None:
        stmt = stmt.where(User.organization_id == organization_id)
    if role is not None:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if is_active is not None:
        stmt = stmt.where(User.is_active.is_(is_active))
    page = ascending_page(
        stmt, key=User.display_name, ident=User.id, parse=str, limit=limit, cursor=cursor
    )
    rows = session.scalars(page).all()
    return Page(
        items=[user_read(row) for row in rows[:limit]],
        next_cursor=name_page(rows, limit, "display_name", "id"),
    )


def find_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(USER_NOT_FOUND)
    return user


def _check_roles_and_unit(
    session: Session, roles: Iterable[Role], unit_id: uuid.UUID | None, *, unit_changed: bool
) -> None:
    """The rules of ``create_user``, each answered on the field that breaks it."""
    role_set = frozenset(roles)
    if Role.integration in role_set:
        raise InvalidInput.body_field(
            "roles", "not_for_users", "The integration role belongs to integration clients."
        )
    if role_set & UNIT_ROLES and unit_id is None:
        raise InvalidInput.body_field(
            "unit_id",
            "required_for_role",
            "Unit managers, case officers and coordinators need a social-services unit.",
        )
    if unit_id is not None and unit_changed:
        unit = require_organization(session, unit_id, "unit_id")
        if unit.kind is not OrganizationKind.social_services:
            raise InvalidInput.body_field(
                "unit_id", "not_a_unit", "The unit must be a social-services unit."
            )


def idempotency_body(body: UserCreate) -> BaseModel:
    """What a retry with the same Idempotency-Key is compared on: the body without the
    password, so no unsalted hash of a password is ever stored with the key."""
    return body.model_copy(update={"password": ""})


def create(
    session: Session, principal: Principal, body: UserCreate
) -> tuple[UserRead, dict[str, str]]:
    require_organization(session, body.organization_id)
    _check_roles_and_unit(session, body.roles, body.unit_id, unit_changed=True)
    user = create_user(
        session,
        body.username.casefold(),  # the token endpoint looks login names up case-folded
        display_name=text(body.display_name, "display_name"),
        password=body.password,
        roles=body.roles,
        organization_id=body.organization_id,
        unit_id=body.unit_id,
        email=body.email,
    )
    audit_write(session, principal, "users:create", RESOURCE, user.id)
    headers = {"Location": f"{USERS_PATH}/{user.id}", "ETag": etag_for(user.version)}
    return user_read(user), headers


def end_sessions(session: Session, user: User, now: datetime) -> None:
    """Log the user out everywhere: access tokens issued before this second are refused by
    ``api.auth.principals`` and every refresh token is revoked. Whole seconds, because a
    token's ``iat`` is: a login right after this (a new password) keeps working."""
    user.tokens_valid_after = now.replace(microsecond=0)
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _apply_roles(user: User, roles: frozenset[Role]) -> bool:
    """Roles are rows: drop the removed ones, add the new ones. True when anything changed."""
    if roles == user.role_set:
        return False
    user.roles = [r for r in user.roles if r.role in roles] + [
        UserRole(role=role) for role in sorted(roles - user.role_set)
    ]
    return True


def update_user(
    session: Session, principal: Principal, user: User, body: UserUpdate, if_match: str | None
) -> User:
    require_version(user, if_match)
    changes = body.model_dump(exclude_unset=True)
    refuse_nulls(changes, ("display_name", "roles", "is_active"))
    roles = frozenset(body.roles) if body.roles is not None else user.role_set
    unit_id = changes.get("unit_id", user.unit_id)
    unit_changed = "unit_id" in changes and unit_id != user.unit_id
    _check_roles_and_unit(session, roles, unit_id, unit_changed=unit_changed)
    deactivates = changes.get("is_active") is False and user.is_active
    allowed = can_change_user(
        principal,
        user.id,
        deactivates=deactivates,
        drops_admin=Role.admin in user.role_set and Role.admin not in roles,
    )
    if allowed is not True:
        raise RuleViolated(str(allowed))
    for field in ("display_name", "email", "unit_id", "is_active"):
        if field in changes:
            value = changes[field]
            setattr(user, field, text(value, field) if field == "display_name" else value)
    now = clock.now()
    if _apply_roles(user, roles):
        user.updated_at = now  # the role rows are another table: bump the user's version
    if deactivates:
        end_sessions(session, user, now)
    session.flush()
    audit_write(session, principal, "users:update", RESOURCE, user.id)
    return user


def reset_password(session: Session, principal: Principal, user: User, body: PasswordReset) -> None:
    """A new password; the user's sessions end and a login lockout is lifted."""
    user.password_hash = hash_secret(body.password)
    end_sessions(session, user, clock.now())
    throttle.reset(session, throttle.subject_for_user(user.username))
    session.flush()
    audit_write(session, principal, "users:reset-password", RESOURCE, user.id)

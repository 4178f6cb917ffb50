"""Creating a login account: used by ``samverka create-user`` and by the demo seed.

The rules here are the directory's invariants that the access policy relies on: unit-bound
roles have a unit (the policy scopes social-services staff to ``unit_id``), the unit is a
social-services unit, and login names are unique.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.passwords import hash_secret
from api.errors import Conflict, InvalidInput, NotFound
from api.models import Organization, User, UserRole
from api.models.enums import OrganizationKind, Role

# Social-services staff whose reach the access policy limits to their own unit.
UNIT_ROLES = frozenset({Role.unit_manager, Role.case_officer, Role.coordinator})
USERNAME_MAX_LENGTH = 64


def create_user(
    session: Session,
    username: str,
    *,
    display_name: str,
    password: str,
    roles: Iterable[Role],
    organization_id: uuid.UUID,
    unit_id: uuid.UUID | None = None,
    email: str | None = None,
    user_id: uuid.UUID | None = None,
) -> User:
    """Add a user with a hashed password and role rows; the caller owns the transaction."""
    name = _checked_username(username)
    role_set = _checked_roles(roles, unit_id)
    if not display_name.strip():
        raise InvalidInput("The display name must not be empty.")
    if not password:
        raise InvalidInput("The password must not be empty.")
    _require_organization(session, organization_id)
    if unit_id is not None:
        _require_unit(session, unit_id)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise Conflict(f"The user name '{name}' is already taken.")
    user = User(
        id=user_id or uuid.uuid4(),
        username=name,
        display_name=display_name.strip(),
        email=email,
        password_hash=hash_secret(password),
        organization_id=organization_id,
        unit_id=unit_id,
        roles=[UserRole(role=role) for role in sorted(role_set)],
    )
    session.add(user)
    session.flush()
    return user


def _checked_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > USERNAME_MAX_LENGTH or any(c.isspace() for c in name):
        raise InvalidInput(
            f"The user name must be 1-{USERNAME_MAX_LENGTH} characters without spaces."
        )
    return name


def _checked_roles(roles: Iterable[Role], unit_id: uuid.UUID | None) -> frozenset[Role]:
    role_set = frozenset(roles)
    if not role_set:
        raise InvalidInput("A user needs at least one role.")
    if Role.integration in role_set:
        raise InvalidInput("The integration role belongs to integration clients, not to users.")
    if role_set & UNIT_ROLES and unit_id is None:
        raise InvalidInput(
            "Unit managers, case officers and coordinators need a social-services unit."
        )
    return role_set


def _require_organization(session: Session, organization_id: uuid.UUID) -> None:
    if session.get(Organization, organization_id) is None:
        raise NotFound("No organisation has that id.")


def _require_unit(session: Session, unit_id: uuid.UUID) -> None:
    unit = session.get(Organization, unit_id)
    if unit is None:
        raise NotFound("No unit has that id.")
    if unit.kind is not OrganizationKind.social_services:
        raise InvalidInput("The unit must be a social-services unit.")

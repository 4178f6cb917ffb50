"""Organisations and information categories, and what the directory's services share.

Users are in ``users.py``, integration clients in ``clients.py``. Lists are ordered by name
(what a picker and an admin screen show), with the same opaque, signed cursors as every list.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import Session

from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.directory.schemas import (
    CategoryRead,
    OrganizationCreate,
    OrganizationRead,
    OrganizationUpdate,
)
from api.errors import InvalidInput, NotFound, RuleViolated
from api.http import etag_for, require_version
from api.meetings.paging import INVALID_CURSOR, ascending_page
from api.models import InformationCategory, Organization, User
from api.models.enums import AuditOutcome, OrganizationKind
from api.pagination import Page, decode_cursor, encode_cursor

ORGANIZATION_NOT_FOUND = "There is no organisation with that id."
ORGANIZATIONS_PATH = "/api/v1/organizations"


def refuse_nulls(changes: dict[str, Any], fields: Sequence[str]) -> None:
    for field in fields:
        if field in changes and changes[field] is None:
            raise InvalidInput.body_field(
                field, "null", f"{field} cannot be null; leave it out to keep it."
            )


def text(value: str, field: str) -> str:
    """A required text without its surrounding blanks; only blanks is a 422 on the field."""
    stripped = value.strip()
    if not stripped:
        raise InvalidInput.body_field(field, "blank", f"{field} must not be blank.")
    return stripped


def audit_write(
    session: Session, principal: Principal, action: str, resource_type: str, resource_id: uuid.UUID
) -> None:
    """Staff accounts and client credentials are personal data and access rights: each change
    is in the access log (identifiers only, never the names or addresses themselves)."""
    rec = AuditRecord(
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        case_id=None,
        outcome=AuditOutcome.allowed,
    )
    record(session, principal, rec)


def name_page(rows: Sequence[Any], limit: int, name: str, ident: str) -> str | None:
    """The cursor after the last row shown (ordered by a name and the id), or None."""
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor([getattr(last, name), getattr(last, ident)])


def contains(column: Any, q: str | None) -> ColumnElement[bool]:
    """Case-insensitive "contains", with ``%`` and ``_`` taken literally. PostgreSQL folds
    the case of every letter; SQLite (development) of ASCII letters only, so "Ö" finds "ö"
    on PostgreSQL alone."""
    return true() if not q else column.icontains(q, autoescape=True)


def require_organization(
    session: Session, organization_id: uuid.UUID, field: str = "organization_id"
) -> Organization:
    """An organisation named in a body: unknown or inactive is a 422 on that field."""
    org = session.get(Organization, organization_id)
    if org is None:
        raise InvalidInput.body_field(field, "unknown", "There is no organisation with that id.")
    if not org.is_active:
        raise InvalidInput.body_field(field, "inactive", "That organisation is no longer active.")
    return org


# --- Organisations ----------------------------------------------------------------------------


def list_organizations(
    session: Session,
    *,
    kind: OrganizationKind | None,
    q: str | None,
    include_inactive: bool,
    limit: int,
    cursor: str | None,
) -> Page[OrganizationRead]:
    stmt = select(Organization).where(contains(Organization.name, q))
    if kind is not None:
        stmt = stmt.where(Organization.kind == kind)
    if not include_inactive:
        stmt = stmt.where(Organization.is_active.is_(True))
    page = ascending_page(
        stmt, key=Organization.name, ident=Organization.id, parse=str, limit=limit, cursor=cursor
    )
    rows = session.scalars(page).all()
    return Page(
        items=[OrganizationRead.model_validate(row) for row in rows[:limit]],
        next_cursor=name_page(rows, limit, "name", "id"),
    )


def find_organization(session: Session, organization_id: uuid.UUID) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound(ORGANIZATION_NOT_FOUND)
    return org


def create_organization(
    session: Session, body: OrganizationCreate
) -> tuple[OrganizationRead, dict[str, str]]:
    if body.parent_id is not None:
        require_organization(session, body.parent_id, "parent_id")
    org = Organization(
        name=text(body.name, "name"),
        kind=body.kind,
        parent_id=body.parent_id,
        municipality_code=body.municipality_code,
        is_active=True,
    )
    session.add(org)
    session.flush()
    read = OrganizationRead.model_validate(org)
    return read, {"Location": f"{ORGANIZATIONS_PATH}/{org.id}", "ETag": etag_for(org.version)}


def _check_parent(session: Session, org: Organization, parent_id: uuid.UUID) -> None:
    """Organisations form a tree (municipality -> units): the new parent must exist and
    must not be the organisation itself or one of its descendants."""
    parent: Organization | None = require_organization(session, parent_id, "parent_id")
    seen: set[uuid.UUID] = set()
    while parent is not None and parent.id not in seen:
        if parent.id == org.id:
            raise InvalidInput.body_field(
                "parent_id", "cycle", "An organisation cannot be part of itself."
            )
        seen.add(parent.id)
        parent = session.get(Organization, parent.parent_id) if parent.parent_id else None


def _check_kind_change(session: Session, org: Organization, kind: OrganizationKind) -> None:
    """Unit-bound staff must keep a social-services unit (api/demo/accounts.py): a unit that
    users work in cannot become another kind of organisation."""
    if org.kind is not OrganizationKind.social_services or kind is org.kind:
        return
    if session.scalar(select(exists().where(User.unit_id == org.id))):
        raise RuleViolated(
            "Users work in this social-services unit; move them to another unit first."
        )


def update_organization(
    session: Session, org: Organization, body: OrganizationUpdate, if_match: str | None
) -> Organization:
    require_version(org, if_match)
    changes = body.model_dump(exclude_unset=True)
    refuse_nulls(changes, ("name", "kind", "is_active"))
    if "name" in changes:
        changes["name"] = text(changes["name"], "name")
    if changes.get("parent_id") is not None:
        _check_parent(session, org, changes["parent_id"])
    if "kind" in changes:
        _check_kind_change(session, org, changes["kind"])
    for field, value in changes.items():
        setattr(org, field, value)
    session.flush()
    return org


# --- Information categories -------------------------------------------------------------------


def list_categories(
    session: Session, *, include_inactive: bool, limit: int, cursor: str | None
) -> Page[CategoryRead]:
    """In the municipality's own order (``sort_order``, then code)."""
    stmt = select(InformationCategory)
    if not include_inactive:
        stmt = stmt.where(InformationCategory.is_active.is_(True))
    order, code = InformationCategory.sort_order, InformationCategory.code
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 2 or not isinstance(values[0], int) or not isinstance(values[1], str):
            raise INVALID_CURSOR  # a cursor of another list
        raw_order, raw_code = values
        stmt = stmt.where((order > raw_order) | ((order == raw_order) & (code > raw_code)))
    rows = session.scalars(stmt.order_by(order, code).limit(limit + 1)).all()
    return Page(
        items=[CategoryRead.model_validate(row) for row in rows[:limit]],
        next_cursor=name_page(rows, limit, "sort_order", "code"),
    )

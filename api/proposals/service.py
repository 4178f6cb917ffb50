"""The proposer's status view and the preparation group's de-identified view."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from api.access.policy import (
    LEGAL_BASIS_DEIDENTIFIED,
    deidentified_proposals_filter,
    own_proposals_filter,
)
from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.models import Case, Person
from api.models.enums import AuditOutcome
from api.pagination import Page, keyset_page, next_cursor
from api.people.identity import age_on
from api.proposals.schemas import DeidentifiedProposal, ProposalStatus

DEIDENTIFIED_ACTION = "proposals:list-deidentified"


def list_mine(
    session: Session, principal: Principal, *, limit: int, cursor: str | None
) -> Page[ProposalStatus]:
    """Only the columns of the status view are selected: nothing about the young person is
    read, so this is not a read of personal data and is not logged per case."""
    stmt = select(Case.id, Case.reference, Case.status, Case.created_at, Case.updated_at).where(
        own_proposals_filter(principal)
    )
    rows = session.execute(
        keyset_page(stmt, order=(Case.updated_at, Case.id), limit=limit, cursor=cursor)
    ).all()
    return Page(
        items=[ProposalStatus.model_validate(row._mapping) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.updated_at, r.id)),
    )


def list_deidentified(
    session: Session, principal: Principal, today: date, *, limit: int, cursor: str | None
) -> Page[DeidentifiedProposal]:
    """Open proposals of the municipality, newest first. Each listed case is a read of
    (de-identified) personal data and gets its access-log event."""
    stmt = _deidentified_rows().where(deidentified_proposals_filter(principal))
    rows = session.execute(
        keyset_page(stmt, order=(Case.created_at, Case.id), limit=limit, cursor=cursor)
    ).all()
    items = []
    for row in rows[:limit]:
        record(
            session,
            principal,
            AuditRecord(
                action=DEIDENTIFIED_ACTION,
                resource_type="case",
                resource_id=row.id,
                case_id=row.id,
                outcome=AuditOutcome.allowed,
                legal_basis=LEGAL_BASIS_DEIDENTIFIED,
            ),
        )
        items.append(_deidentified(row, today))
    return Page(items=items, next_cursor=next_cursor(rows, limit, lambda r: (r.created_at, r.id)))


def _deidentified_rows() -> Select[*tuple[Any, ...]]:
    """Name, identity number and address are never selected, so no mistake in a response
    model can leak them."""
    return select(
        Case.id,
        Case.target_group,
        Case.risk_summary,
        Case.proposed_by_organization_kind,
        Case.status,
        Case.created_at,
        Person.birth_date,
        Person.area,
        Person.has_protected_identity,
    ).join(Person, Person.id == Case.young_person_id)


def _deidentified(row: Row[Any], today: date) -> DeidentifiedProposal:
    return DeidentifiedProposal(
        id=row.id,
        age=age_on(row.birth_date, today),
        # A protected identity (sekretessmarkering) hides where the person lives.
        area=None if row.has_protected_identity else row.area,
        target_group=row.target_group,
        risk_summary=row.risk_summary,
        proposed_by_organization_kind=row.proposed_by_organization_kind,
        status=row.status,
        created_at=row.created_at,
    )

"""Reading the access log: all of it for auditors, one case's for its case officer."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, select, union_all
from sqlalchemy.orm import Session

from api.access.dependencies import CaseContext
from api.audit.listed import cases_of_events
from api.audit.schemas import AuditEventRead, AuditFilter, CaseAccessRead, ListedCaseRead
from api.models import AuditEvent, AuditEventCase, Organization
from api.pagination import Page, decode_cursor, encode_cursor


def concerns_case(case_id: uuid.UUID) -> ColumnElement[bool]:
    """Events about the case: its own, and the lists that showed it. A union of two index
    lookups rather than an OR, which PostgreSQL could only test row by row along the log."""
    seqs = union_all(
        select(AuditEvent.seq).where(AuditEvent.case_id == case_id),
        select(AuditEventCase.seq).where(AuditEventCase.case_id == case_id),
    )
    return AuditEvent.seq.in_(seqs)


def _filtered(stmt: Select[AuditEvent], f: AuditFilter) -> Select[AuditEvent]:
    if f.case_id:
        stmt = stmt.where(concerns_case(f.case_id))
    if f.user_id:
        stmt = stmt.where(AuditEvent.actor_user_id == f.user_id)
    if f.organization_id:
        stmt = stmt.where(AuditEvent.actor_organization_id == f.organization_id)
    if f.since:
        stmt = stmt.where(AuditEvent.occurred_at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEvent.occurred_at < f.until)
    if f.outcome:
        stmt = stmt.where(AuditEvent.outcome == f.outcome)
    return stmt


def _seq_page(stmt: Select[AuditEvent], limit: int, cursor: str | None) -> Select[AuditEvent]:
    """The log pages by its chain position, newest first."""
    if cursor:
        (last_seq,) = decode_cursor(cursor)
        stmt = stmt.where(AuditEvent.seq < int(last_seq))
    return stmt.order_by(AuditEvent.seq.desc()).limit(limit + 1)


def _next(rows: list[AuditEvent], limit: int) -> str | None:
    return encode_cursor([rows[limit - 1].seq]) if len(rows) > limit else None


def list_events(
    session: Session, f: AuditFilter, *, limit: int, cursor: str | None
) -> Page[AuditEventRead]:
    rows = list(session.scalars(_seq_page(_filtered(select(AuditEvent), f), limit, cursor)))
    shown = rows[:limit]
    cases = _cases_of(session, [row.seq for row in shown])
    items = [
        AuditEventRead.model_validate(row).model_copy(update={"cases": cases.get(row.seq, [])})
        for row in shown
    ]
    return Page(items=items, next_cursor=_next(rows, limit))


def _cases_of(session: Session, seqs: list[int]) -> dict[int, list[ListedCaseRead]]:
    """The cases each list event of a page showed, in one statement for the page."""
    if not seqs:
        return {}
    listed = cases_of_events(session, AuditEventCase.seq.in_(seqs))
    return {seq: [ListedCaseRead.model_validate(c) for c in cases] for seq, cases in listed.items()}


def case_access_log(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[CaseAccessRead]:
    stmt = _seq_page(select(AuditEvent).where(concerns_case(ctx.case.id)), limit, cursor)
    rows = list(session.scalars(stmt))
    org_ids = {row.actor_organization_id for row in rows if row.actor_organization_id}
    orgs = {
        o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(org_ids)))
    }
    items = []
    for row in rows[:limit]:
        org = orgs.get(row.actor_organization_id) if row.actor_organization_id else None
        items.append(
            CaseAccessRead(
                occurred_at=row.occurred_at,
                organization_id=row.actor_organization_id,
                organization_name=org.name if org else None,
                organization_kind=org.kind if org else None,
                roles=row.actor_roles,
                action=row.action,
                outcome=row.outcome,
                channel=row.channel,
            )
        )
    return Page(items=items, next_cursor=_next(rows, limit))

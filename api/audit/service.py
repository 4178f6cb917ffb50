"""Reading the access log: all of it for auditors, one case's for its case officer."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from api.access.dependencies import CaseContext
from api.audit.schemas import AuditEventRead, AuditFilter, CaseAccessRead
from api.models import AuditEvent, Organization
from api.pagination import Page, decode_cursor, encode_cursor


def _filtered(stmt: Select[AuditEvent], f: AuditFilter) -> Select[AuditEvent]:
    if f.case_id:
        stmt = stmt.where(AuditEvent.case_id == f.case_id)
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
    return Page(
        items=[AuditEventRead.model_validate(row) for row in rows[:limit]],
        next_cursor=_next(rows, limit),
    )


def case_access_log(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[CaseAccessRead]:
    stmt = _seq_page(select(AuditEvent).where(AuditEvent.case_id == ctx.case.id), limit, cursor)
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

"""Journal entries, visible per the consent's information categories."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access.dependencies import CaseContext
from api.access.policy import visible_category_filter
from api.journal.schemas import JournalEntryRead
from api.models import JournalEntry
from api.pagination import Page, keyset_page, next_cursor


def list_entries(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[JournalEntryRead]:
    visible = visible_category_filter(
        ctx.principal, ctx.basis, ctx.case.id, JournalEntry.category_code, ctx.today
    )
    stmt = select(JournalEntry).where(JournalEntry.case_id == ctx.case.id, visible)
    page = keyset_page(
        stmt, order=(JournalEntry.occurred_at, JournalEntry.id), limit=limit, cursor=cursor
    )
    rows = session.scalars(page).all()
    return Page(
        items=[JournalEntryRead.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.occurred_at, r.id)),
    )

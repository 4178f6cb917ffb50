"""Journal entries, visible per the consent's information categories."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import can_write_journal_entry, visible_category_filter
from api.audit.recorder import AuditRecord, record
from api.errors import ConsentRuleViolated, FieldError, InvalidInput, NotFound
from api.journal.schemas import JournalEntryCreate, JournalEntryRead
from api.models import InformationCategory, JournalEntry
from api.models.enums import AuditOutcome, JournalKind
from api.pagination import Page, keyset_page, next_cursor

# Clocks of phones and integrating systems drift; an entry "now" may arrive a little ahead.
CLOCK_SKEW = timedelta(minutes=5)
ENTRY_NOT_FOUND = "There is no journal entry with that id in this case, or you may not read it."


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


def get_entry(session: Session, ctx: CaseContext, entry_id: uuid.UUID) -> JournalEntry:
    """One entry; a category the caller may not see answers exactly like a missing entry."""
    visible = visible_category_filter(
        ctx.principal, ctx.basis, ctx.case.id, JournalEntry.category_code, ctx.today
    )
    entry = session.scalar(
        select(JournalEntry).where(
            JournalEntry.id == entry_id, JournalEntry.case_id == ctx.case.id, visible
        )
    )
    if entry is None:
        raise NotFound(ENTRY_NOT_FOUND)
    _log(session, ctx, "journal:get", entry)
    return entry


def create_entry(session: Session, ctx: CaseContext, body: JournalEntryCreate) -> JournalEntry:
    """Write an entry in the caller's name, in a category they may share (api/access)."""
    category = _active_category(session, body.category_code)
    _check_occurred_at(body)
    if not body.body.strip():
        raise _invalid("body.body", "blank", "Write something in the entry.")
    covered = visible_category_filter(
        ctx.principal, ctx.basis, ctx.case.id, literal(category.code), ctx.today
    )
    verdict = can_write_journal_entry(
        ctx.basis,
        is_concern_report=body.kind is JournalKind.concern_report,
        category_is_social_services=category.is_social_services,
        category_covered=bool(session.scalar(select(covered))),
    )
    if verdict is not True:
        raise ConsentRuleViolated(
            str(verdict),
            errors=[
                FieldError(
                    field="body.category_code", rule="not_covered_by_consent", message=str(verdict)
                )
            ],
        )
    p = ctx.principal
    entry = JournalEntry(
        case_id=ctx.case.id,
        author_id=p.user_id,
        author_client_id=p.client_id,
        author_organization_id=p.organization_id,
        category_code=category.code,
        kind=body.kind,
        occurred_at=body.occurred_at,
        body=body.body,
    )
    session.add(entry)
    session.flush()
    _log(session, ctx, "journal:create", entry)
    return entry


def _active_category(session: Session, code: str) -> InformationCategory:
    category = session.get(InformationCategory, code)
    if category is None or not category.is_active:
        raise _invalid(
            "body.category_code", "unknown_category", "Use an active information category."
        )
    return category


def _check_occurred_at(body: JournalEntryCreate) -> None:
    if body.occurred_at > clock.now() + CLOCK_SKEW:
        raise _invalid(
            "body.occurred_at", "in_future", "A journal entry records what has happened."
        )


def _invalid(field: str, rule: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors=[FieldError(field=field, rule=rule, message=message)])


def _log(session: Session, ctx: CaseContext, action: str, entry: JournalEntry) -> None:
    """Which entry was read or written, beside the case-level event: the young person's
    right of access can then say what was seen, not only that the case was opened."""
    record(
        session,
        ctx.principal,
        AuditRecord(
            action=action,
            resource_type="journal_entry",
            resource_id=entry.id,
            case_id=ctx.case.id,
            outcome=AuditOutcome.allowed,
            legal_basis=ctx.basis.legal_basis,
            consent_id=ctx.basis.consent_id,
        ),
    )

"""Reading cases. Every query starts from what the principal may see (api/access)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, contains_eager

from api.access.dependencies import CaseContext
from api.access.policy import AccessBasis, readable_cases_with_basis
from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.cases.schemas import CaseRead, CaseSummary, YoungPersonRef
from api.models import Case, Person
from api.models.enums import AuditOutcome, CaseStatus
from api.pagination import Page, keyset_page, next_cursor

LIST_ACTION = "cases:list"


def _young_person(person: Person, basis: AccessBasis) -> YoungPersonRef:
    ref = YoungPersonRef.model_validate(person)
    # Data minimisation: the personnummer stays with social services.
    return ref if basis.full_access else ref.model_copy(update={"personal_number": None})


def list_cases(
    session: Session,
    principal: Principal,
    today: date,
    *,
    status: CaseStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[CaseSummary]:
    stmt = (
        readable_cases_with_basis(principal, today)
        .join(Case.young_person)
        .options(contains_eager(Case.young_person))
    )
    if status is not None:
        stmt = stmt.where(Case.status == status)
    rows = session.execute(
        keyset_page(stmt, order=(Case.updated_at, Case.id), limit=limit, cursor=cursor)
    ).all()
    items = []
    for case, by_unit, consent_id in rows[:limit]:
        basis = AccessBasis.of(by_unit, consent_id)
        record(
            session,
            principal,
            AuditRecord(
                action=LIST_ACTION,
                resource_type="case",
                resource_id=case.id,
                case_id=case.id,
                outcome=AuditOutcome.allowed,
                legal_basis=basis.legal_basis,
                consent_id=basis.consent_id,
            ),
        )
        summary = CaseSummary.model_validate(case)
        items.append(
            summary.model_copy(update={"young_person": _young_person(case.young_person, basis)})
        )
    return Page(
        items=items, next_cursor=next_cursor(rows, limit, lambda r: (r[0].updated_at, r[0].id))
    )


def read_case(session: Session, ctx: CaseContext) -> CaseRead:
    person = session.get_one(Person, ctx.case.young_person_id)  # fills case.young_person
    case = CaseRead.model_validate(ctx.case)
    return case.model_copy(update={"young_person": _young_person(person, ctx.basis)})

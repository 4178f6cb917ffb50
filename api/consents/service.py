"""Registering, reading and withdrawing consents (OSL 10 kap. 1 §; DOMAIN.md "Consent").

Access to the case follows from these rows on every request (api/access/policy.py), so a
withdrawal recorded here cuts the other agencies off at their next request.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import sees_family_identity
from api.consents import rules
from api.consents.schemas import ConsentCreate, ConsentRead, ConsentWithdraw, GrantorRead
from api.errors import Conflict, ConsentRuleViolated, FieldError, NotFound
from api.events import outbox
from api.http import etag_for
from api.models import (
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    Guardianship,
    InformationCategory,
    Organization,
    Person,
)
from api.models.enums import EventType
from api.pagination import Page, keyset_page, next_cursor

CONSENT_NOT_FOUND = "There is no consent with that id in this case."


def _with_parts() -> Select[Consent]:
    return select(Consent).options(
        selectinload(Consent.grantors),
        selectinload(Consent.organizations),
        selectinload(Consent.categories),
    )


def _read(consent: Consent, ctx: CaseContext) -> ConsentRead:
    paperwork = sees_family_identity(ctx.basis)
    return ConsentRead(
        id=consent.id,
        case_id=consent.case_id,
        status=rules.status_on(consent, ctx.today),
        expires_soon=rules.expires_soon(consent, ctx.today),
        grantors=[GrantorRead.model_validate(g) for g in consent.grantors],
        organization_ids=[o.organization_id for o in consent.organizations],
        category_codes=[c.category_code for c in consent.categories],
        valid_from=consent.valid_from,
        valid_until=consent.valid_until,
        document_reference=consent.document_reference if paperwork else None,
        collected_by_id=consent.collected_by_id,
        collected_by_organization_id=consent.collected_by_organization_id,
        withdrawn_at=consent.withdrawn_at,
        withdrawn_by_person_id=consent.withdrawn_by_person_id,
        withdrawal_recorded_by_id=consent.withdrawal_recorded_by_id,
        withdrawal_reason=consent.withdrawal_reason if paperwork else None,
        created_at=consent.created_at,
        version=consent.version,
    )


def list_consents(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[ConsentRead]:
    stmt = _with_parts().where(Consent.case_id == ctx.case.id)
    page = keyset_page(stmt, order=(Consent.created_at, Consent.id), limit=limit, cursor=cursor)
    rows = session.scalars(page).all()
    return Page(
        items=[_read(row, ctx) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.created_at, r.id)),
    )


def _get(session: Session, ctx: CaseContext, consent_id: uuid.UUID) -> Consent:
    """Only through the authorised case: another case's consent id answers 404."""
    consent = session.scalar(
        _with_parts().where(Consent.id == consent_id, Consent.case_id == ctx.case.id)
    )
    if consent is None:
        raise NotFound(CONSENT_NOT_FOUND)
    return consent


def get_consent(session: Session, ctx: CaseContext, consent_id: uuid.UUID) -> ConsentRead:
    return _read(_get(session, ctx, consent_id), ctx)


def _unknown(
    field: str, asked: Sequence[object], found: set[object], what: str
) -> list[FieldError]:
    return [
        FieldError(
            field=f"body.{field}.{i}", rule="unknown_or_inactive", message=f"No active {what}."
        )
        for i, value in enumerate(asked)
        if value not in found
    ]


def _reference_errors(session: Session, body: ConsentCreate) -> list[FieldError]:
    """Every organisation and category exists and is in use (categories are data)."""
    orgs = set(
        session.scalars(
            select(Organization.id).where(
                Organization.id.in_(body.organization_ids), Organization.is_active
            )
        )
    )
    codes = set(
        session.scalars(
            select(InformationCategory.code).where(
                InformationCategory.code.in_(body.category_codes), InformationCategory.is_active
            )
        )
    )
    errors = _unknown("organization_ids", body.organization_ids, set(orgs), "organisation")
    errors += _unknown("category_codes", body.category_codes, set(codes), "information category")
    return errors


def register(
    session: Session, ctx: CaseContext, body: ConsentCreate
) -> tuple[ConsentRead, dict[str, str]]:
    young = session.get_one(Person, ctx.case.young_person_id)
    guardians = set(
        session.scalars(select(Guardianship.guardian_id).where(Guardianship.child_id == young.id))
    )
    signed = rules.check(
        body,
        case_status=ctx.case.status,
        young_person_id=young.id,
        young_birth_date=young.birth_date,
        guardian_ids=guardians,
        today=ctx.today,
        reference_errors=_reference_errors(session, body),
    )
    consent = Consent(
        case_id=ctx.case.id,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        collected_by_id=ctx.principal.subject_id,
        collected_by_organization_id=ctx.principal.organization_id,
        document_reference=body.document_reference,
        grantors=[
            ConsentGrantor(person_id=s.person_id, relation=s.relation, signed_on=s.signed_on)
            for s in signed
        ],
        organizations=[
            ConsentOrganization(organization_id=o) for o in dict.fromkeys(body.organization_ids)
        ],
        categories=[ConsentCategory(category_code=c) for c in dict.fromkeys(body.category_codes)],
    )
    session.add(consent)
    session.flush()
    outbox.emit(
        session,
        EventType.consent_registered,
        case_id=ctx.case.id,
        subject_type="consent",
        subject_id=consent.id,
        data={
            "valid_from": body.valid_from.isoformat(),
            "valid_until": body.valid_until.isoformat(),
        },
    )
    location = f"/api/v1/cases/{ctx.case.id}/consents/{consent.id}"
    return _read(consent, ctx), {"Location": location, "ETag": etag_for(consent.version)}


def withdraw(
    session: Session, ctx: CaseContext, consent_id: uuid.UUID, body: ConsentWithdraw
) -> ConsentRead:
    """Any one grantor ends the consent, at any time (DOMAIN.md "Consent")."""
    consent = _get(session, ctx, consent_id)
    if consent.withdrawn_at is not None:
        raise Conflict("This consent has already been withdrawn.")
    if body.withdrawn_by_person_id not in {g.person_id for g in consent.grantors}:
        message = "Only someone who signed the consent can withdraw it."
        field = FieldError(
            field="body.withdrawn_by_person_id", rule="not_a_grantor", message=message
        )
        raise ConsentRuleViolated(message, errors=[field])
    reached_before = outbox.reaching_organizations(session, ctx.case.id, ctx.today)
    consent.withdrawn_at = clock.now()
    consent.withdrawn_by_person_id = body.withdrawn_by_person_id
    consent.withdrawal_recorded_by_id = ctx.principal.subject_id
    consent.withdrawal_reason = body.reason or None
    # The organisations this cut off are told once, then see nothing more (OSL 10 kap. 1 §).
    outbox.emit(
        session,
        EventType.consent_withdrawn,
        case_id=ctx.case.id,
        subject_type="consent",
        subject_id=consent.id,
        reached_before=reached_before,
    )
    return _read(consent, ctx)

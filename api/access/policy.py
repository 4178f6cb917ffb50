"""The access policy: the one place that decides who may read or change what.

DOMAIN.md, "Rules the product must enforce":
- social-services staff reach their own unit's cases they are assigned to; unit managers read
  every case of their unit;
- anyone else (a professional, or an integration client acting for its organisation) reaches a
  case only while they are a current member AND an active consent (not withdrawn, inside its
  validity window) names their organisation, and inside the case only the information
  categories that consent covers;
- admins, auditors and the preparation group read no case content.

Everything here is a SQL expression, so lists are filtered in the database and a list can never
show what a single read would deny. Consent is read on every request, never carried in a token:
a withdrawal cuts access on the very next request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.auth.principal import Principal, PrincipalKind
from api.models import Case, CaseMember, Consent, ConsentCategory, ConsentOrganization
from api.models.enums import Role

CaseIdRef = ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID] | uuid.UUID

SOCIAL_SERVICES_CASEWORK = (Role.case_officer, Role.coordinator)
LEGAL_BASIS_UNIT = "social_services_unit"  # the case belongs to the worker's own unit
LEGAL_BASIS_CONSENT = "consent"  # OSL 10 kap. 1 §: the young person's written consent


def active_consents(case_id: CaseIdRef, today: date) -> Select[uuid.UUID]:
    """Ids of the case's consents in force today (signed, inside validity, not withdrawn).

    Signatures are checked when a consent is registered, so a stored consent is signed.
    """
    return select(Consent.id).where(
        Consent.case_id == case_id,
        Consent.withdrawn_at.is_(None),
        Consent.valid_from <= today,
        Consent.valid_until >= today,
    )


def _consents_covering_org(
    case_id: CaseIdRef, organization_id: uuid.UUID, today: date
) -> Select[uuid.UUID]:
    return (
        active_consents(case_id, today)
        .join(ConsentOrganization, ConsentOrganization.consent_id == Consent.id)
        .where(ConsentOrganization.organization_id == organization_id)
    )


def _current_member(p: Principal) -> ColumnElement[bool]:
    """The principal is in the group now. A client counts through its organisation's members."""
    member = CaseMember.user_id == p.subject_id
    if p.kind is PrincipalKind.client:
        member = CaseMember.organization_id == p.organization_id
    return exists().where(CaseMember.case_id == Case.id, CaseMember.left_at.is_(None), member)


def _is_social_services_reach(p: Principal) -> ColumnElement[bool]:
    if p.kind is not PrincipalKind.user or p.unit_id is None:
        return false()
    own_unit = Case.owning_unit_id == p.unit_id
    if p.has_role(Role.unit_manager):
        return own_unit
    if p.has_role(*SOCIAL_SERVICES_CASEWORK):
        assigned = or_(
            Case.case_officer_id == p.subject_id,
            Case.coordinator_id == p.subject_id,
            _current_member(p),
        )
        return and_(own_unit, assigned)
    return false()


def _is_consented_reach(p: Principal, today: date) -> ColumnElement[bool]:
    if not p.has_role(Role.professional, Role.integration):
        return false()
    covered = exists(_consents_covering_org(Case.id, p.organization_id, today))
    return and_(_current_member(p), covered)


def readable_case_filter(p: Principal, today: date) -> ColumnElement[bool]:
    return or_(_is_social_services_reach(p), _is_consented_reach(p, today))


def readable_cases(p: Principal, today: date) -> Select[Case]:
    """Cases this principal may read; every case-scoped query starts here."""
    return select(Case).where(readable_case_filter(p, today))


def readable_cases_with_basis(p: Principal, today: date) -> Select[Case, bool, uuid.UUID | None]:
    """``readable_cases`` plus, per row, whether the unit rule applies and otherwise the
    consent relied on, so a list can log each case's legal basis without extra queries."""
    consent = (
        _consents_covering_org(Case.id, p.organization_id, today)
        .order_by(Consent.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    by_unit = _is_social_services_reach(p)
    return select(Case, by_unit, consent).where(or_(by_unit, _is_consented_reach(p, today)))


@dataclass(frozen=True, slots=True)
class AccessBasis:
    """Why a principal may read a case, recorded in the access log with every read."""

    legal_basis: str
    consent_id: uuid.UUID | None
    full_access: bool  # social services see every category; others what consent covers

    @classmethod
    def of(cls, by_unit: bool, consent_id: uuid.UUID | None) -> AccessBasis:
        if by_unit:
            return cls(LEGAL_BASIS_UNIT, None, full_access=True)
        return cls(LEGAL_BASIS_CONSENT, consent_id, full_access=False)


def case_with_basis(
    session: Session, p: Principal, case_id: uuid.UUID, today: date
) -> tuple[Case, AccessBasis] | None:
    """The case and the basis on which ``p`` reaches it, or None when it does not (or the
    case does not exist: the caller cannot tell the two apart)."""
    row = session.execute(
        readable_cases_with_basis(p, today).where(Case.id == case_id)
    ).one_or_none()
    if row is None:
        return None
    case, by_unit, consent_id = row
    return case, AccessBasis.of(by_unit, consent_id)


def visible_category_filter(
    p: Principal,
    basis: AccessBasis,
    case_id: uuid.UUID,
    category: ColumnElement[str] | InstrumentedAttribute[str],
    today: date,
) -> ColumnElement[bool]:
    """Inside a case: only entries whose category an active consent for the principal's
    organisation covers. Social-services staff of the unit see every category."""
    if basis.full_access:
        return true()
    covered = select(ConsentCategory.category_code).where(
        ConsentCategory.consent_id.in_(_consents_covering_org(case_id, p.organization_id, today))
    )
    return category.in_(covered)


def can_edit_case(p: Principal, case: Case) -> bool | str:
    """Workflow changes belong to the case officer and coordinator assigned to the case."""
    if p.kind is not PrincipalKind.user or not p.has_role(*SOCIAL_SERVICES_CASEWORK):
        return "Only the case officer or coordinator of the case may change it."
    if case.owning_unit_id != p.unit_id:
        return "The case belongs to another unit."
    if p.subject_id not in (case.case_officer_id, case.coordinator_id):
        return "You are not assigned to this case."
    return True


def can_read_access_log(p: Principal, case: Case) -> bool | str:
    """The access log of a case answers the young person's right of access; the case
    officer responsible for the case gives that answer (API.md)."""
    if p.kind is PrincipalKind.user and p.subject_id == case.case_officer_id:
        return True
    return "Only the case officer of the case may read its access log."

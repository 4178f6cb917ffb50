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
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, literal, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.auth.principal import Principal, PrincipalKind
from api.models import (
    ActionPlanItem,
    AuditEvent,
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentOrganization,
    Organization,
    WebhookSubscription,
)
from api.models.enums import AuditOutcome, CaseStatus, MemberKind, OrganizationKind, Role

CaseIdRef = ColumnElement[uuid.UUID] | InstrumentedAttribute[uuid.UUID] | uuid.UUID

SOCIAL_SERVICES_CASEWORK = (Role.case_officer, Role.coordinator)
LEGAL_BASIS_UNIT = "social_services_unit"  # the case belongs to the worker's own unit
LEGAL_BASIS_CONSENT = "consent"  # OSL 10 kap. 1 §: the young person's written consent


def active_consents(case_id: CaseIdRef, today: date | ColumnElement[date]) -> Select[uuid.UUID]:
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
    return readable_case_rows(p, today, Case)


def readable_case_rows(p: Principal, today: date, *columns: Any) -> Select[Any]:
    """The given columns of every case ``p`` may read, followed by the two basis columns of
    ``readable_cases_with_basis``: for a list that needs a few columns, not whole entities."""
    consent = (
        _consents_covering_org(Case.id, p.organization_id, today)
        .order_by(Consent.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    by_unit = _is_social_services_reach(p)
    return select(*columns, by_unit, consent).where(or_(by_unit, _is_consented_reach(p, today)))


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


# --- Meetings, journal and "my work" (issue #4) ---------------------------------------------

# Minutes are social services' documentation of the meeting (DOMAIN.md: meetings are
# "convened and documented by social services"), so they carry this information category.
MINUTES_CATEGORY = "social_services"


def minutes_visible_filter(
    p: Principal, basis: AccessBasis, case_id: uuid.UUID, today: date
) -> ColumnElement[bool]:
    """Whether the caller may read a meeting's minutes: exactly as a journal entry of the
    ``social_services`` category (``visible_category_filter``). Times, kind, place and
    attendance are not social-services documentation and are shown to every case reader."""
    return visible_category_filter(p, basis, case_id, literal(MINUTES_CATEGORY), today)


def category_visible_in_listed_case(
    p: Principal, category: ColumnElement[str] | InstrumentedAttribute[str], today: date
) -> ColumnElement[bool]:
    """``visible_category_filter`` for queries across cases (correlated to ``Case.id``):
    social-services reach sees every category, anyone else what a consent for their
    organisation covers in that very case."""
    # Correlated explicitly: auto-correlation reaches only the immediately enclosing SELECT,
    # so the consents subquery would otherwise range over every case of the organisation.
    in_this_case = _consents_covering_org(Case.id, p.organization_id, today).correlate(Case)
    covered = select(ConsentCategory.category_code).where(
        ConsentCategory.consent_id.in_(in_this_case)
    )
    return or_(_is_social_services_reach(p), category.in_(covered))


def can_write_journal_entry(
    basis: AccessBasis,
    *,
    is_concern_report: bool,
    category_is_social_services: bool,
    category_covered: bool,
) -> bool | str:
    """Who may write a journal entry in a category, once they may read the case.

    Writing is sharing: a professional may only add information of a kind the young
    person's consent lets their organisation exchange (OSL 10 kap. 1 §). Social-services
    staff of the unit document everything in their own case.

    A concern report (orosanmälan, SoL 14 kap. 1 §) is a duty that applies regardless of
    consent, and its recipient is social services; so it may be written in a social-services
    category even when the consent does not cover that category for the writer. It is still
    only written through a case the writer may reach: a member without an active consent
    cannot see the case at all and reports through social services' ordinary channel.
    """
    if basis.full_access or category_covered:
        return True
    if is_concern_report and category_is_social_services:
        return True
    if is_concern_report:
        return "A concern report the consent does not cover goes to a social-services category."
    return "The consent does not cover this information category for your organisation."


# The case workflow (issue #4): decisions, proposals and the preparation group.

LEGAL_BASIS_DEIDENTIFIED = "deidentified_preparation"  # no name, number or address is shown
PROPOSAL_CREATED_ACTION = "cases:create"  # the access-log action of a new proposal


def can_decide_case(p: Principal, case: Case) -> bool | str:
    """The formal decision, and turning a proposal down, belong to the responsible social
    worker: the case officer "takes the formal decision" (DOMAIN.md; API.md, roles)."""
    if p.kind is not PrincipalKind.user or not p.has_role(Role.case_officer):
        return "Only the case officer responsible for the case may decide on it."
    if p.subject_id != case.case_officer_id:
        return "Only the case officer responsible for the case may decide on it."
    return True


def own_proposals_filter(p: Principal) -> ColumnElement[bool]:
    """Cases the principal proposed: a proposer who cannot read the case still follows its
    status. ``proposed_by_id`` names users only, so an integration client's proposals are
    found through the access-log events that recorded their creation."""
    if p.kind is PrincipalKind.user:
        return Case.proposed_by_id == p.subject_id
    created = select(AuditEvent.resource_id).where(
        AuditEvent.actor_organization_id == p.organization_id,  # indexed; narrows the scan
        AuditEvent.actor_client_id == p.subject_id,
        AuditEvent.action == PROPOSAL_CREATED_ACTION,
        AuditEvent.outcome == AuditOutcome.allowed,
    )
    return Case.id.in_(created)


def deidentified_proposals_filter(p: Principal) -> ColumnElement[bool]:
    """Proposals the preparation group prepares: open proposals of its own municipality,
    shown de-identified before any consent (DOMAIN.md, "Organisational levels" and "The
    life of a case" 1). The member belongs to the municipality, whose units are its
    children, or to a unit itself."""
    if not p.has_role(Role.preparation_group):
        return false()
    units = select(Organization.id).where(
        or_(Organization.id == p.organization_id, Organization.parent_id == p.organization_id)
    )
    return and_(
        Case.status.in_((CaseStatus.proposed, CaseStatus.assessing)),
        Case.owning_unit_id.in_(units),
    )


def sees_family_identity(basis: AccessBasis) -> bool:
    """Who the guardians are, and the paperwork around a consent (where it is filed, why it
    was withdrawn), stay with social services. The other agencies need to know that a
    guardian takes part and what the consent covers, not who the parents are or what they
    said (data minimisation, GDPR art. 5.1 c; DOMAIN.md "Rules the product must enforce")."""
    return basis.full_access


# --- The action plan (issue #4) --------------------------------------------------------------


def can_update_item_status(p: Principal, item: ActionPlanItem, member: CaseMember) -> bool | str:
    """Whether ``p`` may report the status and follow-up notes of ``item`` as the responsible
    member, without being the case's officer or coordinator.

    DOMAIN.md: the coordinator "follows up commitments between meetings"; the one who made
    the commitment reports on it. ``member`` is the item's responsible member, and the item
    must have been reached through ``visible_category_filter`` (so an active consent covers
    its category for a professional). An integration client reports for its organisation's
    members, as it acts as its organisation's professionals (API.md, roles).
    """
    if member.id != item.responsible_member_id or member.case_id != item.case_id:
        return "Only the member responsible for this item may report on it."
    if member.left_at is not None:
        return "The responsible member has left the group."
    if p.kind is PrincipalKind.user:
        mine = member.kind is MemberKind.user and member.user_id == p.subject_id
    else:
        mine = member.kind is MemberKind.user and member.organization_id == p.organization_id
    if not mine:
        return "Only the member responsible for this item may report on it."
    return True


def can_assign_case(p: Principal, case: Case) -> bool | str:
    """The unit manager allocates the unit's cases: a proposal from the police or a school
    arrives unassigned, and only assigned staff may work on it (DOMAIN.md, roles)."""
    if p.kind is not PrincipalKind.user or not p.has_role(Role.unit_manager):
        return "Only the unit manager assigns cases."
    if case.owning_unit_id != p.unit_id:
        return "The case belongs to another unit."
    return True


# --- Integrations (issue #6) -------------------------------------------------------------------


def organizations_reaching_case(
    case_id: CaseIdRef, today: date, category: str | None = None
) -> Select[uuid.UUID | None]:
    """Organisations whose integration clients reach the case now: the rule of
    ``_is_consented_reach`` for a client (a current member of the organisation, and an active
    consent naming it), and with ``category`` only those whose consent covers it, as
    ``visible_category_filter`` decides inside the case. Webhook events go to these only."""
    covered = (
        active_consents(case_id, today)
        .join(ConsentOrganization, ConsentOrganization.consent_id == Consent.id)
        .where(ConsentOrganization.organization_id == CaseMember.organization_id)
    )
    if category is not None:
        covered = covered.join(ConsentCategory, ConsentCategory.consent_id == Consent.id).where(
            ConsentCategory.category_code == category
        )
    return (
        select(CaseMember.organization_id)
        .where(
            CaseMember.case_id == case_id,
            CaseMember.left_at.is_(None),
            CaseMember.organization_id.is_not(None),
            exists(covered),
        )
        .distinct()
    )


# --- Statistics (issue #7) ---------------------------------------------------------------------

# Whose integration client reads the statistics of a municipality: the municipality itself,
# or one of its social-services units. A school or a police authority may sit under a
# municipality in the directory, but never sees its figures through that.
STATS_CLIENT_ORGANIZATION_KINDS = (OrganizationKind.municipality, OrganizationKind.social_services)


def stats_units(p: Principal) -> Select[uuid.UUID]:
    """Ids of the units whose cases a statistics reader (``stats:read``) may aggregate.

    API.md: the unit manager reads "every case of the unit; statistics", so a unit manager
    aggregates their own unit (``unit_id``). An integration client of the municipality - its
    organisation is the municipality, or a unit of it (organisations form a tree through
    ``parent_id``) - aggregates every social-services unit of that municipality: the
    municipality's own follow-up (DOMAIN.md, the steering group follows "results"). Anyone
    else aggregates nothing. The figures are suppressed aggregates (api/stats/suppression.py),
    never case content, so no consent or membership is involved.
    """
    if p.kind is PrincipalKind.user:
        if p.has_role(Role.unit_manager) and p.unit_id is not None:
            return select(Organization.id).where(Organization.id == p.unit_id)
        return select(Organization.id).where(false())
    if p.organization_kind not in STATS_CLIENT_ORGANIZATION_KINDS:
        return select(Organization.id).where(false())
    parent = select(Organization.parent_id).where(Organization.id == p.organization_id)
    municipality = select(Organization.id).where(
        Organization.kind == OrganizationKind.municipality,
        or_(Organization.id == p.organization_id, Organization.id.in_(parent)),
    )
    return select(Organization.id).where(
        Organization.kind == OrganizationKind.social_services,
        Organization.parent_id.in_(municipality),
    )


def own_webhooks_filter(p: Principal) -> ColumnElement[bool]:
    """Webhook subscriptions belong to an organisation: any of its integration clients with
    ``webhooks:manage`` manages them, and another organisation's answer 404 like missing ones.
    They hold no case content, so no consent is involved (what is delivered is checked per
    event by ``organizations_reaching_case``)."""
    return WebhookSubscription.organization_id == p.organization_id


# --- Directory (issue #5) ----------------------------------------------------------------------

# Who looks people up in the directory: the administrator who manages it, and the
# social-services staff who put the group around the young person together and pick its
# members by user id (DOMAIN.md "The life of a case" 5; API.md, roles). Other agencies' staff
# and integration clients do not browse colleagues across agencies; the organisations and the
# information categories are directory data that every signed-in caller reads.
DIRECTORY_USER_READERS = (Role.admin, Role.unit_manager, Role.case_officer, Role.coordinator)


def can_read_users(p: Principal) -> bool | str:
    if p.kind is PrincipalKind.user and p.has_role(*DIRECTORY_USER_READERS):
        return True
    return "Only administrators and social-services case staff may look up users."


def can_manage_directory(p: Principal) -> bool | str:
    """Organisations, users and integration clients are managed by an administrator only
    (API.md, roles: ``admin``), who reads no case content through that."""
    if p.kind is PrincipalKind.user and p.has_role(Role.admin):
        return True
    return "Only an administrator may change the directory."


def can_change_user(
    p: Principal, user_id: uuid.UUID, *, deactivates: bool, drops_admin: bool
) -> bool | str:
    """An administrator cannot lock themselves out: deactivating their own account or
    removing their own admin role is left to another administrator, so the directory always
    keeps someone who can manage it."""
    if user_id == p.subject_id and (deactivates or drops_admin):
        return "You cannot deactivate yourself or remove your own admin role."
    return True

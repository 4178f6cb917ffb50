"""Demo cases in every status in both units, and the groups around the young persons.

Day fields are offsets from the seed day (negative: in the past). A case moves through the
stages at fixed intervals after its proposal, so each status has the dates it implies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from api.demo.base import Timeline, demo_id
from api.demo.directory import ORGANIZATIONS, USERS, org_id, user_id, user_org_id
from api.demo.persons import guardians_of, person_id
from api.models import Case, CaseMember
from api.models.enums import (
    CaseStatus,
    ClosureReason,
    GroupRole,
    LegalBasis,
    MemberKind,
    OrganizationKind,
    TargetGroup,
)

ASSESSED_AFTER, DECIDED_AFTER, ACTIVATED_AFTER = 14, 28, 35  # days after the proposal
INTERVENTION_DAYS = 365  # time-limited (DOMAIN.md "Decision"): here one year
UNIT_STAFF = {"unit1": ("handlaggare", "samordnare"), "unit2": ("handlaggare2", "samordnare2")}
GROUP_ROLE_OF_ORG = {
    OrganizationKind.police: GroupRole.police,
    OrganizationKind.school: GroupRole.school,
    OrganizationKind.child_psychiatry: GroupRole.health,
    OrganizationKind.field_workers: GroupRole.field_worker,
}


@dataclass(frozen=True, slots=True)
class CaseSpec:
    number: int
    unit: str
    person: str
    status: CaseStatus
    proposed_day: int
    proposer: str  # a demo user name
    proposal_reason: str
    risk_summary: str  # de-identified: no name, number or address
    target_group: TargetGroup = TargetGroup.at_risk
    legal_basis: LegalBasis = LegalBasis.sol_4_1
    ended_day: int | None = None  # closed or rejected
    closure_reason: ClosureReason | None = None
    outcome: str | None = None  # closing summary or reason for rejection
    youth_goals: str | None = None
    guardian_goals: str | None = None


@dataclass(frozen=True, slots=True)
class MemberSpec:
    key: str  # unique within the case: a user name, a person key or an external key
    role: GroupRole
    kind: MemberKind = MemberKind.user
    joined_day: int | None = None  # default: when the group formed
    left_day: int | None = None
    left_reason: str | None = None
    external_name: str | None = None
    external_contact: str | None = None
    organization: str | None = None


def case_id(number: int) -> uuid.UUID:
    return demo_id("case", str(number))


def member_id(number: int, key: str) -> uuid.UUID:
    return demo_id("member", str(number), key)


def activated_day(spec: CaseSpec) -> int:
    return spec.proposed_day + ACTIVATED_AFTER


def build_case(spec: CaseSpec, clock: Timeline) -> Case:
    """The case row with the fields its status implies."""
    officer, coordinator = UNIT_STAFF[spec.unit]
    proposed_on = clock.day(spec.proposed_day)
    case = Case(
        id=case_id(spec.number),
        reference=f"SIG-{proposed_on.year}-{spec.number:04d}",
        young_person_id=person_id(spec.person),
        status=spec.status,
        target_group=spec.target_group,
        owning_unit_id=org_id(spec.unit),
        proposed_by_id=user_id(spec.proposer),
        proposed_by_organization_kind=_org_kind_of(spec.proposer),
        proposal_reason=spec.proposal_reason,
        risk_summary=spec.risk_summary,
        created_at=clock.at(spec.proposed_day, 9),
    )
    if spec.status is not CaseStatus.proposed:
        case.case_officer_id = user_id(officer)
    if spec.status is CaseStatus.rejected:
        case.rejected_at = clock.at(_ended(spec), 15)
        case.rejection_reason = spec.outcome
    elif spec.status in (CaseStatus.decided, CaseStatus.active, CaseStatus.closed):
        _decide(case, spec, clock, officer, coordinator)
    if spec.status in (CaseStatus.active, CaseStatus.closed):
        case.activated_at = clock.at(activated_day(spec), 10)
    if spec.status is CaseStatus.closed:
        case.closed_at = clock.at(_ended(spec), 16)
        case.closure_reason = spec.closure_reason
        case.closure_summary = spec.outcome
    return case


def _decide(case: Case, spec: CaseSpec, clock: Timeline, officer: str, coordinator: str) -> None:
    case.coordinator_id = user_id(coordinator)
    case.assessed_at = clock.at(spec.proposed_day + ASSESSED_AFTER, 11)
    case.legal_basis = spec.legal_basis
    case.decided_on = clock.day(spec.proposed_day + DECIDED_AFTER)
    case.decided_by_id = user_id(officer)
    case.intervention_start_on = clock.day(activated_day(spec))
    case.intervention_end_on = clock.day(activated_day(spec) + INTERVENTION_DAYS)
    case.youth_goals = spec.youth_goals
    case.guardian_goals = spec.guardian_goals


def _ended(spec: CaseSpec) -> int:
    if spec.ended_day is None:
        raise ValueError(f"demo case {spec.number} needs ended_day")
    return spec.ended_day


def _org_kind_of(username: str) -> OrganizationKind:
    organization = next(u.organization for u in USERS if u.username == username)
    return next(o.kind for o in ORGANIZATIONS if o.key == organization)


def core_members(spec: CaseSpec) -> list[MemberSpec]:
    """Who is in every group from the decision on: social services, the young person and,
    for a minor, the guardians."""
    officer, coordinator = UNIT_STAFF[spec.unit]
    return [
        MemberSpec(coordinator, GroupRole.coordinator),
        MemberSpec(officer, GroupRole.case_officer),
        MemberSpec(spec.person, GroupRole.young_person, MemberKind.person),
        *(
            MemberSpec(guardian, GroupRole.guardian, MemberKind.person)
            for guardian in guardians_of(spec.person)
        ),
    ]


def professional(
    username: str,
    *,
    joined_day: int | None = None,
    left_day: int | None = None,
    left_reason: str | None = None,
) -> MemberSpec:
    """A member from another agency, in the group role its organisation kind implies."""
    role = GROUP_ROLE_OF_ORG.get(_org_kind_of(username), GroupRole.other)
    return MemberSpec(
        username, role, joined_day=joined_day, left_day=left_day, left_reason=left_reason
    )


def resolved_members(spec: CaseSpec, extra: list[MemberSpec]) -> list[MemberSpec]:
    """Members with their join and leave days filled in; a closed case's group has left."""
    if spec.status in (CaseStatus.proposed, CaseStatus.assessing, CaseStatus.rejected):
        return []
    formed = spec.proposed_day + DECIDED_AFTER
    members = core_members(spec)
    if spec.status in (CaseStatus.active, CaseStatus.closed):
        formed = activated_day(spec)
        members += extra
    resolved = []
    for member in members:
        joined = formed if member.joined_day is None else member.joined_day
        left, reason = member.left_day, member.left_reason
        if spec.status is CaseStatus.closed and left is None:
            left, reason = _ended(spec), "Ärendet avslutades."
        resolved.append(replace(member, joined_day=joined, left_day=left, left_reason=reason))
    return resolved


def build_member(number: int, member: MemberSpec, clock: Timeline) -> CaseMember:
    joined = 0 if member.joined_day is None else member.joined_day
    is_user = member.kind is MemberKind.user
    organization = member.organization
    return CaseMember(
        id=member_id(number, member.key),
        case_id=case_id(number),
        kind=member.kind,
        user_id=user_id(member.key) if is_user else None,
        person_id=person_id(member.key) if member.kind is MemberKind.person else None,
        external_name=member.external_name,
        external_contact=member.external_contact,
        organization_id=user_org_id(member.key) if is_user else _opt_org(organization),
        group_role=member.role,
        joined_at=clock.at(joined, 13),
        left_at=None if member.left_day is None else clock.at(member.left_day, 17),
        left_reason=member.left_reason,
    )


def _opt_org(key: str | None) -> uuid.UUID | None:
    return None if key is None else org_id(key)


def add_case(session: Session, spec: CaseSpec, extra: list[MemberSpec], clock: Timeline) -> None:
    session.add(build_case(spec, clock))
    session.flush()
    for member in resolved_members(spec, extra):
        session.add(build_member(spec.number, member, clock))

"""A bulk case from proposal to its status, with its group. Most cases are active, with police
and school in the group from activation (DOMAIN.md); the others are closed, rejected or
still before the decision, which has no group yet."""

from __future__ import annotations

import uuid
from typing import Any

from api.demo.base import demo_id
from api.demo.cases import ACTIVATED_AFTER, ASSESSED_AFTER, DECIDED_AFTER, INTERVENTION_DAYS
from api.demo.directory import org_id
from api.demo.scale.consents import add_consents
from api.demo.scale.people import add_family
from api.demo.scale.records import PROFESSIONAL_ROLES, AuditTarget, CaseDraft, Member
from api.demo.scale.town import UNITS, Municipality
from api.demo.scale.work import add_work
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

BULK_REFERENCE = "SIG-%-B%"  # bulk references are SIG-<year>-B<number>

S, G = CaseStatus, GroupRole
STATUS_WEIGHTS = {S.active: 55, S.closed: 25, S.proposed: 4, S.assessing: 5, S.decided: 4}
STATUS_WEIGHTS[S.rejected] = 7
REASONS = (
    "Upprepade misstankar om brott tillsammans med äldre ungdomar.",
    "Hög skolfrånvaro och kontakt med ett kriminellt nätverk.",
    "Ungdomen vill lämna ett kriminellt sammanhang och ber om stöd.",
)
RISKS = (
    "Kamrater som begår brott, låg skolnärvaro och svag tillsyn.",
    "Misstänkt för narkotikabrott; skyddande: nära relation till en förälder.",
    "Hot från äldre ungdomar; skyddande: intresse för idrott.",
)


def add_case(town: Municipality, number: int) -> None:
    """Case ``number`` with everything under it, in the order the random draws were made."""
    status = town.rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    unit = UNITS[(number - 1) % len(UNITS)]
    case_id = demo_id("scale-case", str(number))
    case = CaseDraft(
        case_id, number, status, unit, *_dates(town, status), town.officers[unit].next()
    )
    add_family(town, case)
    if status in (S.decided, S.active, S.closed):
        case.coordinator = town.coordinators[unit].next()
    if status is S.closed:
        case.closure = town.rng.choice(list(ClosureReason))
    _add_case_row(town, case)
    if case.coordinator is None:
        return  # no group before the decision (DOMAIN.md)
    _members(town, case)
    consent = add_consents(town, case)
    if case.activated is not None:
        add_work(town, case)
    in_force = consent if status is S.active else None
    town.audit.append(_audit_target(case, case.coordinator, in_force))


def _audit_target(
    case: CaseDraft, coordinator: uuid.UUID, consent: uuid.UUID | None
) -> AuditTarget:
    """Only a case with a group is in the access log: before the decision nobody works on it."""
    unit = org_id(case.unit)
    return AuditTarget(
        case.id,
        [(case.officer, unit, "case_officer"), (coordinator, unit, "coordinator")],
        [
            (m.user_id, m.organization_id)
            for m in case.members
            if m.role in PROFESSIONAL_ROLES and m.user_id and m.organization_id
        ],
        consent,
    )


def _dates(town: Municipality, status: CaseStatus) -> tuple[int, int | None, int | None]:
    """Proposal, activation and end (closure or rejection)."""
    rng = town.rng
    if status is S.active:
        activated = -rng.randint(1, 360)
        return activated - ACTIVATED_AFTER, activated, None
    if status is S.closed:
        activated = -rng.randint(125, 1000)
        ended = min(activated + rng.randint(120, INTERVENTION_DAYS), -1)
        return activated - ACTIVATED_AFTER, activated, ended
    if status is S.decided:
        return -rng.randint(DECIDED_AFTER + 1, ACTIVATED_AFTER - 1), None, None
    if status is S.assessing:
        return -rng.randint(1, DECIDED_AFTER - 1), None, None
    if status is S.proposed:
        return -rng.randint(0, ASSESSED_AFTER - 1), None, None
    ended = -rng.randint(1, 700)
    return ended - rng.randint(7, 28), None, ended


def _add_case_row(town: Municipality, case: CaseDraft) -> None:
    c, rng, status = town.clock, town.rng, case.status
    decided = case.coordinator is not None
    start = case.proposed + ACTIVATED_AFTER
    ended = c.at(case.end, 16)
    decision: dict[str, Any] = {
        "assessed_at": c.at(case.proposed + ASSESSED_AFTER, 11),
        "legal_basis": LegalBasis.sol_4_1,
        "decided_on": c.day(case.proposed + DECIDED_AFTER),
        "decided_by_id": case.officer,
        "intervention_start_on": c.day(start),
        "intervention_end_on": c.day(start + INTERVENTION_DAYS),
        "youth_goals": "Klara skolan och hitta en fritidsaktivitet.",
        "guardian_goals": "Få stöd i att sätta gränser.",
    }
    if status is S.closed:
        decision |= {"closed_at": ended, "closure_reason": case.closure}
        decision["closure_summary"] = "Insatsen avslutades."
    if status is S.rejected:
        decision = {"rejected_at": ended, "rejection_reason": "En annan insats passar bättre."}
    last = case.ended if case.ended is not None else max(case.proposed, -rng.randint(1, 30))
    town.out.add(
        Case,
        id=case.id,
        created_at=c.at(case.proposed, 9),
        updated_at=c.at(last, 17),
        version=1,
        reference=f"SIG-{c.day(case.proposed).year}-B{case.number:06d}",
        young_person_id=case.child,
        status=status,
        target_group=TargetGroup.defector if rng.random() < 0.15 else TargetGroup.at_risk,
        owning_unit_id=org_id(case.unit),
        case_officer_id=None if status is S.proposed else case.officer,
        coordinator_id=case.coordinator,
        proposed_by_id=case.officer,
        proposed_by_organization_kind=OrganizationKind.social_services,
        proposal_reason=rng.choice(REASONS),
        risk_summary=rng.choice(RISKS),
        activated_at=None if case.activated is None else c.at(case.activated, 10),
        **(decision if decided or status is S.rejected else {}),
    )


def _members(town: Municipality, case: CaseDraft) -> None:
    """Social services, the young person and the guardians; from activation police
    (85 %), school (80 %) and a field worker (25 %; a third of them have left again)."""
    rng, unit, formed = town.rng, org_id(case.unit), case.formed
    case.members = [
        Member(town.new_id(), G.coordinator, case.coordinator, None, unit, formed),
        Member(town.new_id(), G.case_officer, case.officer, None, unit, formed),
        Member(town.new_id(), G.young_person, None, case.child, None, formed),
        *(Member(town.new_id(), G.guardian, None, g, None, formed) for g in case.guardians),
    ]
    if case.activated is not None:
        school = "school1" if case.born > town.clock.day(formed - 16 * 365) else "school2"
        for role, org, share in ((G.police, "police", 0.85), (G.school, school, 0.8)):
            if rng.random() < share:
                staff = town.professionals[org].next()
                case.members.append(Member(town.new_id(), role, staff, None, org_id(org), formed))
        if rng.random() < 0.25:
            staff = town.professionals["field"].next()
            worker = Member(town.new_id(), G.field_worker, staff, None, org_id("field"), formed)
            if case.ended is None and formed < -2 and rng.random() < 0.33:
                worker.left = rng.randint(formed + 1, -1)
            case.members.append(worker)
    _add_member_rows(town, case)


def _add_member_rows(town: Municipality, case: CaseDraft) -> None:
    """Everyone leaves the group when the case ends; until then only who has left has."""
    for m in case.members:
        m.left = case.ended if case.ended is not None else m.left
        joined = town.clock.at(m.joined, 13)
        town.out.add_entity(
            CaseMember,
            m.id,
            joined,
            case_id=case.id,
            kind=MemberKind.user if m.user_id else MemberKind.person,
            user_id=m.user_id,
            person_id=m.person_id,
            organization_id=m.organization_id,
            group_role=m.role,
            joined_at=joined,
            left_at=None if m.left is None else town.clock.at(m.left, 17),
            left_reason=None if m.left is None else "Lämnade gruppen.",
        )

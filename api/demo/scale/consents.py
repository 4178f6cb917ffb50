"""A bulk case's consents: one from the group's start, renewed while the case is active, some
withdrawn or run out, each naming police, the school and the group's other agencies."""

from __future__ import annotations

import uuid
from typing import Any

from api.demo.directory import org_id
from api.demo.scale.records import PROFESSIONAL_ROLES, CaseDraft, Span
from api.demo.scale.town import Municipality
from api.models import Consent, ConsentCategory, ConsentGrantor, ConsentOrganization
from api.models.enums import CaseStatus, ClosureReason, GrantorRelation, GroupRole
from api.people.identity import is_minor_on

CONSENT_DAYS = 360  # within SAMVERKA_CONSENT_MAX_MONTHS (12)

S = CaseStatus


def add_consents(town: Municipality, case: CaseDraft) -> uuid.UUID | None:
    """The case's consents; returns the one in force on the seed day, if any."""
    teen_school = "school1" if case.born > town.clock.day(-16 * 365) else "school2"
    orgs: set[uuid.UUID | None] = {org_id("police"), org_id(teen_school)}
    orgs |= {m.organization_id for m in case.members if m.role in PROFESSIONAL_ROLES}
    categories = {"police", "school", "social_services"}
    if town.rng.random() < 0.5:
        categories.add("leisure")
    if any(m.role is GroupRole.field_worker for m in case.members):
        categories.add("employment")
    in_force = None
    for span in _consent_spans(town, case):
        consent = town.new_id()
        _consent_row(town, case, consent, span)
        signed_on = town.clock.day(span.start)
        grantors = [(case.child, GrantorRelation.young_person)]
        if is_minor_on(case.born, signed_on):
            grantors += [(g, GrantorRelation.guardian) for g in case.guardians]
        for person, relation in grantors:
            town.out.add(
                ConsentGrantor,
                consent_id=consent,
                person_id=person,
                relation=relation,
                signed_on=signed_on,
            )
        for org in sorted(o for o in orgs if o is not None):
            town.out.add(ConsentOrganization, consent_id=consent, organization_id=org)
        for code in sorted(categories):
            town.out.add(ConsentCategory, consent_id=consent, category_code=code)
        if span.withdrawn is None and span.start <= 0 <= span.until:
            in_force = consent
    return in_force


def _consent_spans(town: Municipality, case: CaseDraft) -> list[Span]:
    """One from the group's start, renewed while the case is active; about 6 % of the
    active cases have had theirs withdrawn and 5 % have let it run out."""
    rng = town.rng
    start = case.formed - rng.randint(0, 7)
    first = Span(start, start + CONSENT_DAYS)
    if case.status is S.decided:
        return [first] if rng.random() < 0.6 else []
    if case.status is S.closed:
        if case.closure is ClosureReason.consent_withdrawn:
            first.withdrawn = max(start + 1, case.end - rng.randint(0, 5))
        return [first]
    draw = rng.random()
    if draw < 0.06 and start < -1:
        first.withdrawn = rng.randint(start + 1, -1)
    elif draw < 0.11 and start < -31:
        first.until = max(start + 30, -rng.randint(1, 60))
    spans = [first]
    while spans[-1].until < 0 and draw >= 0.11:
        renewed = spans[-1].until - 14
        spans.append(Span(renewed, renewed + CONSENT_DAYS))
    return spans


def _consent_row(town: Municipality, case: CaseDraft, consent: uuid.UUID, span: Span) -> None:
    c = town.clock
    withdrawal: dict[str, Any] = {}
    if span.withdrawn is not None:
        withdrawal = {
            "withdrawn_at": c.at(span.withdrawn, 11),
            "withdrawn_by_person_id": case.child,
            "withdrawal_recorded_by_id": case.officer,
            "withdrawal_reason": "Ungdomen vill inte längre att uppgifter lämnas.",
        }
    town.out.add_entity(
        Consent,
        consent,
        c.at(span.start, 12),
        case_id=case.id,
        valid_from=c.day(span.start),
        valid_until=c.day(span.until),
        collected_by_id=case.coordinator,
        collected_by_organization_id=org_id(case.unit),
        document_reference="Samtyckesblankett, akt i socialtjänstens journal",
        **withdrawal,
    )

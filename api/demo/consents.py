"""Demo consents, following the domain's rules (DOMAIN.md "Consent").

Signatories follow from the young person's age on the day of signing: alone from 18, together
with every guardian under 18. Every consent names its agencies, its kinds of information and an
end date. Whether a consent is active, expired or withdrawn follows from the dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.demo.base import Timeline, demo_id
from api.demo.cases import UNIT_STAFF, case_id
from api.demo.directory import org_id, user_id
from api.demo.persons import YOUNG_PERSONS, guardians_of, person_id
from api.demo.scenario import CASES
from api.models import Consent, ConsentCategory, ConsentGrantor, ConsentOrganization
from api.models.enums import GrantorRelation
from api.people.identity import is_minor_on


@dataclass(frozen=True, slots=True)
class ConsentSpec:
    key: str
    case: int
    from_day: int
    until_day: int
    organizations: tuple[str, ...]
    categories: tuple[str, ...]
    withdrawn_day: int | None = None
    withdrawn_by: str | None = None  # a person key
    withdrawal_reason: str | None = None


CONSENTS = (
    # Case 1: the first consent ran out and was renewed, now also covering the school.
    ConsentSpec("c01-first", 1, -150, -41, ("police",), ("police", "social_services")),
    ConsentSpec(
        "c01",
        1,
        -45,
        140,
        ("police", "school1"),
        ("school", "police", "social_services", "leisure"),
    ),
    ConsentSpec(
        "c02",
        2,
        -110,
        200,
        ("police", "field"),
        ("police", "social_services", "leisure", "employment"),
    ),
    ConsentSpec(
        "c03", 3, -20, 300, ("police", "school2", "bup"), ("school", "health", "social_services")
    ),
    ConsentSpec(
        "c06",
        6,
        -200,
        160,
        ("police", "school1"),
        ("school", "police", "social_services"),
        withdrawn_day=-60,
        withdrawn_by="g06a",
        withdrawal_reason="Vårdnadshavaren vill inte längre att polisen och skolan får uppgifter.",
    ),
    ConsentSpec(
        "c08",
        8,
        -80,
        285,
        ("police", "field", "ngo"),
        ("police", "employment", "social_services", "leisure"),
    ),
    ConsentSpec(
        "c11", 11, -15, 350, ("police", "school2"), ("school", "police", "social_services")
    ),
    # Case 12 was closed when the intervention ended; its consent has expired since.
    ConsentSpec(
        "c12", 12, -420, -30, ("police", "field"), ("police", "employment", "social_services")
    ),
)


def add_consents(session: Session, clock: Timeline) -> int:
    for spec in CONSENTS:
        _add_consent(session, spec, clock)
    return len(CONSENTS)


def _add_consent(session: Session, spec: ConsentSpec, clock: Timeline) -> None:
    case = next(c for c in CASES if c.number == spec.case)
    officer, coordinator = UNIT_STAFF[case.unit]
    consent = Consent(
        id=demo_id("consent", spec.key),
        case_id=case_id(spec.case),
        valid_from=clock.day(spec.from_day),
        valid_until=clock.day(spec.until_day),
        collected_by_id=user_id(coordinator),
        collected_by_organization_id=org_id(case.unit),
        document_reference=f"Samtyckesblankett {spec.key.upper()}, akt i socialtjänstens journal",
    )
    if spec.withdrawn_day is not None and spec.withdrawn_by is not None:
        consent.withdrawn_at = clock.at(spec.withdrawn_day, 11)
        consent.withdrawn_by_person_id = person_id(spec.withdrawn_by)
        consent.withdrawal_recorded_by_id = user_id(officer)
        consent.withdrawal_reason = spec.withdrawal_reason
    session.add(consent)
    session.flush()
    for person, relation in _grantors(case.person, spec, clock):
        session.add(
            ConsentGrantor(
                consent_id=consent.id,
                person_id=person_id(person),
                relation=relation,
                signed_on=consent.valid_from,
            )
        )
    session.add_all(
        ConsentOrganization(consent_id=consent.id, organization_id=org_id(o))
        for o in spec.organizations
    )
    session.add_all(
        ConsentCategory(consent_id=consent.id, category_code=c) for c in spec.categories
    )


def _grantors(
    young_person: str, spec: ConsentSpec, clock: Timeline
) -> list[tuple[str, GrantorRelation]]:
    """The young person signs; under 18 on the day of signing, so does every guardian."""
    person = next(p for p in YOUNG_PERSONS if p.key == young_person)
    birth_date = clock.born(person.age, person.days_since_birthday)
    grantors = [(young_person, GrantorRelation.young_person)]
    if is_minor_on(birth_date, clock.day(spec.from_day)):
        grantors += [(g, GrantorRelation.guardian) for g in guardians_of(young_person)]
    return grantors

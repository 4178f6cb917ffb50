"""The young person and the guardians of a bulk case, with personnummer from the demo's test
series (serials 980-999, valid check digit) while a birth date has a serial left.

Twenty a day cannot number 100,000 young persons born within eight years (about 58,000
pairs), so a person for whom none is left is stored as ``unverified``, by name and birth
date, as DOMAIN.md allows.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from api.demo.base import demo_id, synthetic_personal_number
from api.demo.scale.records import CaseDraft
from api.demo.scale.town import Municipality
from api.models import Guardianship, Person
from api.models.enums import IdentityKind
from api.people.identity import is_minor_on

TEST_SERIALS = range(980, 1000)
AREAS = ("Norrby", "Centrum", "Ekbacken", "Söderdal", "Sjöstaden")


def add_family(town: Municipality, case: CaseDraft) -> None:
    """The young person (12-19 at the proposal) and, for a minor, one or two guardians."""
    rng, proposed_on = town.rng, town.clock.day(case.proposed)
    case.born = proposed_on - timedelta(days=rng.randint(12 * 365 + 3, 19 * 365 + 300))
    n = case.number
    case.child = _person(town, f"{n}", "Testperson", f"{n:06d}", case.born)
    if not is_minor_on(case.born, proposed_on):
        return
    for letter in "AB"[: 2 if rng.random() < 0.7 else 1]:
        born = case.born - timedelta(days=rng.randint(22 * 365, 42 * 365))
        guardian = _person(town, f"{n}{letter}", "Testförälder", f"{n:06d}{letter}", born)
        key = demo_id("scale-guardianship", f"{n}{letter}")
        town.out.add_entity(
            Guardianship, key, town.long_ago, child_id=case.child, guardian_id=guardian
        )
        case.guardians.append(guardian)


def _person(town: Municipality, key: str, given: str, family: str, born: date) -> uuid.UUID:
    number = _free_number(town, born)
    person = demo_id("scale-person", key)
    town.out.add_entity(
        Person,
        person,
        town.long_ago,
        identity_kind=IdentityKind.personnummer if number else IdentityKind.unverified,
        personal_number=number,
        given_name=given,
        family_name=family,
        birth_date=born,
        address=f"Testgatan {town.rng.randint(1, 99)}, 999 99 Exempelstad",
        area=town.rng.choice(AREAS),
        has_protected_identity=False,
    )
    return person


def _free_number(town: Municipality, born: date) -> str | None:
    """The first test serial not yet used on this birth date (by the small demo or an
    earlier bulk person), or None when all twenty are taken."""
    for serial in TEST_SERIALS:
        stem = f"{born:%Y%m%d}{serial:03d}"
        if stem not in town.taken_stems:
            town.taken_stems.add(stem)
            return synthetic_personal_number(born, serial)
    return None

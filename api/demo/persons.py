"""Demo young persons and guardians: made-up names, numbers computed for the seed day.

Birth dates follow from the age on the seed day, so the young persons stay 12-20 years old
whenever the demo is loaded. Two have no verified number (DOMAIN.md: "or, when unknown, by
name and birth date").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.demo.base import Timeline, demo_id, synthetic_personal_number
from api.models import Guardianship, Person
from api.models.enums import IdentityKind

# Telephone numbers the Swedish telecom regulator (PTS) sets aside for fiction.
FICTION_PHONE = "070-17406{:02d}"


@dataclass(frozen=True, slots=True)
class PersonSpec:
    key: str
    given_name: str
    family_name: str
    age: int
    days_since_birthday: int
    serial: int | None  # None: no verified number
    area: str
    guardians: tuple[str, ...] = ()


GUARDIANS = (
    PersonSpec("g01a", "Maria", "Lindqvist", 44, 120, 982, "Norrby"),
    PersonSpec("g01b", "Johan", "Lindqvist", 47, 33, 981, "Norrby"),
    PersonSpec("g02a", "Leila", "Haddad", 45, 210, 984, "Centrum"),
    PersonSpec("g03a", "Anders", "Nyberg", 49, 15, 983, "Ekbacken"),
    PersonSpec("g04a", "Camilla", "Sandberg", 39, 300, 986, "Norrby"),
    PersonSpec("g04b", "Tomas", "Sandberg", 41, 77, 985, "Norrby"),
    PersonSpec("g05a", "Jenny", "Ek", 36, 140, 988, "Centrum"),
    PersonSpec("g06a", "Helena", "Holm", 43, 5, 990, "Ekbacken"),
    PersonSpec("g06b", "Mikael", "Holm", 46, 190, 987, "Ekbacken"),
    PersonSpec("g07a", "Petra", "Åberg", 38, 260, 992, "Norrby"),
    PersonSpec("g09a", "Lina", "Strand", 40, 45, 994, "Söderdal"),
    PersonSpec("g10a", "Nadia", "Rahimi", 52, 101, 980, "Sjöstaden"),
    PersonSpec("g11a", "Ayse", "Yilmaz", 42, 12, 996, "Söderdal"),
    PersonSpec("g11b", "Mehmet", "Yilmaz", 48, 230, 991, "Söderdal"),
    PersonSpec("g13a", "Karin", "Falk", 37, 64, 998, "Sjöstaden"),
)

YOUNG_PERSONS = (
    PersonSpec("yp01", "Elias", "Lindqvist", 15, 40, 981, "Norrby", ("g01a", "g01b")),
    PersonSpec("yp02", "Amira", "Haddad", 17, 200, 982, "Centrum", ("g02a",)),
    PersonSpec("yp03", "Oskar", "Nyberg", 16, 95, 983, "Ekbacken", ("g03a",)),
    PersonSpec("yp04", "Leo", "Sandberg", 14, 310, 985, "Norrby", ("g04a", "g04b")),
    PersonSpec("yp05", "Milo", "Ek", 13, 150, None, "Centrum", ("g05a",)),
    PersonSpec("yp06", "Sara", "Holm", 16, 20, 984, "Ekbacken", ("g06a", "g06b")),
    PersonSpec("yp07", "Viktor", "Åberg", 13, 66, 987, "Norrby", ("g07a",)),
    PersonSpec("yp08", "Jonas", "Eriksson", 19, 180, 989, "Söderdal"),
    PersonSpec("yp09", "Ella", "Strand", 14, 240, None, "Söderdal", ("g09a",)),
    PersonSpec("yp10", "Adam", "Rahimi", 15, 280, 991, "Sjöstaden", ("g10a",)),
    PersonSpec("yp11", "Ibrahim", "Yilmaz", 17, 8, 993, "Söderdal", ("g11a", "g11b")),
    PersonSpec("yp12", "Alva", "Björk", 20, 130, 986, "Sjöstaden"),
    PersonSpec("yp13", "William", "Falk", 12, 50, 995, "Sjöstaden", ("g13a",)),
)


def person_id(key: str) -> uuid.UUID:
    return demo_id("person", key)


def guardians_of(key: str) -> tuple[str, ...]:
    return next(spec.guardians for spec in YOUNG_PERSONS if spec.key == key)


def add_persons(session: Session, clock: Timeline) -> int:
    for index, spec in enumerate((*GUARDIANS, *YOUNG_PERSONS)):
        session.add(_person(spec, clock, phone_index=index + 5))
    session.flush()
    for spec in YOUNG_PERSONS:
        for guardian in spec.guardians:
            session.add(
                Guardianship(
                    id=demo_id("guardianship", spec.key, guardian),
                    child_id=person_id(spec.key),
                    guardian_id=person_id(guardian),
                )
            )
    return len(GUARDIANS) + len(YOUNG_PERSONS)


def _person(spec: PersonSpec, clock: Timeline, phone_index: int) -> Person:
    birth_date = clock.born(spec.age, spec.days_since_birthday)
    number = None if spec.serial is None else synthetic_personal_number(birth_date, spec.serial)
    return Person(
        id=person_id(spec.key),
        identity_kind=IdentityKind.unverified if number is None else IdentityKind.personnummer,
        personal_number=number,
        given_name=spec.given_name,
        family_name=spec.family_name,
        birth_date=birth_date,
        address=f"Exempelvägen {phone_index}, 999 99 Exempelstad",
        area=spec.area,
        phone=FICTION_PHONE.format(phone_index),
    )

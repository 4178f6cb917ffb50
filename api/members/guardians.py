"""Guardians added to the group: found by personal number, or created with a guardianship.

Under 18 the guardians sign the consent together with the young person (DOMAIN.md "Consent"),
and the consent rules recognise a guardian by the ``Guardianship`` link made here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import InvalidInput
from api.members.schemas import PersonMemberCreate
from api.models import Guardianship, Person
from api.people.identity import (
    Identity,
    InvalidIdentityNumber,
    parse_identity_number,
    unverified_identity,
)


def _identity(body: PersonMemberCreate, today: date) -> Identity:
    """The guardian's identity: the number when given (its birth date must agree with
    ``birth_date`` if both are sent), otherwise name and birth date (DOMAIN.md)."""
    if body.personal_number:
        try:
            identity = parse_identity_number(body.personal_number, today=today)
        except InvalidIdentityNumber as exc:
            raise InvalidInput.body_field(
                "personal_number", "invalid_identity_number", exc.detail
            ) from None
        if body.birth_date is not None and body.birth_date != identity.birth_date:
            raise InvalidInput.body_field(
                "birth_date",
                "does_not_match_personal_number",
                "The birth date does not match the personal identity number.",
            )
        return identity
    if body.birth_date is None:
        raise InvalidInput.body_field(
            "birth_date", "missing", "Give the guardian's birth date or personal identity number."
        )
    try:
        return unverified_identity(body.birth_date, today=today)
    except InvalidIdentityNumber as exc:
        raise InvalidInput.body_field("birth_date", "in_future", exc.detail) from None


def _existing(
    session: Session, young: Person, body: PersonMemberCreate, identity: Identity
) -> Person | None:
    """The same person already known: by number, or (without one) a guardian of this young
    person with the same name and birth date, so a retyped guardian is not duplicated."""
    if identity.number12 is not None:
        return session.scalar(select(Person).where(Person.personal_number == identity.number12))
    return session.scalar(
        select(Person)
        .join(Guardianship, Guardianship.guardian_id == Person.id)
        .where(
            Guardianship.child_id == young.id,
            Person.personal_number.is_(None),
            Person.given_name == body.given_name,
            Person.family_name == body.family_name,
            Person.birth_date == identity.birth_date,
        )
    )


def guardian_of(session: Session, young: Person, body: PersonMemberCreate, today: date) -> Person:
    """The guardian's person row, linked to the young person by a guardianship."""
    for field in ("given_name", "family_name"):
        if getattr(body, field) is None:
            raise InvalidInput.body_field(
                field, "missing", "Give the guardian's given and family name."
            )
    identity = _identity(body, today)
    person = _existing(session, young, body, identity)
    if person is not None and person.id == young.id:
        raise InvalidInput.body_field(
            "personal_number",
            "is_the_young_person",
            "The young person cannot be their own guardian.",
        )
    if person is None:
        person = Person(
            identity_kind=identity.kind,
            personal_number=identity.number12,
            given_name=body.given_name,
            family_name=body.family_name,
            birth_date=identity.birth_date,
        )
        session.add(person)
        session.flush()
    linked = session.scalar(
        select(Guardianship.id).where(
            Guardianship.child_id == young.id, Guardianship.guardian_id == person.id
        )
    )
    if linked is None:
        session.add(Guardianship(child_id=young.id, guardian_id=person.id))
    return person

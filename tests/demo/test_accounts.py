"""``create_user``: the directory invariants the access policy relies on."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from api.auth.passwords import verify_secret
from api.demo import create_user
from api.errors import Conflict, InvalidInput, NotFound
from api.models import Organization
from api.models.enums import OrganizationKind, Role


@pytest.fixture
def unit(session: Session) -> Organization:
    municipality = Organization(name="Testkommun", kind=OrganizationKind.municipality)
    session.add(municipality)
    session.flush()
    unit = Organization(
        name="Testenheten", kind=OrganizationKind.social_services, parent_id=municipality.id
    )
    session.add(unit)
    session.flush()
    return unit


@pytest.fixture
def police(session: Session) -> Organization:
    police = Organization(name="Testpolisen", kind=OrganizationKind.police)
    session.add(police)
    session.flush()
    return police


def test_creates_a_user_with_roles_and_hash(session: Session, unit: Organization) -> None:
    user = create_user(
        session,
        " test.officer ",
        display_name="Test Officer",
        password="a long enough password",
        roles=[Role.case_officer, Role.coordinator],
        organization_id=unit.id,
        unit_id=unit.id,
    )
    assert user.username == "test.officer"
    assert user.role_set == {Role.case_officer, Role.coordinator}
    assert user.password_hash is not None
    assert verify_secret("a long enough password", user.password_hash)[0]


def test_professional_without_unit(session: Session, police: Organization) -> None:
    user = create_user(
        session,
        "test.police",
        display_name="Test Police",
        password="pw",
        roles=[Role.professional],
        organization_id=police.id,
    )
    assert user.unit_id is None


@pytest.mark.parametrize(
    ("username", "roles", "use_unit", "error", "match"),
    [
        ("", [Role.admin], False, InvalidInput, "user name"),
        ("two words", [Role.admin], False, InvalidInput, "user name"),
        ("x" * 65, [Role.admin], False, InvalidInput, "user name"),
        ("nobody", [], False, InvalidInput, "at least one role"),
        ("client", [Role.integration], False, InvalidInput, "integration clients"),
        ("officer", [Role.case_officer], False, InvalidInput, "social-services unit"),
    ],
)
def test_refused(
    session: Session,
    unit: Organization,
    *,
    username: str,
    roles: list[Role],
    use_unit: bool,
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):
        create_user(
            session,
            username,
            display_name="Someone",
            password="pw",
            roles=roles,
            organization_id=unit.id,
            unit_id=unit.id if use_unit else None,
        )


def test_unknown_organisation(session: Session) -> None:
    with pytest.raises(NotFound, match="organisation"):
        create_user(
            session,
            "lost",
            display_name="Lost",
            password="pw",
            roles=[Role.admin],
            organization_id=uuid.uuid4(),
        )


def test_unit_must_be_social_services(session: Session, police: Organization) -> None:
    with pytest.raises(InvalidInput, match="social-services unit"):
        create_user(
            session,
            "officer",
            display_name="Officer",
            password="pw",
            roles=[Role.case_officer],
            organization_id=police.id,
            unit_id=police.id,
        )


def test_empty_password_and_duplicate_name(session: Session, police: Organization) -> None:
    def make(password: str) -> None:
        create_user(
            session,
            "dup",
            display_name="Dup",
            password=password,
            roles=[Role.professional],
            organization_id=police.id,
        )

    with pytest.raises(InvalidInput, match="password"):
        make("")
    make("pw")
    with pytest.raises(Conflict, match="already taken"):
        make("pw")

"""Typed factories for test data. Every person is synthetic (Swedish test identities)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from api.auth.passwords import hash_secret
from api.models import (
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    IntegrationClient,
    JournalEntry,
    Organization,
    Person,
    User,
    UserRole,
)
from api.models.enums import (
    CaseStatus,
    GrantorRelation,
    GroupRole,
    IdentityKind,
    JournalKind,
    MemberKind,
    OrganizationKind,
    Role,
    TargetGroup,
)

_counter = itertools.count(1)
TEST_PASSWORD = "correct horse battery staple"


def _n() -> int:
    return next(_counter)


def make_org(
    session: Session, kind: OrganizationKind, *, parent: Organization | None = None
) -> Organization:
    org = Organization(
        name=f"{kind.value} {_n()}", kind=kind, parent_id=parent.id if parent else None
    )
    session.add(org)
    session.flush()
    return org


def make_user(
    session: Session,
    organization: Organization,
    *roles: Role,
    unit: Organization | None = None,
    username: str | None = None,
    password: str | None = None,
) -> User:
    user = User(
        username=username or f"user{_n()}",
        display_name=f"Testanvändare {_n()}",
        organization_id=organization.id,
        unit_id=unit.id if unit else None,
        password_hash=hash_secret(password) if password else None,
        roles=[UserRole(role=role) for role in roles],
    )
    session.add(user)
    session.flush()
    return user


def make_client(
    session: Session, organization: Organization, scopes: list[str], secret: str = TEST_PASSWORD
) -> IntegrationClient:
    client = IntegrationClient(
        client_id=f"client-{_n()}",
        name="Polisens ärendesystem (test)",
        secret_hash=hash_secret(secret),
        organization_id=organization.id,
        scopes=scopes,
    )
    session.add(client)
    session.flush()
    return client


def make_person(session: Session, *, birth_date: date | None = None) -> Person:
    n = _n()
    person = Person(
        identity_kind=IdentityKind.unverified,
        given_name=f"Testnamn{n}",
        family_name="Testsson",
        birth_date=birth_date or date(2010, 1, 1),
    )
    session.add(person)
    session.flush()
    return person


def make_case(
    session: Session,
    unit: Organization,
    *,
    status: CaseStatus = CaseStatus.active,
    case_officer: User | None = None,
    coordinator: User | None = None,
) -> Case:
    case = Case(
        reference=f"SIG-TEST-{_n():05d}",
        young_person_id=make_person(session).id,
        status=status,
        target_group=TargetGroup.at_risk,
        owning_unit_id=unit.id,
        case_officer_id=case_officer.id if case_officer else None,
        coordinator_id=coordinator.id if coordinator else None,
        proposed_by_organization_kind=OrganizationKind.social_services,
    )
    session.add(case)
    session.flush()
    return case


def add_member(
    session: Session,
    case: Case,
    user: User,
    *,
    role: GroupRole = GroupRole.police,
    left: bool = False,
) -> CaseMember:
    now = datetime.now(UTC)
    member = CaseMember(
        case_id=case.id,
        kind=MemberKind.user,
        user_id=user.id,
        organization_id=user.organization_id,
        group_role=role,
        joined_at=now - timedelta(days=30),
        left_at=now - timedelta(days=1) if left else None,
    )
    session.add(member)
    session.flush()
    return member


def make_consent(
    session: Session,
    case: Case,
    *,
    organizations: list[Organization],
    categories: list[str],
    collected_by: User,
    valid_from: date | None = None,
    valid_until: date | None = None,
    withdrawn: bool = False,
) -> Consent:
    today = date.today()
    consent = Consent(
        case_id=case.id,
        valid_from=valid_from or today - timedelta(days=30),
        valid_until=valid_until or today + timedelta(days=300),
        collected_by_id=collected_by.id,
        collected_by_organization_id=collected_by.organization_id,
        withdrawn_at=datetime.now(UTC) if withdrawn else None,
    )
    session.add(consent)
    session.flush()
    session.add(
        ConsentGrantor(
            consent_id=consent.id,
            person_id=case.young_person_id,
            relation=GrantorRelation.young_person,
            signed_on=consent.valid_from,
        )
    )
    session.add_all(
        ConsentOrganization(consent_id=consent.id, organization_id=o.id) for o in organizations
    )
    session.add_all(ConsentCategory(consent_id=consent.id, category_code=c) for c in categories)
    session.flush()
    return consent


def make_journal_entry(
    session: Session,
    case: Case,
    author: User,
    *,
    category: str,
    kind: JournalKind = JournalKind.note,
) -> JournalEntry:
    entry = JournalEntry(
        case_id=case.id,
        author_id=author.id,
        author_organization_id=author.organization_id,
        category_code=category,
        kind=kind,
        occurred_at=datetime.now(UTC),
        body=f"Anteckning {_n()} (syntetisk testtext)",
    )
    session.add(entry)
    session.flush()
    return entry

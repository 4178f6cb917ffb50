"""Typed factories for test data. Every person is synthetic (Swedish test identities)."""

from __future__ import annotations

import functools
import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.assessments.instruments import complete_ratings
from api.auth.passwords import hash_secret
from api.models import (
    ActionPlanItem,
    ActionPlanVersion,
    Assessment,
    AssessmentRating,
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    Guardianship,
    IntegrationClient,
    JournalEntry,
    Meeting,
    MeetingAttendance,
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
    Instrument,
    JournalKind,
    MeetingKind,
    MeetingStatus,
    MemberKind,
    OrganizationKind,
    PlanItemStatus,
    PlanStatus,
    RiskLevel,
    Role,
    TargetGroup,
)

_counter = itertools.count(1)
TEST_PASSWORD = "correct horse battery staple"


def _n() -> int:
    return next(_counter)


@functools.cache
def _stored_hash(secret: str) -> str:
    """One argon2 hash per secret for the run: hashing takes about 0.2 s, and every test world
    has an integration client. A hash verifies its secret whichever row holds it."""
    return hash_secret(secret)


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
        password_hash=_stored_hash(password) if password else None,
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
        secret_hash=_stored_hash(secret),
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


# --- Meetings, action plans (issue #4) -------------------------------------------------------
def make_meeting(
    session: Session,
    case: Case,
    *,
    starts_at: datetime | None = None,
    duration: timedelta = timedelta(hours=1),
    kind: MeetingKind = MeetingKind.network,
    status: MeetingStatus = MeetingStatus.scheduled,
    location: str | None = "Socialkontoret, rum 3",
    minutes: str | None = None,
) -> Meeting:
    """A meeting (tomorrow unless told), with every current member invited."""
    start = starts_at or datetime.now(UTC) + timedelta(days=1)
    meeting = Meeting(
        case_id=case.id,
        kind=kind,
        starts_at=start,
        ends_at=start + duration,
        location=location,
        status=status,
        minutes=minutes,
        sequence=0,
    )
    session.add(meeting)
    session.flush()
    members = session.scalars(
        select(CaseMember.id).where(CaseMember.case_id == case.id, CaseMember.left_at.is_(None))
    ).all()
    session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=m) for m in members)
    session.flush()
    return meeting


def make_plan(
    session: Session,
    case: Case,
    *,
    status: PlanStatus = PlanStatus.draft,
    number: int | None = None,
    created_at: datetime | None = None,
) -> ActionPlanVersion:
    plan = ActionPlanVersion(case_id=case.id, status=status, number=number)
    if created_at is not None:
        plan.created_at = created_at
    session.add(plan)
    session.flush()
    return plan


def make_plan_item(
    session: Session,
    plan: ActionPlanVersion,
    responsible: CaseMember,
    *,
    due_on: date | None = None,
    status: PlanItemStatus = PlanItemStatus.planned,
    category: str = "school",
    text: str | None = None,
) -> ActionPlanItem:
    words = text or f"Åtgärd {_n()} (syntetisk testtext)"
    item = ActionPlanItem(
        plan_version_id=plan.id,
        case_id=plan.case_id,
        text=words,
        plain_text=words,
        responsible_member_id=responsible.id,
        due_on=due_on,
        status=status,
        category_code=category,
    )
    session.add(item)
    session.flush()
    return item


# --- Assessments and the action plan's people (issue #4) ------------------------------------
def add_person_member(
    session: Session,
    case: Case,
    *,
    role: GroupRole = GroupRole.young_person,
    person: Person | None = None,
    left: bool = False,
) -> CaseMember:
    """The young person (default: the case's own) or a guardian as a member of the group."""
    now = datetime.now(UTC)
    if person is None and role is GroupRole.young_person:
        person_id = case.young_person_id
    else:
        person_id = (person or make_person(session, birth_date=date(1980, 1, 1))).id
    member = CaseMember(
        case_id=case.id,
        kind=MemberKind.person,
        person_id=person_id,
        group_role=role,
        joined_at=now - timedelta(days=30),
        left_at=now - timedelta(days=1) if left else None,
    )
    session.add(member)
    session.flush()
    return member


def make_assessment(
    session: Session,
    case: Case,
    assessor: User,
    *,
    category: str = "social_services",
    high: frozenset[str] = frozenset(),
    present: frozenset[str] = frozenset(),
    overall_risk: RiskLevel = RiskLevel.moderate,
    assessed_at: datetime | None = None,
) -> Assessment:
    """A complete SAVRY assessment: the named items high/present, the rest low/absent."""
    assessment = Assessment(
        case_id=case.id,
        instrument=Instrument.savry,
        category_code=category,
        assessed_at=assessed_at or datetime.now(UTC) - timedelta(days=1),
        assessed_by_id=assessor.id,
        overall_risk=overall_risk,
        summary="Syntetisk bedömning",
    )
    session.add(assessment)
    session.flush()
    session.add_all(
        AssessmentRating(assessment_id=assessment.id, item_code=code, rating=rating)
        for code, rating in complete_ratings(high=high, present=present).items()
    )
    session.flush()
    return assessment


# --- Members and consents (issue #4) ------------------------------------------------------
def born_years_ago(years: int, *, days: int = 0) -> date:
    """A birth date ``years`` (and ``days`` more) before today (the API's Swedish today), so
    ages never rot."""
    today = clock.today()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - timedelta(days=days)


def make_guardian(session: Session, child_id: uuid.UUID) -> Person:
    """A guardian of the person ``child_id``, linked by a guardianship."""
    guardian = make_person(session, birth_date=born_years_ago(45))
    session.add(Guardianship(child_id=child_id, guardian_id=guardian.id))
    session.flush()
    return guardian

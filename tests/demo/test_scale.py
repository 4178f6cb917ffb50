"""``samverka seed-demo --cases N`` (issue #7): a consistent municipality at scale.

One small run (40 cases) through the command, on a database of its own because the command
commits; the checks read what it stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from api import cli, config
from api.access.policy import active_consents, readable_cases
from api.audit.verify import verify_chain
from api.auth.principal import Principal, PrincipalKind
from api.clock import today
from api.db import build_engine
from api.demo.directory import org_id, user_id
from api.demo.scale import BULK_REFERENCE, scaled_cases
from api.models import (
    ActionPlanItem,
    ActionPlanVersion,
    AuditEvent,
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    Guardianship,
    Person,
)
from api.models.enums import (
    CaseStatus,
    GrantorRelation,
    GroupRole,
    IdentityKind,
    OrganizationKind,
    PlanStatus,
    Role,
)
from api.people.identity import is_minor_on, parse_identity_number
from tests.conftest import DatabaseFactory, migrate

CASES = 40
GROUPED = (CaseStatus.decided, CaseStatus.active, CaseStatus.closed)


@pytest.fixture(scope="module")
def scaled(databases: DatabaseFactory) -> Iterator[Engine]:
    """A fresh database seeded once by ``seed-demo --cases 40`` for the module's tests."""
    url = databases.new_url("scale")
    migrate(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMVERKA_DATABASE_URL", url)
        config.get_settings.cache_clear()
        assert cli.main(["seed-demo", "--cases", str(CASES)]) == 0
        engine = build_engine(config.get_settings())
        yield engine
        engine.dispose()
    config.get_settings.cache_clear()


@pytest.fixture
def db(scaled: Engine) -> Iterator[Session]:
    with Session(scaled) as session:
        yield session


def _bulk_cases(db: Session) -> list[Case]:
    return list(db.scalars(select(Case).where(Case.reference.like(BULK_REFERENCE))))


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_counts_and_proportions(db: Session) -> None:
    cases = _bulk_cases(db)
    assert len(cases) == CASES == scaled_cases(db)
    statuses = {case.status for case in cases}
    assert CaseStatus.active in statuses
    assert len({case.owning_unit_id for case in cases}) == 4
    assert sum(case.status is CaseStatus.active for case in cases) >= CASES // 3
    assert _count(db, AuditEvent) == 10 * CASES  # the small demo writes no access log


def test_every_group_has_its_core_members(db: Session) -> None:
    for case in _bulk_cases(db):
        members = list(db.scalars(select(CaseMember).where(CaseMember.case_id == case.id)))
        if case.status not in GROUPED:
            assert members == [], case.reference  # no group before the decision
            continue
        roles = {m.group_role for m in members}
        assert {GroupRole.coordinator, GroupRole.case_officer, GroupRole.young_person} <= roles
        assert {m.user_id for m in members} >= {case.coordinator_id, case.case_officer_id}
        guardians = db.scalars(
            select(Guardianship.guardian_id).where(Guardianship.child_id == case.young_person_id)
        )
        person_ids = {m.person_id for m in members}
        assert set(guardians) <= person_ids
        if case.status is CaseStatus.closed:
            assert all(m.left_at is not None for m in members)


def test_active_cases_mostly_have_a_consent_naming_police_and_school(db: Session) -> None:
    active = [c for c in _bulk_cases(db) if c.status is CaseStatus.active]
    with_consent = 0
    for case in active:
        consent_id = db.scalar(active_consents(case.id, today()))
        if consent_id is None:
            continue
        with_consent += 1
        orgs = set(
            db.scalars(
                select(ConsentOrganization.organization_id).where(
                    ConsentOrganization.consent_id == consent_id
                )
            )
        )
        assert org_id("police") in orgs
        assert orgs & {org_id("school1"), org_id("school2")}
        codes = set(
            db.scalars(
                select(ConsentCategory.category_code).where(
                    ConsentCategory.consent_id == consent_id
                )
            )
        )
        assert {"police", "school", "social_services"} <= codes
    assert with_consent >= 0.7 * len(active)


def test_consents_are_signed_as_the_age_requires(db: Session) -> None:
    for consent in db.scalars(
        select(Consent).join(Case).where(Case.reference.like(BULK_REFERENCE))
    ):
        case = db.get_one(Case, consent.case_id)
        child = db.get_one(Person, case.young_person_id)
        grantors = list(
            db.scalars(select(ConsentGrantor).where(ConsentGrantor.consent_id == consent.id))
        )
        assert (child.id, GrantorRelation.young_person) in {
            (g.person_id, g.relation) for g in grantors
        }
        guardians = set(
            db.scalars(select(Guardianship.guardian_id).where(Guardianship.child_id == child.id))
        )
        signing_guardians = {
            g.person_id for g in grantors if g.relation is GrantorRelation.guardian
        }
        expected = guardians if is_minor_on(child.birth_date, consent.valid_from) else set()
        assert signing_guardians == expected
        assert consent.valid_from < consent.valid_until


def test_plans_have_a_draft_whose_items_belong_to_the_case(db: Session) -> None:
    for case in _bulk_cases(db):
        versions = list(
            db.scalars(select(ActionPlanVersion).where(ActionPlanVersion.case_id == case.id))
        )
        if case.status not in (CaseStatus.active, CaseStatus.closed):
            assert versions == []
            continue
        assert sum(v.status is PlanStatus.draft for v in versions) == 1
        assert all(v.number == 1 for v in versions if v.status is PlanStatus.published)
        items = db.scalars(select(ActionPlanItem).where(ActionPlanItem.case_id == case.id))
        members = set(db.scalars(select(CaseMember.id).where(CaseMember.case_id == case.id)))
        assert all(item.responsible_member_id in members for item in items)


def test_personal_numbers_are_test_numbers(db: Session) -> None:
    persons = list(db.scalars(select(Person)))
    numbers = [p.personal_number for p in persons if p.personal_number]
    assert len(numbers) == len(set(numbers))
    for person in persons:
        if person.identity_kind is IdentityKind.unverified:
            assert person.personal_number is None
            continue
        assert person.personal_number is not None
        identity = parse_identity_number(person.personal_number, today=date.today())
        assert identity.birth_date == person.birth_date
        assert 980 <= int(person.personal_number[8:11]) <= 999  # the demo's test series


def test_the_demo_police_officer_reaches_cases_under_consent(db: Session) -> None:
    police = Principal(
        kind=PrincipalKind.user,
        subject_id=user_id("polis"),
        organization_id=org_id("police"),
        organization_kind=OrganizationKind.police,
        roles=frozenset({Role.professional}),
        scopes=frozenset(),
    )
    reached = list(
        db.scalars(readable_cases(police, today()).where(Case.reference.like(BULK_REFERENCE)))
    )
    assert reached
    assert all(case.status is CaseStatus.active for case in reached)


def test_the_access_log_chain_verifies(db: Session, scaled: Engine) -> None:
    report = verify_chain(db)
    assert (report.ok, report.checked) == (True, 10 * CASES)
    db.rollback()  # SQLite: release the write lock the engine's BEGIN IMMEDIATE took
    assert cli.main(["audit-verify"]) == 0


def test_a_second_run_changes_nothing(db: Session, capsys: pytest.CaptureFixture[str]) -> None:
    before = {model: _count(db, model) for model in (Case, Person, AuditEvent, CaseMember)}
    db.rollback()
    assert cli.main(["seed-demo", "--cases", "5"]) == 0
    out = capsys.readouterr().out
    assert "already present" in out
    assert "40 cases" in out
    assert {model: _count(db, model) for model in before} == before


def test_audit_events_need_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["seed-demo", "--audit-events", "10"]) == 2
    assert "--cases" in capsys.readouterr().err

"""The demo seed builds the situations the product must show, following the domain's rules."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth.passwords import verify_secret
from api.demo import SeedReport, create_user, seed_demo
from api.demo.directory import DEMO_CLIENT_ID, org_id
from api.errors import Conflict
from api.models import (
    ActionPlanItem,
    ActionPlanVersion,
    Base,
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
    Organization,
    Person,
    User,
)
from api.models.enums import (
    CaseStatus,
    GrantorRelation,
    IdentityKind,
    JournalKind,
    MeetingStatus,
    MemberKind,
    OrganizationKind,
    PlanStatus,
    Role,
)
from api.people.identity import age_on, is_minor_on, parse_identity_number
from tests.demo.conftest import DEMO_PASSWORD, SEED_DAY

EXPECTED_ACCOUNTS = {
    "admin": (Role.admin, None),
    "chef": (Role.unit_manager, "unit1"),
    "handlaggare": (Role.case_officer, "unit1"),
    "samordnare": (Role.coordinator, "unit1"),
    "polis": (Role.professional, None),
    "skola": (Role.professional, None),
    "bup": (Role.professional, None),
    "beredning": (Role.preparation_group, None),
    "revisor": (Role.auditor, None),
    "handlaggare2": (Role.case_officer, "unit2"),
}


def _users(session: Session) -> dict[str, User]:
    return {u.username: u for u in session.scalars(select(User))}


def _consent_state(consent: Consent, today: date) -> str:
    """The consent's status, computed from its dates as the model prescribes."""
    if consent.withdrawn_at is not None:
        return "withdrawn"
    if consent.valid_until < today:
        return "expired"
    return "active" if consent.valid_from <= today else "not_yet_valid"


def seeded_cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case)))


def _case(session: Session, number: int) -> Case:
    return session.scalars(select(Case).where(Case.reference.endswith(f"-{number:04d}"))).one()


class TestDirectory:
    def test_municipality_and_units(self, session: Session, seeded: SeedReport) -> None:
        municipality = session.get(Organization, org_id("municipality"))
        assert municipality is not None
        assert municipality.name == "Exempelstad kommun"
        assert municipality.municipality_code == "9999"
        units = session.scalars(
            select(Organization).where(Organization.kind == OrganizationKind.social_services)
        ).all()
        assert len(units) == 2
        assert {unit.parent_id for unit in units} == {municipality.id}
        kinds = set(session.scalars(select(Organization.kind)))
        assert {OrganizationKind.police, OrganizationKind.school} <= kinds
        assert {OrganizationKind.child_psychiatry, OrganizationKind.field_workers} <= kinds

    def test_one_account_per_role(self, session: Session, seeded: SeedReport) -> None:
        users = _users(session)
        for username, (role, unit) in EXPECTED_ACCOUNTS.items():
            user = users[username]
            assert user.role_set == {role}, username
            if unit is not None:
                assert user.unit_id == org_id(unit)
                assert user.organization_id == org_id(unit)
        assert users["polis"].organization_id == org_id("police")
        assert users["skola"].organization_id == org_id("school1")
        assert users["bup"].organization_id == org_id("bup")

    def test_passwords_verify(self, session: Session, seeded: SeedReport) -> None:
        for user in _users(session).values():
            assert user.password_hash is not None
            assert DEMO_PASSWORD not in user.password_hash
            assert verify_secret(DEMO_PASSWORD, user.password_hash)[0], user.username
            assert not verify_secret("wrong", user.password_hash)[0]

    def test_the_police_system_can_manage_webhooks(
        self, session: Session, seeded: SeedReport, api: TestClient
    ) -> None:
        client = session.scalars(select(IntegrationClient)).one()
        assert client.organization_id == org_id("police")
        token = api.post(
            "/api/v1/auth/token",
            data={"grant_type": "client_credentials", "scope": "webhooks:manage"},
            auth=(DEMO_CLIENT_ID, DEMO_PASSWORD),
        )
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        listed = api.get("/api/v1/webhooks", headers=bearer)
        assert (listed.status_code, listed.json()["items"]) == (200, [])


class TestPersons:
    def test_young_persons_are_12_to_20_with_valid_test_numbers(
        self, session: Session, seeded: SeedReport
    ) -> None:
        kinds = Counter[IdentityKind]()
        for case in session.scalars(select(Case)):
            person = session.get_one(Person, case.young_person_id)
            assert 12 <= age_on(person.birth_date, SEED_DAY) <= 20
            kinds[person.identity_kind] += 1
            if person.personal_number is None:
                continue
            identity = parse_identity_number(person.personal_number, today=SEED_DAY)
            assert identity.number12 == person.personal_number
            assert identity.birth_date == person.birth_date
            assert person.personal_number[8] in "89"  # serial numbers 980-999
        assert kinds[IdentityKind.unverified] == 2
        assert kinds[IdentityKind.personnummer] == len(seeded_cases(session)) - 2

    def test_minors_have_guardians(self, session: Session, seeded: SeedReport) -> None:
        for case in session.scalars(select(Case)):
            person = session.get_one(Person, case.young_person_id)
            guardians = session.scalars(
                select(Guardianship).where(Guardianship.child_id == person.id)
            ).all()
            assert bool(guardians) == is_minor_on(person.birth_date, SEED_DAY), case.reference

    @pytest.mark.parametrize("today", [date(2028, 2, 29), date(2027, 1, 1), date(2026, 12, 31)])
    def test_ages_hold_whatever_the_seed_day(self, session: Session, today: date) -> None:
        seed_demo(session, DEMO_PASSWORD, today)
        for case in session.scalars(select(Case)):
            person = session.get_one(Person, case.young_person_id)
            assert 12 <= age_on(person.birth_date, today) <= 20


class TestCases:
    def test_every_status_in_both_units(self, session: Session, seeded: SeedReport) -> None:
        for unit in ("unit1", "unit2"):
            statuses = set(
                session.scalars(select(Case.status).where(Case.owning_unit_id == org_id(unit)))
            )
            assert statuses == set(CaseStatus), unit

    def test_references_and_status_fields(self, session: Session, seeded: SeedReport) -> None:
        for case in seeded_cases(session):
            assert case.reference.startswith("SIG-")
            assert len(case.reference) == len("SIG-2026-0001")
            if case.status is CaseStatus.active:
                assert case.activated_at is not None
                assert case.decided_on is not None
                assert case.intervention_end_on is not None
                assert case.intervention_end_on > SEED_DAY
            if case.status is CaseStatus.closed:
                assert case.closed_at is not None
                assert case.closure_reason is not None
            if case.status is CaseStatus.rejected:
                assert case.rejection_reason

    def test_active_cases_have_an_active_consent(
        self, session: Session, seeded: SeedReport
    ) -> None:
        for case in session.scalars(select(Case).where(Case.status == CaseStatus.active)):
            consents = session.scalars(select(Consent).where(Consent.case_id == case.id))
            assert "active" in {_consent_state(c, SEED_DAY) for c in consents}

    def test_risk_summaries_are_de_identified(self, session: Session, seeded: SeedReport) -> None:
        for case in seeded_cases(session):
            person = session.get_one(Person, case.young_person_id)
            assert case.risk_summary is not None
            assert person.given_name not in case.risk_summary
            assert person.family_name not in case.risk_summary


class TestConsents:
    def test_active_consent_covering_police_and_school(
        self, session: Session, seeded: SeedReport
    ) -> None:
        case = _case(session, 1)
        active = [
            c
            for c in session.scalars(select(Consent).where(Consent.case_id == case.id))
            if _consent_state(c, SEED_DAY) == "active"
        ]
        assert len(active) == 1
        orgs = set(
            session.scalars(
                select(ConsentOrganization.organization_id).where(
                    ConsentOrganization.consent_id == active[0].id
                )
            )
        )
        categories = set(
            session.scalars(
                select(ConsentCategory.category_code).where(
                    ConsentCategory.consent_id == active[0].id
                )
            )
        )
        assert orgs == {org_id("police"), org_id("school1")}
        assert categories == {"school", "police", "social_services", "leisure"}

    def test_expired_and_withdrawn(self, session: Session, seeded: SeedReport) -> None:
        states = Counter(_consent_state(c, SEED_DAY) for c in session.scalars(select(Consent)))
        assert states["expired"] >= 1
        assert states["withdrawn"] == 1
        withdrawn = session.scalars(select(Consent).where(Consent.withdrawn_at.is_not(None))).one()
        assert withdrawn.withdrawal_reason
        assert withdrawn.withdrawal_recorded_by_id is not None
        guardian = session.scalars(
            select(Guardianship).where(Guardianship.guardian_id == withdrawn.withdrawn_by_person_id)
        ).one()
        young_person = session.get_one(Case, withdrawn.case_id).young_person_id
        assert guardian.child_id == young_person

    def test_signatories_follow_age(self, session: Session, seeded: SeedReport) -> None:
        for consent in session.scalars(select(Consent)):
            case = session.get_one(Case, consent.case_id)
            person = session.get_one(Person, case.young_person_id)
            grantors = session.scalars(
                select(ConsentGrantor).where(ConsentGrantor.consent_id == consent.id)
            ).all()
            assert {g.signed_on for g in grantors} == {consent.valid_from}
            signed = {(g.person_id, g.relation) for g in grantors}
            assert (person.id, GrantorRelation.young_person) in signed
            guardians = set(
                session.scalars(
                    select(Guardianship.guardian_id).where(Guardianship.child_id == person.id)
                )
            )
            expected = guardians if is_minor_on(person.birth_date, consent.valid_from) else set()
            assert {p for p, r in signed if r is GrantorRelation.guardian} == expected
            assert consent.valid_until > consent.valid_from

    def test_adult_consent_signed_by_the_young_person_alone(
        self, session: Session, seeded: SeedReport
    ) -> None:
        case = _case(session, 8)
        consent = session.scalars(select(Consent).where(Consent.case_id == case.id)).one()
        grantors = session.scalars(
            select(ConsentGrantor).where(ConsentGrantor.consent_id == consent.id)
        ).all()
        assert [g.relation for g in grantors] == [GrantorRelation.young_person]


class TestGroupAndWork:
    def test_members(self, session: Session, seeded: SeedReport) -> None:
        members = session.scalars(
            select(CaseMember).where(CaseMember.case_id == _case(session, 1).id)
        ).all()
        kinds = Counter(m.kind for m in members)
        assert kinds[MemberKind.person] == 3  # the young person and two guardians
        assert kinds[MemberKind.external] == 1
        former = [m for m in members if m.left_at is not None]
        assert len(former) == 1
        assert former[0].left_reason
        users = _users(session)
        current = {m.user_id for m in members if m.left_at is None}
        for name in ("samordnare", "handlaggare", "polis", "skola", "bup"):
            assert users[name].id in current

    def test_closed_case_group_has_left(self, session: Session, seeded: SeedReport) -> None:
        for case in session.scalars(select(Case).where(Case.status == CaseStatus.closed)):
            members = session.scalars(select(CaseMember).where(CaseMember.case_id == case.id))
            assert all(m.left_at is not None for m in members)

    def test_meeting_cadence(self, session: Session, seeded: SeedReport) -> None:
        now = datetime.combine(SEED_DAY, time(), tzinfo=UTC)

        def meetings(number: int) -> list[Meeting]:
            case = _case(session, number)
            return list(session.scalars(select(Meeting).where(Meeting.case_id == case.id)))

        held = [m.starts_at for m in meetings(2) if m.status is MeetingStatus.held]
        assert now - max(held) > timedelta(days=28)
        assert not [m for m in meetings(2) if m.status is MeetingStatus.scheduled]
        upcoming = [m for m in meetings(1) if m.status is MeetingStatus.scheduled]
        assert len(upcoming) == 1
        assert upcoming[0].starts_at > now
        assert all(m.minutes for m in meetings(1) if m.status is MeetingStatus.held)

    def test_plan_versions(self, session: Session, seeded: SeedReport) -> None:
        versions = session.scalars(
            select(ActionPlanVersion).where(ActionPlanVersion.case_id == _case(session, 1).id)
        ).all()
        by_status = {v.status: v for v in versions}
        assert by_status[PlanStatus.published].number == 1
        assert by_status[PlanStatus.published].meeting_id is not None
        assert by_status[PlanStatus.draft].number is None
        draft_items = session.scalars(
            select(ActionPlanItem).where(
                ActionPlanItem.plan_version_id == by_status[PlanStatus.draft].id
            )
        ).all()
        assert draft_items
        assert any(item.carried_from_id for item in draft_items)
        assert all(item.plain_text and item.fallback_action for item in draft_items)

    def test_journal_categories(self, session: Session, seeded: SeedReport) -> None:
        entries = session.scalars(select(JournalEntry)).all()
        category_of = {e.kind: e.category_code for e in entries if e.kind is not JournalKind.note}
        assert category_of[JournalKind.police_report] == "police"
        assert category_of[JournalKind.school_attendance] == "school"
        assert "health" in {e.category_code for e in entries}


class TestIdempotence:
    def test_second_run_changes_nothing(self, session: Session, seeded: SeedReport) -> None:
        assert seeded.created
        assert seeded.cases == 13
        before = _row_counts(session)
        again = seed_demo(session, "another-password", SEED_DAY + timedelta(days=3))
        assert not again.created
        assert "nothing was changed" in again.summary()
        assert _row_counts(session) == before

    def test_taken_user_name_is_refused(self, session: Session) -> None:
        municipality = Organization(name="Annan kommun", kind=OrganizationKind.municipality)
        session.add(municipality)
        session.flush()
        create_user(
            session,
            "polis",
            display_name="Någon annan",
            password="x",
            roles=[Role.professional],
            organization_id=municipality.id,
        )
        with pytest.raises(Conflict, match="polis"):
            seed_demo(session, DEMO_PASSWORD, SEED_DAY)


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }

"""GET /api/v1/cases filters and the follow-up flags; flags on GET /api/v1/cases/{id}."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from api import clock
from api.demo.base import synthetic_personal_number
from api.models import Case, Person
from api.models.enums import (
    CaseStatus,
    GroupRole,
    IdentityKind,
    MeetingKind,
    MeetingStatus,
    TargetGroup,
)
from tests import factories as f
from tests.cases.support import Client, put_in_status
from tests.statements import statements_sent, statements_with_parameters
from tests.world import UNIT_CASES, World

URL = "/api/v1/cases"
NOW = datetime.now(UTC)


def _ids(client: TestClient, **params: Any) -> set[str]:
    response = client.get(URL, params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def _flags(client: TestClient, case: Case) -> list[str]:
    items = client.get(URL, params={"limit": 200}).json()["items"]
    listed = next(item["flags"] for item in items if item["id"] == str(case.id))
    read = client.get(f"{URL}/{case.id}").json()["flags"]
    assert listed == read  # the list and the single read agree
    return list(read)


def _meeting_scans(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every node of an ``EXPLAIN (FORMAT JSON)`` plan that reads the ``meetings`` table."""
    children = [scan for child in plan.get("Plans", []) for scan in _meeting_scans(child)]
    return [plan, *children] if plan.get("Relation Name") == "meetings" else children


def _bound_to_one_case(scan: dict[str, Any]) -> bool:
    conditions = (scan.get(key, "") for key in ("Index Cond", "Recheck Cond", "Filter"))
    return any("case_id = cases.id" in condition for condition in conditions)


def _active_case(session: Session, world: World, *, days_active: int) -> Case:
    case = f.make_case(
        session, world.unit, case_officer=world.users["case_officer"], status=CaseStatus.active
    )
    case.activated_at = NOW - timedelta(days=days_active)
    session.flush()
    return case


def _meeting(session: Session, case: Case, days: int, status: MeetingStatus, **kw: Any) -> None:
    f.make_meeting(session, case, starts_at=NOW + timedelta(days=days), status=status, **kw)


class TestListCases:
    def test_anonymous_is_refused(self, api: TestClient) -> None:
        assert api.get(URL).status_code == 401

    def test_preparation_group_reads_no_cases(self, world: World, client_as: Client) -> None:
        assert client_as(world.users["preparation_group"]).get(URL).status_code == 403

    def test_filters_by_status(self, world: World, client_as: Client, session: Session) -> None:
        put_in_status(session, world.cases["no_consent"], CaseStatus.decided)
        officer = client_as(world.users["case_officer"])
        assert _ids(officer, status="decided") == {str(world.cases["no_consent"].id)}

    def test_filters_by_target_group(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        world.cases["expired"].target_group = TargetGroup.defector
        session.flush()
        officer = client_as(world.users["case_officer"])
        assert _ids(officer, target_group="defector") == {str(world.cases["expired"].id)}

    def test_assigned_to_me_leaves_out_cases_reached_as_a_member(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        other = f.make_case(session, world.unit, coordinator=world.users["unit_manager"])
        f.add_member(session, other, world.users["case_officer"], role=GroupRole.case_officer)
        officer = client_as(world.users["case_officer"])
        unit_cases = {str(world.cases[s].id) for s in UNIT_CASES}
        assert _ids(officer) == unit_cases | {str(other.id)}
        assert _ids(officer, assigned_to_me="true") == unit_cases

    def test_assigned_to_me_for_a_manager_who_is_assigned_nothing(
        self, world: World, client_as: Client
    ) -> None:
        manager = client_as(world.users["unit_manager"])
        assert _ids(manager, assigned_to_me="true") == set()

    def test_unknown_flag_is_refused(self, world: World, client_as: Client) -> None:
        response = client_as(world.users["case_officer"]).get(URL, params={"flag": "late"})
        assert response.status_code == 422

    def test_the_statements_per_request_do_not_grow_with_the_rows_listed(
        self, world: World, client_as: Client, session: Session, engine: Engine
    ) -> None:
        officer, police = (
            client_as(world.users["case_officer"]),
            client_as(world.users["professional"]),
        )
        with statements_sent(engine) as few_officer:
            officer_rows = len(_ids(officer))
        with statements_sent(engine) as few_police:
            police_rows = len(_ids(police))
        for days in (40, 10, 2, 1, 50, 70):
            case = _active_case(session, world, days_active=days)
            f.add_member(session, case, world.users["professional"])
            f.make_consent(
                session,
                case,
                organizations=[world.police],
                categories=["police"],
                collected_by=world.users["case_officer"],
            )
        with statements_sent(engine) as many_officer:
            assert len(_ids(officer)) == officer_rows + 6
        with statements_sent(engine) as many_police:
            assert len(_ids(police)) == police_rows + 6

        assert len(many_officer) == len(few_officer), many_officer
        assert len(many_police) == len(few_police), many_police
        # The page and its flags are two statements, and no row loads anything on its own.
        assert sum("FROM cases" in s for s in many_police) == 2, many_police


class TestPersonnummer:
    """Data minimisation (DOMAIN.md): the young person's personnummer is shown to the unit's
    social-services staff only, never to a member who reads on the basis of a consent."""

    def test_only_the_unit_sees_it_in_the_list_and_in_the_read(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        person = session.get_one(Person, case.young_person_id)
        number = synthetic_personal_number(person.birth_date, 975)
        person.identity_kind, person.personal_number = IdentityKind.personnummer, number
        session.flush()

        seen = {}
        for who in ("case_officer", "professional"):
            client = client_as(world.users[who])
            items = client.get(URL, params={"limit": 200}).json()["items"]
            listed = next(i["young_person"] for i in items if i["id"] == str(case.id))
            read = client.get(f"{URL}/{case.id}").json()["young_person"]
            assert listed == read
            seen[who] = listed
        assert seen["case_officer"]["personal_number"] == number
        assert seen["professional"]["personal_number"] is None
        assert seen["professional"]["family_name"] == person.family_name


class TestMeetingOverdue:
    @pytest.mark.parametrize(
        ("days_active", "meetings", "overdue"),
        [
            (40, [], True),
            (20, [], False),
            (60, [(-10, MeetingStatus.held)], False),
            (60, [(-40, MeetingStatus.held)], True),
            (60, [(-40, MeetingStatus.held), (5, MeetingStatus.scheduled)], False),
            (60, [(-40, MeetingStatus.held), (-2, MeetingStatus.cancelled)], True),
            (60, [(-40, MeetingStatus.held), (-3, MeetingStatus.scheduled)], True),
            (60, [(-40, MeetingStatus.held), (-10, MeetingStatus.held)], False),
            (60, [(-3, MeetingStatus.scheduled), (5, MeetingStatus.scheduled)], False),
            (60, [(-40, MeetingStatus.held), (5, MeetingStatus.cancelled)], True),
        ],
    )
    def test_flag(
        self,
        *,
        days_active: int,
        meetings: list[tuple[int, MeetingStatus]],
        overdue: bool,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        case = _active_case(session, world, days_active=days_active)
        for days, status in meetings:
            _meeting(session, case, days, status)
        officer = client_as(world.users["case_officer"])
        assert ("meeting_overdue" in _flags(officer, case)) is overdue
        assert (str(case.id) in _ids(officer, flag="meeting_overdue")) is overdue

    @pytest.mark.postgresql_only
    def test_a_pages_flags_ask_each_cases_meetings_not_a_hash_of_all(
        self, world: World, client_as: Client, session: Session, engine: Engine
    ) -> None:
        """A hashed subplan reads every meeting booked ahead in the municipality: at 100,000
        cases 21 ms of a list's 22 ms of flags (bench/README.md). PostgreSQL plans EXISTS that
        way even for a page of a few cases, so the page's flags must not be asked as EXISTS."""
        for _ in range(60):
            case = _active_case(session, world, days_active=60)
            for days in (5, 12, 19):
                _meeting(session, case, days, MeetingStatus.scheduled)
        session.execute(text("ANALYZE meetings"))
        session.execute(text("ANALYZE cases"))
        officer = client_as(world.users["case_officer"])

        with statements_with_parameters(engine) as sent:
            _ids(officer)

        flags = [(sql, params) for sql, params in sent if " AS meeting_overdue" in sql]
        assert len(flags) == 1, [sql for sql, _ in sent]
        sql, params = flags[0]
        explained = session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = explained.scalar_one()[0]["Plan"]
        scans = _meeting_scans(plan)
        assert len(scans) == 2, plan  # the latest held and the latest booked meeting
        assert all(_bound_to_one_case(scan) for scan in scans), plan  # not every case's

    @pytest.mark.parametrize(
        ("days", "status"), [(-3, MeetingStatus.held), (5, MeetingStatus.scheduled)]
    )
    def test_an_intake_meeting_does_not_keep_the_cadence(
        self, days: int, status: MeetingStatus, world: World, client_as: Client, session: Session
    ) -> None:
        case = _active_case(session, world, days_active=60)
        _meeting(session, case, days, status, kind=MeetingKind.intake)
        officer = client_as(world.users["case_officer"])
        assert _flags(officer, case) == ["meeting_overdue"]
        assert str(case.id) in _ids(officer, flag="meeting_overdue")

    def test_only_active_cases_are_flagged(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _active_case(session, world, days_active=60)
        case.status = CaseStatus.decided
        session.flush()
        assert _flags(client_as(world.users["case_officer"]), case) == []


class TestConsentExpiring:
    def _consent(self, session: Session, world: World, case: Case, days: int, **kw: Any) -> None:
        f.make_consent(
            session,
            case,
            organizations=[world.police],
            categories=["police"],
            collected_by=world.users["case_officer"],
            valid_until=clock.today() + timedelta(days=days),
            **kw,
        )

    @pytest.mark.parametrize(
        ("ends_in", "expiring"), [([10], True), ([30], True), ([31], False), ([10, 100], False)]
    )
    def test_flag(
        self,
        *,
        ends_in: list[int],
        expiring: bool,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        case = _active_case(session, world, days_active=1)
        for days in ends_in:
            self._consent(session, world, case, days)
        officer = client_as(world.users["case_officer"])
        assert ("consent_expiring" in _flags(officer, case)) is expiring
        assert (str(case.id) in _ids(officer, flag="consent_expiring")) is expiring

    def test_a_withdrawn_consent_is_not_expiring(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _active_case(session, world, days_active=1)
        self._consent(session, world, case, 10, withdrawn=True)
        assert _flags(client_as(world.users["case_officer"]), case) == []

    def test_a_closed_case_is_not_flagged(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _active_case(session, world, days_active=1)
        self._consent(session, world, case, 10)
        put_in_status(session, case, CaseStatus.closed)
        assert _flags(client_as(world.users["case_officer"]), case) == []


class TestGetCase:
    def test_professional_does_not_see_the_proposal_material(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        case.proposal_reason, case.risk_summary = "Skäl (syntetiskt).", "Risk (syntetiskt)."
        session.flush()
        police = client_as(world.users["professional"]).get(f"{URL}/{case.id}").json()
        officer = client_as(world.users["case_officer"]).get(f"{URL}/{case.id}").json()
        assert (police["proposal_reason"], police["risk_summary"]) == (None, None)
        assert officer["risk_summary"] == "Risk (syntetiskt)."

"""My notices: the scheduled checks' findings of my cases, only where I may read the case and
the item's category, newest first, logged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.checks.service import run_checks
from api.models import (
    ActionPlanItem,
    AuditEvent,
    Case,
    CaseMember,
    IntegrationClient,
    Person,
    ScheduledNotice,
    User,
)
from api.models.enums import GroupRole
from tests import factories as f
from tests.audit.support import listed_cases
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]
URL = "/api/v1/me/notices"
NOW = clock.now()
TODAY = clock.today()
LATE = TODAY - timedelta(days=3)


@dataclass
class Raised:
    """The consented case's findings: its consent ends soon, no meeting for 40 days, and three
    overdue items (the police officer's in the police and health categories, the school's)."""

    case: Case
    police_item: ActionPlanItem
    health_item: ActionPlanItem
    school_item: ActionPlanItem


def _ids(response: Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _subjects(response: Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["subject_id"] for item in response.json()["items"]}


def _school_member(session: Session, case: Case) -> CaseMember:
    return session.scalars(
        select(CaseMember).where(
            CaseMember.case_id == case.id, CaseMember.group_role == GroupRole.school
        )
    ).one()


@pytest.fixture
def raised(world: World, session: Session) -> Raised:
    case = world.cases["consented"]
    case.activated_at = NOW - timedelta(days=40)
    world.consents["consented"].valid_until = TODAY + timedelta(days=10)
    police = world.police_members["consented"]
    plan = f.make_plan(session, case)
    found = Raised(
        case=case,
        police_item=f.make_plan_item(session, plan, police, due_on=LATE, category="police"),
        health_item=f.make_plan_item(session, plan, police, due_on=LATE, category="health"),
        school_item=f.make_plan_item(session, plan, _school_member(session, case), due_on=LATE),
    )
    other = world.cases["other_unit"]
    other.activated_at = NOW - timedelta(days=40)
    session.flush()
    run_checks(session, now=NOW, today=TODAY)
    return found


class TestNotices:
    def test_the_case_officer_sees_every_notice_of_the_case(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        response = client_as(world.users["case_officer"]).get(URL)

        assert _subjects(response) == {
            str(world.consents["consented"].id),
            str(raised.case.id),
            str(raised.police_item.id),
            str(raised.health_item.id),
            str(raised.school_item.id),
        }
        by_kind = {i["kind"]: i for i in response.json()["items"]}
        until = (TODAY + timedelta(days=10)).isoformat()
        assert by_kind["consent.expiring"]["message"] == f"Samtycket gäller till och med {until}"
        assert by_kind["consent.expiring"]["subject_type"] == "consent"
        assert by_kind["meeting.overdue"]["message"].startswith("Nätverksmöte saknas sedan ")
        assert by_kind["task.overdue"]["message"] == f"Åtgärden skulle vara klar {LATE}"
        assert {i["case_reference"] for i in response.json()["items"]} == {raised.case.reference}
        person = session.get_one(Person, raised.case.young_person_id)
        assert person.given_name not in response.text
        assert raised.police_item.text not in response.text

    def test_the_coordinator_sees_them_too(
        self, world: World, raised: Raised, client_as: Client
    ) -> None:
        assert len(_ids(client_as(world.users["coordinator"]).get(URL))) == 5

    def test_the_responsible_officer_sees_their_item_in_a_consented_category(
        self, world: World, raised: Raised, client_as: Client
    ) -> None:
        response = client_as(world.users["professional"]).get(URL)

        assert _subjects(response) == {str(raised.police_item.id)}
        [item] = response.json()["items"]
        assert (item["kind"], item["category_code"]) == ("task.overdue", "police")

    def test_the_school_member_sees_their_own_item_only(
        self, world: World, raised: Raised, client_as: Client
    ) -> None:
        response = client_as(world.users["school_professional"]).get(URL)

        assert _subjects(response) == {str(raised.school_item.id)}

    def test_withdrawal_removes_the_notices_at_once(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        police = client_as(world.users["professional"])
        assert len(_ids(police.get(URL))) == 1

        world.consents["consented"].withdrawn_at = datetime.now(UTC)
        session.flush()

        assert _ids(police.get(URL)) == []
        assert len(_ids(client_as(world.users["case_officer"]).get(URL))) == 5

    def test_a_member_who_left_no_longer_sees_the_item(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        _school_member(session, raised.case).left_at = datetime.now(UTC)
        session.flush()

        assert _ids(client_as(world.users["school_professional"]).get(URL)) == []

    def test_another_units_officer_sees_only_their_own_case(
        self, world: World, raised: Raised, client_as: Client
    ) -> None:
        response = client_as(world.users["other_case_officer"]).get(URL)

        assert _subjects(response) == {str(world.cases["other_unit"].id)}
        assert raised.case.reference not in response.text

    def test_the_unit_manager_sees_the_unit_cases_nobody_is_assigned_to(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        unassigned = f.make_case(session, world.unit)
        unassigned.activated_at = NOW - timedelta(days=40)
        session.flush()
        run_checks(session, now=NOW, today=TODAY)

        response = client_as(world.users["unit_manager"]).get(URL)

        assert _subjects(response) == {str(unassigned.id)}

    def test_an_integration_client_has_no_notices(
        self, world: World, raised: Raised, client_as: Client
    ) -> None:
        assert world.police_client is not None
        response = client_as(world.police_client).get(URL)
        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}


class TestPagesAndFilters:
    def test_newest_first_across_pages(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        notices = session.scalars(
            select(ScheduledNotice).where(ScheduledNotice.case_id == raised.case.id)
        ).all()
        for hours, notice in enumerate(notices):
            notice.raised_at = NOW - timedelta(hours=hours)
        session.flush()
        client = client_as(world.users["case_officer"])

        seen, cursor = [], None
        for _ in range(3):
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = client.get(URL, params=params)
            seen += _ids(page)
            cursor = page.json()["next_cursor"]
        assert cursor is None
        assert seen == [str(n.id) for n in notices]

    def test_kind_filter(self, world: World, raised: Raised, client_as: Client) -> None:
        client = client_as(world.users["case_officer"])

        tasks = client.get(URL, params={"kind": "task.overdue"})
        meetings = client.get(URL, params={"kind": "meeting.overdue"})

        assert _subjects(tasks) == {
            str(raised.police_item.id),
            str(raised.health_item.id),
            str(raised.school_item.id),
        }
        assert _subjects(meetings) == {str(raised.case.id)}
        assert client.get(URL, params={"kind": "case.closed"}).status_code == 422

    def test_a_forged_cursor_is_refused(self, world: World, client_as: Client) -> None:
        response = client_as(world.users["case_officer"]).get(URL, params={"cursor": "x.y"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


class TestAccessLog:
    def test_each_case_shown_once_with_its_basis(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        police, officer = world.users["professional"], world.users["case_officer"]
        client_as(police).get(URL)
        client_as(officer).get(URL)

        assert listed_cases(session, "notices:list", police.id) == [
            [(raised.case.id, "consent", world.consents["consented"].id)]
        ]
        # Five notices, one case.
        assert listed_cases(session, "notices:list", officer.id) == [
            [(raised.case.id, "social_services_unit", None)]
        ]

    def test_nothing_shown_nothing_logged(
        self, world: World, raised: Raised, session: Session, client_as: Client
    ) -> None:
        admin_like = world.users["unit_manager"]  # reads the unit, but no notice concerns them
        assert _ids(client_as(admin_like).get(URL)) == []
        stmt = select(AuditEvent).where(
            AuditEvent.action == "notices:list", AuditEvent.actor_user_id == admin_like.id
        )
        assert session.scalars(stmt).all() == []

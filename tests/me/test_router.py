"""My tasks and my meetings across cases: only readable cases, soonest first, logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.models import CaseMember, IntegrationClient, Person, User
from api.models.enums import GroupRole, MeetingStatus, PlanItemStatus, PlanStatus
from tests import factories as f
from tests.audit.support import listed_cases
from tests.statements import statements_sent
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]
TODAY = date.today()


def _ids(response: Response) -> list[str]:
    return [item["id"] for item in response.json()["items"]]


def _police_task(session: Session, world: World, situation: str, due_on: date | None = None) -> str:
    plan = f.make_plan(session, world.cases[situation])
    item = f.make_plan_item(session, plan, world.police_members[situation], due_on=due_on)
    return str(item.id)


class TestTasks:
    def test_my_items_due_soonest_first_with_the_overdue_flag(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        police = world.police_members["consented"]
        plan = f.make_plan(session, case)
        undated = f.make_plan_item(session, plan, police, category="police")
        late = f.make_plan_item(session, plan, police, due_on=TODAY - timedelta(days=2))
        soon = f.make_plan_item(session, plan, police, due_on=TODAY + timedelta(days=3))
        f.make_plan_item(session, plan, police, due_on=TODAY, status=PlanItemStatus.done)

        response = client_as(world.users["professional"]).get("/api/v1/me/tasks")

        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert [i["id"] for i in items] == [str(late.id), str(soon.id), str(undated.id)]
        assert [i["overdue"] for i in items] == [True, False, False]
        assert {i["case_reference"] for i in items} == {case.reference}
        person = session.get_one(Person, case.young_person_id)
        assert person.given_name not in response.text

    def test_done_items_on_request_and_pages_follow_the_order(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        plan = f.make_plan(session, world.cases["consented"])
        police = world.police_members["consented"]
        done = f.make_plan_item(session, plan, police, due_on=TODAY, status=PlanItemStatus.done)
        later = f.make_plan_item(session, plan, police, due_on=TODAY + timedelta(days=1))
        client = client_as(world.users["professional"])

        first = client.get("/api/v1/me/tasks", params={"include_done": "true", "limit": 1})
        second = client.get(
            "/api/v1/me/tasks",
            params={"include_done": "true", "limit": 1, "cursor": first.json()["next_cursor"]},
        )

        assert _ids(first) == [str(done.id)]
        assert first.json()["items"][0]["overdue"] is False
        assert _ids(second) == [str(later.id)]
        assert second.json()["next_cursor"] is None

    def test_only_the_living_plan_counts(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case, police = world.cases["consented"], world.police_members["consented"]
        published = f.make_plan(session, case, status=PlanStatus.published, number=1)
        f.make_plan_item(session, published, police)
        old_draft = f.make_plan(session, case, created_at=datetime.now(UTC) - timedelta(days=9))
        f.make_plan_item(session, old_draft, police)
        living = f.make_plan(session, case)
        current = f.make_plan_item(session, living, police)

        response = client_as(world.users["professional"]).get("/api/v1/me/tasks")

        assert _ids(response) == [str(current.id)]

    @pytest.mark.parametrize(
        "situation", ["withdrawn", "expired", "no_consent", "other_org", "former_member"]
    )
    def test_no_tasks_from_cases_i_may_not_read(
        self, situation: str, *, world: World, session: Session, client_as: Client
    ) -> None:
        _police_task(session, world, situation)
        visible = _police_task(session, world, "consented")

        response = client_as(world.users["professional"]).get("/api/v1/me/tasks")

        assert _ids(response) == [visible]
        assert world.cases[situation].reference not in response.text

    def test_withdrawal_removes_the_tasks_at_once(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        _police_task(session, world, "consented")
        client = client_as(world.users["professional"])
        assert len(_ids(client.get("/api/v1/me/tasks"))) == 1

        world.consents["consented"].withdrawn_at = datetime.now(UTC)
        session.flush()

        assert _ids(client.get("/api/v1/me/tasks")) == []

    def test_categories_outside_the_consent_and_others_items_are_not_mine(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        plan = f.make_plan(session, case)
        f.make_plan_item(session, plan, world.police_members["consented"], category="health")
        school = session.scalars(
            select(CaseMember).where(
                CaseMember.case_id == case.id, CaseMember.group_role == GroupRole.school
            )
        ).one()
        f.make_plan_item(session, plan, school)

        response = client_as(world.users["professional"]).get("/api/v1/me/tasks")

        assert _ids(response) == []

    def test_a_category_is_judged_by_the_consent_of_the_items_own_case(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        # Another case whose consent lets the police see health: that must not open health
        # items in the consented case, whose consent covers police and school only.
        police = world.users["professional"]
        other = f.make_case(session, world.unit, case_officer=world.users["case_officer"])
        other_member = f.add_member(session, other, police)
        f.make_consent(
            session,
            other,
            organizations=[world.police],
            categories=["health"],
            collected_by=world.users["case_officer"],
        )
        mine_there = f.make_plan_item(
            session, f.make_plan(session, other), other_member, category="health"
        )
        consented = f.make_plan(session, world.cases["consented"])
        f.make_plan_item(session, consented, world.police_members["consented"], category="health")

        response = client_as(police).get("/api/v1/me/tasks")

        assert _ids(response) == [str(mine_there.id)]

    def test_every_case_shown_is_in_the_access_log(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        _police_task(session, world, "consented", due_on=TODAY)
        _police_task(session, world, "consented", due_on=TODAY)  # a second plan is ignored
        police = world.users["professional"]

        client_as(police).get("/api/v1/me/tasks")

        assert listed_cases(session, "me:tasks", police.id) == [
            [(world.cases["consented"].id, "consent", world.consents["consented"].id)]
        ]

    def test_the_statements_do_not_grow_with_the_tasks(
        self, world: World, session: Session, client_as: Client, engine: Engine
    ) -> None:
        police = client_as(world.users["professional"])
        plan = f.make_plan(session, world.cases["consented"])
        f.make_plan_item(session, plan, world.police_members["consented"])
        with statements_sent(engine) as few:
            assert len(_ids(police.get("/api/v1/me/tasks"))) == 1
        for days in range(6):
            due_on = TODAY + timedelta(days=days)
            f.make_plan_item(session, plan, world.police_members["consented"], due_on=due_on)
        with statements_sent(engine) as many:
            assert len(_ids(police.get("/api/v1/me/tasks"))) == 7

        assert len(many) == len(few), many
        # The page is one statement, and no task loads anything on its own.
        assert sum("FROM cases" in s for s in many) == 1, many

    def test_an_integration_client_has_no_tasks(self, world: World, client_as: Client) -> None:
        assert world.police_client is not None
        response = client_as(world.police_client).get("/api/v1/me/tasks")
        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}


class TestMeetings:
    def _at(self, days: float) -> datetime:
        return datetime.now(UTC) + timedelta(days=days)

    def test_coming_meetings_of_my_cases_soonest_first(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        consented, withdrawn = world.cases["consented"], world.cases["withdrawn"]
        later = f.make_meeting(session, consented, starts_at=self._at(10))
        sooner = f.make_meeting(session, world.cases["no_consent"], starts_at=self._at(1))
        f.make_meeting(session, withdrawn, starts_at=self._at(2))
        f.make_meeting(session, consented, starts_at=self._at(3), status=MeetingStatus.cancelled)
        f.make_meeting(session, consented, starts_at=self._at(-2))  # past
        f.make_meeting(session, consented, starts_at=self._at(40))  # beyond 30 days

        coordinator = client_as(world.users["coordinator"]).get("/api/v1/me/meetings")
        police = client_as(world.users["professional"]).get("/api/v1/me/meetings")

        assert coordinator.status_code == 200, coordinator.text
        assert _ids(coordinator)[0] == str(sooner.id)
        assert str(later.id) in _ids(coordinator)
        assert _ids(police) == [str(later.id)]  # no consent / withdrawn: not for the police
        item = police.json()["items"][0]
        assert item["case_reference"] == consented.reference
        assert "minutes" not in item
        person = session.get_one(Person, consented.young_person_id)
        assert person.given_name not in police.text

    def test_days_widens_the_window(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        far = f.make_meeting(session, world.cases["consented"], starts_at=self._at(40))
        client = client_as(world.users["professional"])

        assert _ids(client.get("/api/v1/me/meetings", params={"days": 60})) == [str(far.id)]

    def test_readable_but_not_mine_is_not_listed(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        f.make_meeting(session, world.cases["consented"], starts_at=self._at(1))

        # The unit manager reads every case of the unit but is in none of the groups.
        response = client_as(world.users["unit_manager"]).get("/api/v1/me/meetings")

        assert _ids(response) == []

    @pytest.mark.parametrize("days", ["0", "367", "many"])
    def test_days_is_checked(self, days: str, *, world: World, client_as: Client) -> None:
        response = client_as(world.users["professional"]).get(
            "/api/v1/me/meetings", params={"days": days}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "query.days"

    def test_each_case_shown_is_logged(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        f.make_meeting(session, world.cases["consented"], starts_at=self._at(1))
        police = world.users["professional"]

        client_as(police).get("/api/v1/me/meetings")

        assert listed_cases(session, "me:meetings", police.id) == [
            [(world.cases["consented"].id, "consent", world.consents["consented"].id)]
        ]

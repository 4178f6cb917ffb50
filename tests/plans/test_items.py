"""The draft action plan and its items: who may change what, and every rule on an item."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from api.models import ActionPlanItem, ActionPlanVersion
from api.models.enums import CaseStatus, GroupRole, PlanItemStatus, PlanStatus
from tests import factories as f
from tests.plans.support import Client, counts, fields, item_body, plan_url
from tests.world import World


class TestCurrentPlan:
    def test_reading_creates_no_draft(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        response = client_as(world.users["case_officer"]).get(plan_url(world))
        assert response.status_code == 200
        assert response.json() == {
            "draft_id": None,
            "version": 0,
            "latest_published_number": None,
            "items": [],
        }
        assert response.headers["etag"] == '"v0"'
        assert counts(session) == (0, 0)

    def test_the_first_item_creates_the_draft_and_every_change_moves_its_etag(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        young = f.add_person_member(session, world.cases["consented"])
        first = client.post(f"{plan_url(world)}/items", json=item_body(young.id))
        assert first.status_code == 201, first.text
        assert first.json()["fallback_action"] == "Kontakta samordnaren"
        assert first.json()["position"] == 1
        etag = client.get(plan_url(world)).headers["etag"]
        second = client.post(f"{plan_url(world)}/items", json=item_body(young.id))
        assert second.json()["position"] == 2
        plan = client.get(plan_url(world))
        assert plan.headers["etag"] != etag
        assert [i["id"] for i in plan.json()["items"]] == [first.json()["id"], second.json()["id"]]
        assert counts(session) == (1, 2)

    def test_professionals_see_only_items_in_consented_categories(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        draft = f.make_plan(session, case)
        young = f.add_person_member(session, case)
        f.make_plan_item(session, draft, young, category="school")
        f.make_plan_item(session, draft, young, category="health")
        professional = client_as(world.users["professional"]).get(plan_url(world))
        officer = client_as(world.users["case_officer"]).get(plan_url(world))
        assert {i["category_code"] for i in professional.json()["items"]} == {"school"}
        assert {i["category_code"] for i in officer.json()["items"]} == {"school", "health"}


class TestAddItem:
    def test_a_retry_with_the_same_key_adds_one_item(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        young = f.add_person_member(session, world.cases["consented"])
        headers = {"Idempotency-Key": "item-1"}
        first = client.post(f"{plan_url(world)}/items", json=item_body(young.id), headers=headers)
        again = client.post(f"{plan_url(world)}/items", json=item_body(young.id), headers=headers)
        assert again.json()["id"] == first.json()["id"]
        assert counts(session) == (1, 1)

    @pytest.mark.parametrize(
        ("who", "extra", "field", "rule"),
        [
            ("left", {}, "body.responsible_member_id", "not_current_member"),
            ("other_case", {}, "body.responsible_member_id", "not_current_member"),
            ("young", {"category_code": "astrology"}, "body.category_code", "unknown_category"),
            ("young", {"due_on": "2000-01-01"}, "body.due_on", "not_in_past"),
            ("young", {"text": ""}, "body.text", "string_too_short"),
            ("young", {"plain_text": "a\x00b"}, "body.plain_text", "value_error"),
            ("young", {"status": "done"}, "body.status", "extra_forbidden"),
            ("young", {"completion_evidence": None}, "body.completion_evidence", "string_type"),
        ],
    )
    def test_bad_items_are_refused_and_nothing_is_written(
        self,
        *,
        who: str,
        extra: dict[str, object],
        field: str,
        rule: str,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        members = {
            "left": f.add_person_member(session, world.cases["consented"], left=True),
            "other_case": f.add_person_member(session, world.cases["no_consent"]),
            "young": f.add_person_member(session, world.cases["consented"]),
        }
        body = item_body(members[who].id, **extra)
        response = client_as(world.users["coordinator"]).post(f"{plan_url(world)}/items", json=body)
        assert response.status_code == 422, response.text
        assert fields(response)[field] == rule
        assert counts(session) == (0, 0)

    def test_a_closed_case_takes_no_items(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        young = f.add_person_member(session, world.cases["consented"])
        world.cases["consented"].status = CaseStatus.closed
        session.flush()
        response = client_as(world.users["coordinator"]).post(
            f"{plan_url(world)}/items", json=item_body(young.id)
        )
        assert response.status_code == 409
        assert fields(response) == {"path.case_id": "case_ended"}
        assert counts(session) == (0, 0)

    def test_a_professional_may_not_add(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        young = f.add_person_member(session, world.cases["consented"])
        response = client_as(world.users["professional"]).post(
            f"{plan_url(world)}/items", json=item_body(young.id)
        )
        assert response.status_code == 403
        assert counts(session) == (0, 0)


def _draft_items(world: World, session: Session) -> tuple[ActionPlanItem, ActionPlanItem]:
    """A draft with an item of the police officer and one of the school's professional."""
    case = world.cases["consented"]
    draft = f.make_plan(session, case)
    school = f.add_member(session, case, world.users["school_professional"], role=GroupRole.school)
    police = world.police_members["consented"]
    return (
        f.make_plan_item(session, draft, police, category="police"),
        f.make_plan_item(session, draft, school, category="school"),
    )


def _item_url(world: World, item: ActionPlanItem) -> str:
    return f"{plan_url(world)}/items/{item.id}"


class TestUpdateItem:
    def test_the_coordinator_edits_with_if_match(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police_item, _ = _draft_items(world, session)
        client = client_as(world.users["coordinator"])
        due = (date.today() + timedelta(days=14)).isoformat()
        response = client.patch(
            _item_url(world, police_item),
            json={"text": "Ny text", "due_on": due},
            headers={"If-Match": '"v1"'},
        )
        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"v2"'
        assert (response.json()["text"], response.json()["due_on"]) == ("Ny text", due)

    @pytest.mark.parametrize(
        ("headers", "status"), [({}, 428), ({"If-Match": '"v9"'}, 412)], ids=["missing", "stale"]
    )
    def test_without_a_current_etag_nothing_changes(
        self,
        *,
        headers: dict[str, str],
        status: int,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        police_item, _ = _draft_items(world, session)
        response = client_as(world.users["coordinator"]).patch(
            _item_url(world, police_item), json={"text": "Ny text"}, headers=headers
        )
        assert response.status_code == status
        session.refresh(police_item)
        assert police_item.text != "Ny text"

    @pytest.mark.parametrize(
        ("body", "field", "rule"),
        [
            ({"text": None}, "body.text", "not_null"),
            ({"due_on": "2001-01-01"}, "body.due_on", "not_in_past"),
            ({"category_code": "astrology"}, "body.category_code", "unknown_category"),
            ({"carried_from_id": None}, "body.carried_from_id", "extra_forbidden"),
        ],
    )
    def test_bad_changes_are_refused(
        self,
        *,
        body: dict[str, object],
        field: str,
        rule: str,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        police_item, _ = _draft_items(world, session)
        response = client_as(world.users["coordinator"]).patch(
            _item_url(world, police_item), json=body, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 422, response.text
        assert fields(response)[field] == rule
        session.refresh(police_item)
        assert police_item.version == 1

    def test_the_responsible_professional_reports_status_of_their_own_item_only(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police_item, school_item = _draft_items(world, session)
        client = client_as(world.users["professional"])
        report = {"status": "in_progress", "follow_up_notes": "Två träffar hittills."}
        own = client.patch(_item_url(world, police_item), json=report, headers={"If-Match": '"v1"'})
        assert own.status_code == 200, own.text
        assert own.json()["status"] == "in_progress"
        other = client.patch(
            _item_url(world, school_item), json=report, headers={"If-Match": '"v1"'}
        )
        assert other.status_code == 403
        session.refresh(school_item)
        assert school_item.status is PlanItemStatus.planned

    def test_the_responsible_professional_may_not_rewrite_the_item(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police_item, _ = _draft_items(world, session)
        response = client_as(world.users["professional"]).patch(
            _item_url(world, police_item),
            json={"status": "done", "text": "Klart"},
            headers={"If-Match": '"v1"'},
        )
        assert response.status_code == 403
        assert fields(response) == {"body.text": "case_editors_only"}
        session.refresh(police_item)
        assert (police_item.status, police_item.version) == (PlanItemStatus.planned, 1)

    def test_the_polices_system_reports_for_its_members(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police_item, school_item = _draft_items(world, session)
        client = client_as(world.police_client)
        report = {"status": "done"}
        assert (
            client.patch(
                _item_url(world, police_item), json=report, headers={"If-Match": '"v1"'}
            ).status_code
            == 200
        )
        assert (
            client.patch(
                _item_url(world, school_item), json=report, headers={"If-Match": '"v1"'}
            ).status_code
            == 403
        )

    def test_an_item_outside_the_consent_is_not_found_for_its_professional(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        health = f.make_plan_item(
            session,
            f.make_plan(session, case),
            world.police_members["consented"],
            category="health",
        )
        response = client_as(world.users["professional"]).patch(
            _item_url(world, health), json={"status": "done"}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 404
        session.refresh(health)
        assert health.status is PlanItemStatus.planned

    def test_a_unit_manager_changes_nothing(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police_item, _ = _draft_items(world, session)
        response = client_as(world.users["unit_manager"]).patch(
            _item_url(world, police_item), json={"status": "done"}, headers={"If-Match": '"v1"'}
        )
        assert response.status_code == 403


class TestRemoveItem:
    def test_removes_a_draft_item(self, world: World, client_as: Client, session: Session) -> None:
        police_item, _ = _draft_items(world, session)
        response = client_as(world.users["coordinator"]).delete(_item_url(world, police_item))
        assert response.status_code == 204
        assert counts(session) == (1, 1)

    def test_a_published_item_stays(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        published = ActionPlanVersion(case_id=case.id, status=PlanStatus.published, number=1)
        session.add(published)
        session.flush()
        item = f.make_plan_item(session, published, f.add_person_member(session, case))
        response = client_as(world.users["coordinator"]).delete(_item_url(world, item))
        assert response.status_code == 409
        assert fields(response) == {"path.item_id": "published_version"}
        assert counts(session) == (1, 1)

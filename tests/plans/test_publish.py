"""Publishing: the rules, the frozen versions, carrying over, and what changed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ActionPlanItem, ActionPlanVersion, CaseMember
from api.models.enums import CaseStatus, GroupRole, MeetingStatus, PlanItemStatus, PlanStatus
from tests import factories as f
from tests.plans.support import Client, counts, fields, item_body, plan_url
from tests.world import World


def _add(client: TestClient, world: World, member: CaseMember, **extra: Any) -> dict[str, Any]:
    response = client.post(f"{plan_url(world)}/items", json=item_body(member.id, **extra))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _publish(client: TestClient, world: World, body: dict[str, Any] | None = None) -> Any:
    etag = client.get(plan_url(world)).headers["etag"]
    return client.post(f"{plan_url(world)}/publish", json=body or {}, headers={"If-Match": etag})


def _versions(session: Session) -> list[tuple[PlanStatus, int | None]]:
    rows = session.scalars(select(ActionPlanVersion).order_by(ActionPlanVersion.created_at)).all()
    return [(v.status, v.number) for v in rows]


class TestRules:
    def test_an_empty_plan_is_not_published(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        response = client.post(f"{plan_url(world)}/publish", json={}, headers={"If-Match": '"v0"'})
        assert response.status_code == 409
        assert fields(response) == {"draft": "empty_plan"}
        assert counts(session) == (0, 0)

    def test_the_young_persons_own_part_is_required(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        _add(client, world, world.police_members["consented"], category_code="police")
        response = _publish(client, world)
        assert response.status_code == 409
        assert response.json()["type"].endswith("/rule-violated")
        assert fields(response) == {"draft": "young_person_responsibility"}
        assert _versions(session) == [(PlanStatus.draft, None)]

    def test_only_in_an_active_case(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        _add(client, world, f.add_person_member(session, world.cases["consented"]))
        world.cases["consented"].status = CaseStatus.decided
        session.flush()
        response = _publish(client, world)
        assert response.status_code == 409
        assert fields(response) == {"path.case_id": "case_not_active"}
        assert _versions(session) == [(PlanStatus.draft, None)]

    @pytest.mark.parametrize(("etag", "status"), [(None, 428), ('"v1"', 412)])
    def test_needs_the_drafts_current_etag(
        self, etag: str | None, status: int, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        young = f.add_person_member(session, world.cases["consented"])
        _add(client, world, young)
        _add(client, world, young)  # the draft is now at v3
        headers = {"If-Match": etag} if etag else {}
        response = client.post(f"{plan_url(world)}/publish", json={}, headers=headers)
        assert response.status_code == status
        assert _versions(session) == [(PlanStatus.draft, None)]

    def test_a_responsible_member_who_left_blocks_publishing(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        young = f.add_person_member(session, world.cases["consented"])
        _add(client, world, young)
        school = f.add_member(session, world.cases["consented"], world.users["school_professional"])
        school_item = _add(client, world, school)
        school.left_at = datetime.now(UTC)
        session.flush()
        response = _publish(client, world)
        assert response.status_code == 409
        assert fields(response) == {
            f"items.{school_item['id']}.responsible_member_id": "member_left"
        }
        assert _versions(session) == [(PlanStatus.draft, None)]

    @pytest.mark.parametrize("which", ["other_case", "cancelled"])
    def test_the_meeting_must_be_a_held_or_planned_one_of_this_case(
        self, which: str, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        _add(client, world, f.add_person_member(session, world.cases["consented"]))
        case = world.cases["no_consent" if which == "other_case" else "consented"]
        status = MeetingStatus.cancelled if which == "cancelled" else MeetingStatus.scheduled
        meeting = f.make_meeting(session, case, status=status)
        response = _publish(client, world, {"meeting_id": str(meeting.id)})
        assert response.status_code == 422
        rule = "meeting_cancelled" if which == "cancelled" else "not_in_case"
        assert fields(response) == {"body.meeting_id": rule}
        assert _versions(session) == [(PlanStatus.draft, None)]


def _published_plan(
    world: World, client: TestClient, session: Session
) -> dict[str, dict[str, Any]]:
    """Version 1 with four items: the young person's, the police's, the school's, the
    guardian's; then, in the draft: the young person's marked done, the police's rewritten,
    the school's removed, a new one added, and the guardian's kept as it was."""
    case = world.cases["consented"]
    young = f.add_person_member(session, case)
    guardian = f.add_person_member(session, case, role=GroupRole.guardian)
    police = world.police_members["consented"]
    school = f.add_member(session, case, world.users["school_professional"], role=GroupRole.school)
    items = {
        "young": _add(client, world, young),
        "police": _add(client, world, police, category_code="police"),
        "school": _add(client, world, school),
        "guardian": _add(client, world, guardian, category_code="social_services"),
    }
    meeting = f.make_meeting(session, case, starts_at=datetime.now(UTC) - timedelta(hours=2))
    first = _publish(client, world, {"meeting_id": str(meeting.id)})
    assert first.status_code == 201, first.text
    items["v1"] = first.json()
    return items


class TestPublish:
    def test_freezes_version_one_and_carries_over_into_a_new_draft(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        items = _published_plan(world, client, session)
        v1 = items["v1"]
        assert v1["number"] == 1
        assert v1["published_by_id"] == str(world.users["coordinator"].id)
        assert v1["meeting_id"] is not None
        assert [i["id"] for i in v1["items"]] == [
            items[k]["id"] for k in ("young", "police", "school", "guardian")
        ]
        current = client.get(plan_url(world)).json()
        assert current["latest_published_number"] == 1
        carried = [i["carried_from_id"] for i in current["items"]]
        assert carried == [items[k]["id"] for k in ("young", "police", "school", "guardian")]
        assert _versions(session) == [(PlanStatus.published, 1), (PlanStatus.draft, None)]

    def test_done_items_stay_behind_and_statuses_carry_over(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        case = world.cases["consented"]
        young = f.add_person_member(session, case)
        done = _add(client, world, young)
        going = _add(client, world, young)
        for item_id, status in ((done["id"], "done"), (going["id"], "in_progress")):
            r = client.patch(
                f"{plan_url(world)}/items/{item_id}",
                json={"status": status},
                headers={"If-Match": '"v1"'},
            )
            assert r.status_code == 200
        assert _publish(client, world).status_code == 201
        draft_items = client.get(plan_url(world)).json()["items"]
        assert [(i["carried_from_id"], i["status"]) for i in draft_items] == [
            (going["id"], "in_progress")
        ]

    def test_published_versions_are_immutable(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        items = _published_plan(world, client, session)
        old = f"{plan_url(world)}/items/{items['police']['id']}"
        patched = client.patch(old, json={"text": "Ändrad"}, headers={"If-Match": '"v1"'})
        assert patched.status_code == 409
        assert fields(patched) == {"path.item_id": "published_version"}
        assert client.delete(old).status_code == 409
        # the police officer reporting on their old item is refused the same way
        reported = client_as(world.users["professional"]).patch(
            old, json={"status": "done"}, headers={"If-Match": '"v1"'}
        )
        assert reported.status_code == 409
        frozen = session.get_one(ActionPlanItem, uuid.UUID(items["police"]["id"]))
        session.refresh(frozen)
        assert (frozen.text, frozen.status) == (items["police"]["text"], PlanItemStatus.planned)

    def test_a_retried_publish_publishes_once(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        _add(client, world, f.add_person_member(session, world.cases["consented"]))
        headers = {
            "If-Match": client.get(plan_url(world)).headers["etag"],
            "Idempotency-Key": "pub-1",
        }
        first = client.post(f"{plan_url(world)}/publish", json={}, headers=headers)
        again = client.post(f"{plan_url(world)}/publish", json={}, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert _versions(session) == [(PlanStatus.published, 1), (PlanStatus.draft, None)]

    def test_versions_are_listed_and_read_with_an_etag(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        _published_plan(world, client, session)
        assert _publish(client, world).status_code == 201
        listed = client.get(f"{plan_url(world)}/versions").json()["items"]
        assert [v["number"] for v in listed] == [2, 1]
        one = client.get(f"{plan_url(world)}/versions/1")
        assert one.status_code == 200
        assert one.headers["etag"].startswith('"v')
        assert client.get(f"{plan_url(world)}/versions/3").status_code == 404


class TestChanges:
    def test_added_changed_finished_and_dropped(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(world.users["coordinator"])
        items = _published_plan(world, client, session)
        draft = {i["carried_from_id"]: i for i in client.get(plan_url(world)).json()["items"]}
        url = f"{plan_url(world)}/items"
        young, police = draft[items["young"]["id"]], draft[items["police"]["id"]]
        assert (
            client.patch(
                f"{url}/{young['id']}", json={"status": "done"}, headers={"If-Match": '"v1"'}
            ).status_code
            == 200
        )
        assert (
            client.patch(
                f"{url}/{police['id']}", json={"text": "Ny"}, headers={"If-Match": '"v1"'}
            ).status_code
            == 200
        )
        assert client.delete(f"{url}/{draft[items['school']['id']]['id']}").status_code == 204
        added = _add(
            client, world, session.get_one(CaseMember, uuid.UUID(young["responsible_member_id"]))
        )
        assert _publish(client, world).status_code == 201

        changes = client.get(f"{plan_url(world)}/versions/2/changes").json()
        assert changes["previous_number"] == 1
        assert [c["item"]["id"] for c in changes["added"]] == [added["id"]]
        assert [(c["previous"]["id"], c["changed_fields"]) for c in changes["changed"]] == [
            (items["police"]["id"], ["text"])
        ]
        assert [c["previous"]["id"] for c in changes["finished"]] == [items["young"]["id"]]
        assert [c["item"]["id"] for c in changes["dropped"]] == [items["school"]["id"]]
        first = client.get(f"{plan_url(world)}/versions/1/changes").json()
        assert first["previous_number"] is None
        assert len(first["added"]) == 4

    def test_a_professional_sees_only_consented_categories_of_the_changes(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        items = _published_plan(world, client_as(world.users["coordinator"]), session)
        changes = client_as(world.users["professional"]).get(
            f"{plan_url(world)}/versions/1/changes"
        )
        assert changes.status_code == 200
        shown = {c["item"]["id"] for c in changes.json()["added"]}
        assert shown == {
            items[k]["id"] for k in ("young", "police", "school")
        }  # not social_services

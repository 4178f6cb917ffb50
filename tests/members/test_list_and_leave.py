"""The group's history, who sees guardians' names, and leaving the group."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import Case, CaseMember, User
from api.models.enums import GroupRole
from tests import factories as f
from tests.members.support import Client, assert_problem, members_url
from tests.world import World


class TestList:
    def test_history_with_names_and_organisations(self, world: World, client_as: Client) -> None:
        case = world.cases["former_member"]
        response = client_as(world.users["case_officer"]).get(members_url(case))

        assert response.status_code == 200
        items = {item["group_role"]: item for item in response.json()["items"]}
        police, school = items["police"], items["school"]
        assert police["display_name"] == world.users["professional"].display_name
        assert police["organization_kind"] == "police"
        assert police["left_at"] is not None
        assert school["left_at"] is None
        assert school["organization_id"] == str(world.school.id)

    def test_current_only(self, world: World, client_as: Client) -> None:
        case = world.cases["former_member"]
        response = client_as(world.users["case_officer"]).get(
            members_url(case), params={"current": "true"}
        )
        assert [i["group_role"] for i in response.json()["items"]] == ["school"]

    def test_guardians_names_stay_with_social_services(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        guardian = f.add_person_member(session, case, role=GroupRole.guardian)
        f.add_person_member(session, case)  # the young person

        def seen_by(role: str) -> dict[str, dict[str, Any]]:
            response = client_as(world.users[role]).get(members_url(case))
            assert response.status_code == 200
            return {i["group_role"]: i for i in response.json()["items"]}

        police_view, officer_view = seen_by("professional"), seen_by("case_officer")
        assert police_view["guardian"]["display_name"] is None
        assert police_view["guardian"]["person_id"] is None
        assert police_view["young_person"]["display_name"]  # named in the case already
        assert officer_view["guardian"]["person_id"] == str(guardian.person_id)
        assert officer_view["guardian"]["display_name"].endswith("Testsson")

    def test_pages(self, world: World, client_as: Client) -> None:
        client = client_as(world.users["case_officer"])
        first = client.get(members_url(world.cases["consented"]), params={"limit": 1}).json()
        second = client.get(
            members_url(world.cases["consented"]),
            params={"limit": 1, "cursor": first["next_cursor"]},
        ).json()
        assert first["next_cursor"]
        assert second["next_cursor"] is None
        assert first["items"][0]["id"] != second["items"][0]["id"]


class TestLeave:
    def _leave(self, client: TestClient, case: Case, member_id: uuid.UUID) -> Any:
        return client.post(f"{members_url(case)}/{member_id}/leave", json={"reason": "Bytt skola"})

    def test_leaving_keeps_history_and_ends_access(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        police = client_as(world.users["professional"])
        assert police.get(f"/api/v1/cases/{case.id}").status_code == 200

        member = world.police_members["consented"]
        response = self._leave(client_as(world.users["coordinator"]), case, member.id)

        assert response.status_code == 200, response.text
        assert response.json()["left_reason"] == "Bytt skola"
        assert response.json()["left_at"] is not None
        assert session.get_one(CaseMember, member.id).left_at is not None
        assert police.get(f"/api/v1/cases/{case.id}").status_code == 404

    def test_leaving_twice(self, world: World, client_as: Client) -> None:
        case = world.cases["former_member"]
        member = world.police_members["former_member"]
        response = self._leave(client_as(world.users["case_officer"]), case, member.id)
        assert_problem(response, 409, "conflict")

    def test_a_member_of_another_case_is_not_found(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        other = world.police_members["expired"]
        response = self._leave(
            client_as(world.users["case_officer"]), world.cases["consented"], other.id
        )
        assert_problem(response, 404, "not-found")
        assert session.get_one(CaseMember, other.id).left_at is None

    def test_the_last_social_services_member_stays(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        coordinator: User = world.users["coordinator"]
        officer: User = world.users["case_officer"]
        own = f.add_member(session, case, coordinator, role=GroupRole.coordinator)
        client = client_as(officer)

        refused = self._leave(client, case, own.id)

        assert_problem(refused, 409, "rule-violated")
        assert "social services" in refused.json()["detail"]
        assert session.get_one(CaseMember, own.id).left_at is None

        # With the case officer in the group too, the coordinator may leave; the officer,
        # now the last one, may not.
        second = f.add_member(session, case, officer, role=GroupRole.other)  # by organisation
        assert self._leave(client, case, own.id).status_code == 200
        assert_problem(self._leave(client, case, second.id), 409, "rule-violated")

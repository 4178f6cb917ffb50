"""Adding members to the group: users, external contacts, the young person, guardians."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.demo.base import synthetic_personal_number
from api.models import CaseMember, Guardianship, Person
from api.models.enums import CaseStatus, OrganizationKind, Role
from tests import factories as f
from tests.members.support import Client, assert_problem, counts, guardian_body, members_url
from tests.world import World


class TestAdd:
    def test_directory_user_takes_the_users_organisation(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        bup = f.make_org(session, OrganizationKind.child_psychiatry)
        therapist = f.make_user(session, bup, Role.professional)

        response = client_as(world.users["coordinator"]).post(
            members_url(case),
            json={"kind": "user", "user_id": str(therapist.id), "group_role": "health"},
        )

        assert response.status_code == 201, response.text
        added = response.json()
        assert added["organization_id"] == str(bup.id)
        assert added["organization_kind"] == "child_psychiatry"
        assert added["display_name"] == therapist.display_name
        assert added["warnings"] == []  # police and school are in the group
        assert response.headers["location"].endswith(added["id"])
        stored = session.get_one(CaseMember, uuid.UUID(added["id"]))
        assert (stored.case_id, stored.left_at) == (case.id, None)

    def test_warns_when_police_or_school_is_missing(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = f.make_case(session, world.unit, case_officer=world.users["case_officer"])
        response = client_as(world.users["case_officer"]).post(
            members_url(case),
            json={
                "kind": "user",
                "user_id": str(world.users["professional"].id),
                "group_role": "police",
            },
        )
        assert response.status_code == 201
        [warning] = response.json()["warnings"]
        assert "school" in warning

        coach = {"kind": "external", "external_name": "Tränare", "group_role": "coach"}
        other = f.make_case(session, world.unit, case_officer=world.users["case_officer"])
        warnings = (
            client_as(world.users["case_officer"]).post(members_url(other), json=coach).json()
        )
        assert len(warnings["warnings"]) == 2

    def test_a_current_member_cannot_be_added_twice(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(case),
            json={
                "kind": "user",
                "user_id": str(world.users["professional"].id),
                "group_role": "police",
            },
        )
        assert_problem(response, 409, "conflict")
        assert counts(session) == before

    def test_a_former_member_can_rejoin(self, world: World, client_as: Client) -> None:
        case = world.cases["former_member"]
        response = client_as(world.users["case_officer"]).post(
            members_url(case),
            json={
                "kind": "user",
                "user_id": str(world.users["professional"].id),
                "group_role": "police",
            },
        )
        assert response.status_code == 201

    @pytest.mark.parametrize("which", ["inactive", "unknown"])
    def test_only_active_directory_users(
        self, which: str, world: World, session: Session, client_as: Client
    ) -> None:
        user_id = uuid.uuid4()
        if which == "inactive":
            user = f.make_user(session, world.school, Role.professional)
            user.is_active = False
            session.flush()
            user_id = user.id
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]),
            json={"kind": "user", "user_id": str(user_id), "group_role": "school"},
        )
        assert_problem(response, 422, "validation-error", "body.user_id")
        assert counts(session) == before

    def test_a_user_cannot_join_as_guardian(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        user = f.make_user(session, world.school, Role.professional)
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]),
            json={"kind": "user", "user_id": str(user.id), "group_role": "guardian"},
        )
        assert_problem(response, 422, "validation-error", "body.group_role")
        assert counts(session) == before

    def test_external_contact(self, world: World, client_as: Client) -> None:
        body = {
            "kind": "external",
            "external_name": "Kim Tränare",
            "external_contact": "070-1740699",
            "organization_id": str(world.school.id),
            "group_role": "coach",
        }
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]), json=body
        )
        assert response.status_code == 201
        added = response.json()
        assert (added["kind"], added["display_name"], added["organization_kind"]) == (
            "external",
            "Kim Tränare",
            "school",
        )

    def test_external_contact_with_unknown_organisation(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        body = {
            "kind": "external",
            "external_name": "Kim",
            "organization_id": str(uuid.uuid4()),
            "group_role": "coach",
        }
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]), json=body
        )
        assert_problem(response, 422, "validation-error", "body.organization_id")
        assert counts(session) == before

    def test_unknown_kind_and_server_owned_fields_are_refused(
        self, world: World, client_as: Client
    ) -> None:
        client = client_as(world.users["case_officer"])
        path = members_url(world.cases["consented"])
        assert client.post(path, json={"kind": "robot", "group_role": "other"}).status_code == 422
        smuggled = {
            "kind": "external",
            "external_name": "K",
            "group_role": "coach",
            "left_at": None,
        }
        assert client.post(path, json=smuggled).status_code == 422

    def test_the_young_person(self, world: World, client_as: Client) -> None:
        case = world.cases["consented"]
        client = client_as(world.users["case_officer"])
        body = {"kind": "person", "group_role": "young_person"}

        first = client.post(members_url(case), json=body)
        again = client.post(members_url(case), json=body)

        assert first.status_code == 201
        assert first.json()["person_id"] == str(case.young_person_id)
        assert first.json()["organization_id"] is None
        assert_problem(again, 409, "conflict")

    def test_the_young_person_takes_no_identity(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]),
            json={"kind": "person", "group_role": "young_person", "given_name": "Annan"},
        )
        assert_problem(response, 422, "validation-error", "body.given_name")
        assert counts(session) == before

    def test_a_guardian_is_created_and_linked(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        response = client_as(world.users["case_officer"]).post(
            members_url(case), json=guardian_body()
        )

        assert response.status_code == 201, response.text
        added = response.json()
        assert added["display_name"] == "Maria Testsson"
        guardian = session.get_one(Person, uuid.UUID(added["person_id"]))
        assert guardian.identity_kind.value == "unverified"
        link = session.scalar(select(Guardianship).where(Guardianship.guardian_id == guardian.id))
        assert link is not None
        assert link.child_id == case.young_person_id

    def test_a_guardian_with_a_number_is_reused_across_cases(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        number = synthetic_personal_number(f.born_years_ago(44), 977)
        body = guardian_body(personal_number=number)
        del body["birth_date"]  # follows from the number
        client = client_as(world.users["case_officer"])

        first = client.post(members_url(world.cases["consented"]), json=body)
        second = client.post(members_url(world.cases["expired"]), json=body)

        assert (first.status_code, second.status_code) == (201, 201)
        assert first.json()["person_id"] == second.json()["person_id"]
        person = session.get_one(Person, uuid.UUID(first.json()["person_id"]))
        assert (person.personal_number, person.identity_kind.value) == (number, "personnummer")
        children = session.scalars(
            select(Guardianship.child_id).where(Guardianship.guardian_id == person.id)
        )
        assert set(children) == {
            world.cases["consented"].young_person_id,
            world.cases["expired"].young_person_id,
        }

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"personal_number": "19800101-0000"}, "body.personal_number"),
            ({"birth_date": None}, "body.birth_date"),
            ({"family_name": None}, "body.family_name"),
            ({"birth_date": "2999-01-01"}, "body.birth_date"),
        ],
    )
    def test_guardian_identity_is_validated(
        self, change: dict[str, Any], field: str, world: World, session: Session, client_as: Client
    ) -> None:
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]), json=guardian_body(**change)
        )
        assert_problem(response, 422, "validation-error", field)
        assert "19800101" not in response.text  # the number is never echoed
        assert counts(session) == before

    def test_guardian_birth_date_must_match_the_number(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        number = synthetic_personal_number(f.born_years_ago(44), 976)
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(world.cases["consented"]),
            json=guardian_body(personal_number=number, birth_date=str(f.born_years_ago(40))),
        )
        assert_problem(response, 422, "validation-error", "body.birth_date")
        assert counts(session) == before

    @pytest.mark.parametrize("status", [CaseStatus.closed, CaseStatus.rejected])
    def test_a_closed_case_takes_no_new_members(
        self, status: CaseStatus, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        case.status = status
        session.flush()
        before = counts(session)
        response = client_as(world.users["case_officer"]).post(
            members_url(case),
            json={"kind": "external", "external_name": "K", "group_role": "coach"},
        )
        assert_problem(response, 409, "rule-violated")
        assert counts(session) == before

    def test_retry_with_the_same_key_adds_once(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        client = client_as(world.users["case_officer"])
        body = {"kind": "external", "external_name": "Kim", "group_role": "coach"}
        headers = {"Idempotency-Key": "add-kim-1"}
        before = counts(session)

        first = client.post(members_url(world.cases["consented"]), json=body, headers=headers)
        again = client.post(members_url(world.cases["consented"]), json=body, headers=headers)

        assert (first.status_code, again.status_code) == (201, 201)
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert counts(session)[0] == before[0] + 1

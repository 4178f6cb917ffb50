"""GET /api/v1/proposals (the proposer's status view) and /api/v1/proposals/deidentified
(the preparation group's view): neither says who the young person is."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import AuditEvent, Case, Person
from api.models.enums import CaseStatus, OrganizationKind, Role
from tests import factories as f
from tests.cases.support import Client, born_aged, put_in_status, synthetic_number
from tests.world import World

MINE = "/api/v1/proposals"
DEIDENTIFIED = "/api/v1/proposals/deidentified"


def _propose(client: TestClient, unit_id: uuid.UUID, **person: Any) -> dict[str, Any]:
    young_person = {"given_name": "Testa", "family_name": "Testsson"} | person
    if "personal_number" not in young_person:
        young_person.setdefault("birth_date", str(born_aged(15)))
    body = {
        "unit_id": str(unit_id),
        "target_group": "at_risk",
        "young_person": young_person,
        "area": "Norr",
        "proposal_reason": "Oro från skolan (syntetisk testtext).",
        "risk_summary": "Hög frånvaro (syntetisk testtext).",
    }
    response = client.post("/api/v1/cases", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _items(client: TestClient, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


class TestListMine:
    def test_anonymous_is_refused(self, api: TestClient) -> None:
        assert api.get(MINE).status_code == 401

    def test_preparation_group_does_not_propose(self, world: World, client_as: Client) -> None:
        assert client_as(world.users["preparation_group"]).get(MINE).status_code == 403

    def test_shows_my_proposals_with_their_status_only(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = client_as(world.users["professional"])
        mine = _propose(police, world.unit.id)
        _propose(client_as(world.users["school_professional"]), world.unit.id)
        case = session.get_one(Case, uuid.UUID(mine["id"]))
        put_in_status(session, case, CaseStatus.assessing)

        items = _items(police, MINE)
        assert [item["id"] for item in items] == [mine["id"]]
        assert set(items[0]) == {"id", "reference", "status", "created_at", "updated_at"}
        assert items[0]["status"] == "assessing"
        assert "Testa" not in police.get(MINE).text

    def test_integration_client_follows_its_own_proposals(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = client_as(f.make_client(session, world.police, ["proposals:create"]))
        other = client_as(f.make_client(session, world.police, ["proposals:create"]))
        created = _propose(client, world.unit.id)
        assert [item["id"] for item in _items(client, MINE)] == [created["id"]]
        assert _items(other, MINE) == []


class TestListDeidentified:
    def test_anonymous_is_refused(self, api: TestClient) -> None:
        assert api.get(DEIDENTIFIED).status_code == 401

    def test_case_workers_do_not_use_the_preparation_view(
        self, world: World, client_as: Client
    ) -> None:
        for role in ("case_officer", "unit_manager", "professional"):
            assert client_as(world.users[role]).get(DEIDENTIFIED).status_code == 403

    def test_lists_age_area_and_risk_without_identifying_data(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(16))
        created = _propose(
            client_as(world.users["professional"]), world.unit.id, personal_number=number
        )
        case = session.get_one(Case, uuid.UUID(created["id"]))
        person = session.get_one(Person, case.young_person_id)
        person.address = "Provgatan 1, 999 99 Exempelstad"
        session.flush()

        response = client_as(world.users["preparation_group"]).get(DEIDENTIFIED)
        assert response.status_code == 200, response.text
        assert [item["id"] for item in response.json()["items"]] == [created["id"]]
        item = response.json()["items"][0]
        assert item == {
            "id": created["id"],
            "age": 16,
            "area": "Norr",
            "target_group": "at_risk",
            "risk_summary": "Hög frånvaro (syntetisk testtext).",
            "proposed_by_organization_kind": "police",
            "status": "proposed",
            "created_at": item["created_at"],
        }
        for secret in (
            "Testa",
            "Testsson",
            number,
            number[2:],
            "Provgatan",
            str(person.id),
            created["reference"],
        ):
            assert secret not in response.text

    def test_only_open_proposals_of_the_municipality(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = client_as(world.users["professional"])
        proposed = _propose(police, world.unit.id)
        assessing = _propose(police, world.other_unit.id)
        put_in_status(
            session, session.get_one(Case, uuid.UUID(assessing["id"])), CaseStatus.assessing
        )
        rejected = _propose(police, world.unit.id)
        put_in_status(
            session, session.get_one(Case, uuid.UUID(rejected["id"])), CaseStatus.rejected
        )
        elsewhere = f.make_org(session, OrganizationKind.municipality)
        foreign_unit = f.make_org(session, OrganizationKind.social_services, parent=elsewhere)
        _propose(police, foreign_unit.id)

        listed = {
            i["id"] for i in _items(client_as(world.users["preparation_group"]), DEIDENTIFIED)
        }
        assert listed == {proposed["id"], assessing["id"]}  # active world cases are not listed

    def test_protected_identity_hides_the_area(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        created = _propose(client_as(world.users["professional"]), world.unit.id)
        case = session.get_one(Case, uuid.UUID(created["id"]))
        session.get_one(Person, case.young_person_id).has_protected_identity = True
        session.flush()
        items = _items(client_as(world.users["preparation_group"]), DEIDENTIFIED)
        assert items[0]["area"] is None
        assert "Norr" not in client_as(world.users["preparation_group"]).get(DEIDENTIFIED).text

    def test_each_listed_proposal_is_logged(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = client_as(world.users["professional"])
        ids = {uuid.UUID(_propose(police, world.unit.id)["id"]) for _ in range(2)}
        member = world.users["preparation_group"]
        _items(client_as(member), DEIDENTIFIED)
        events = session.execute(
            select(AuditEvent.case_id, AuditEvent.legal_basis).where(
                AuditEvent.action == "proposals:list-deidentified",
                AuditEvent.actor_user_id == member.id,
            )
        ).all()
        assert {case_id for case_id, _ in events} == ids
        assert len(events) == 2
        assert {basis for _, basis in events} == {"deidentified_preparation"}

    def test_a_member_of_another_municipality_sees_nothing(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        _propose(client_as(world.users["professional"]), world.unit.id)
        elsewhere = f.make_org(session, OrganizationKind.municipality)
        outsider = f.make_user(session, elsewhere, Role.preparation_group)
        assert _items(client_as(outsider), DEIDENTIFIED) == []

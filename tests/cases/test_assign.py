"""POST /cases/{id}/assign: the unit manager allocates the unit's cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import Case, User
from api.models.enums import CaseStatus
from tests.world import World, build_world


def _proposal(world: World) -> dict[str, Any]:
    born = date.today() - timedelta(days=16 * 365)
    return {
        "unit_id": str(world.unit.id),
        "target_group": "at_risk",
        "young_person": {"given_name": "Testa", "family_name": "Testsson", "birth_date": str(born)},
        "proposal_reason": "Polisens ungdomar-i-fokus-möte (syntetisk testtext).",
        "risk_summary": "Nya kontakter och frånvaro (syntetisk testtext).",
    }


class TestAssign:
    def test_a_police_proposal_is_allocated_and_then_taken_up(
        self, session: Session, client_as: Callable[[Any], TestClient]
    ) -> None:
        world = build_world(session)
        created = client_as(world.users["professional"]).post(
            "/api/v1/cases", json=_proposal(world)
        )
        assert created.status_code == 201, created.text
        case_id = created.json()["id"]
        officer = client_as(world.users["case_officer"])
        assert officer.post(f"/api/v1/cases/{case_id}/assess").status_code == 404  # unassigned

        assigned = client_as(world.users["unit_manager"]).post(
            f"/api/v1/cases/{case_id}/assign",
            json={"case_officer_id": str(world.users["case_officer"].id)},
        )

        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["case_officer_id"] == str(world.users["case_officer"].id)
        assert officer.post(f"/api/v1/cases/{case_id}/assess").json()["status"] == "assessing"

    def test_only_staff_of_the_owning_unit_can_be_assigned(
        self, session: Session, client_as: Callable[[User], TestClient]
    ) -> None:
        world = build_world(session)
        case: Case = world.cases["consented"]
        before = case.case_officer_id
        response = client_as(world.users["unit_manager"]).post(
            f"/api/v1/cases/{case.id}/assign",
            json={"case_officer_id": str(world.users["other_case_officer"].id)},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.case_officer_id"
        session.refresh(case)
        assert case.case_officer_id == before

    def test_an_empty_assignment_is_refused(
        self, session: Session, client_as: Callable[[User], TestClient]
    ) -> None:
        world = build_world(session)
        response = client_as(world.users["unit_manager"]).post(
            f"/api/v1/cases/{world.cases['consented'].id}/assign", json={}
        )
        assert response.status_code == 422

    def test_a_closed_case_is_not_reassigned(
        self, session: Session, client_as: Callable[[User], TestClient]
    ) -> None:
        world = build_world(session)
        case: Case = world.cases["consented"]
        case.status = CaseStatus.closed
        session.flush()
        before = case.coordinator_id
        response = client_as(world.users["unit_manager"]).post(
            f"/api/v1/cases/{case.id}/assign",
            json={"coordinator_id": str(world.users["coordinator"].id)},
        )
        assert response.status_code == 409
        assert response.json()["type"].endswith("/rule-violated")
        session.refresh(case)
        assert case.coordinator_id == before

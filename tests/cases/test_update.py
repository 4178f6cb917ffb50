"""PATCH /api/v1/cases/{case_id} (cases:update): intake, assignment, the intervention period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import clock
from api.models import Case, Person, User
from api.models.enums import CaseStatus, Role, TargetGroup
from tests import factories as f
from tests.cases.support import Client, fields, put_in_status
from tests.world import World


def _patch(client: TestClient, case: Case, body: dict[str, Any], etag: str | None = None) -> Any:
    headers = {"If-Match": etag or f'"v{case.version}"'}
    return client.patch(f"/api/v1/cases/{case.id}", json=body, headers=headers)


def _officer(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["case_officer"])


def _unchanged(session: Session, case: Case, version: int) -> None:
    session.refresh(case)
    assert case.version == version


class TestUpdateCase:
    def test_anonymous_is_refused(self, world: World, api: TestClient) -> None:
        case = world.cases["consented"]
        assert _patch(api, case, {"youth_goals": "x"}).status_code == 401

    def test_outsider_gets_404(self, world: World, client_as: Client) -> None:
        client = client_as(world.users["other_case_officer"])
        assert _patch(client, world.cases["consented"], {"youth_goals": "x"}).status_code == 404

    def test_member_with_consent_may_read_but_not_change(
        self, world: World, client_as: Client
    ) -> None:
        client = client_as(world.users["professional"])
        assert _patch(client, world.cases["consented"], {"youth_goals": "x"}).status_code == 403

    def test_unit_manager_reads_but_does_not_change(self, world: World, client_as: Client) -> None:
        client = client_as(world.users["unit_manager"])
        assert _patch(client, world.cases["consented"], {"youth_goals": "x"}).status_code == 403

    def test_changes_only_the_fields_sent_and_returns_the_new_etag(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        case.guardian_goals = "Föräldrarnas mål (syntetiskt)."
        session.flush()
        version = case.version
        body = {"youth_goals": "Klara nian (syntetiskt).", "target_group": "defector"}
        response = _patch(_officer(world, client_as), case, body)

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == f'"v{version + 1}"'
        read = response.json()
        assert read["youth_goals"] == "Klara nian (syntetiskt)."
        assert read["guardian_goals"] == "Föräldrarnas mål (syntetiskt)."
        assert read["version"] == version + 1
        session.refresh(case)
        assert case.target_group is TargetGroup.defector

    def test_missing_if_match_is_428(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        response = _officer(world, client_as).patch(
            f"/api/v1/cases/{case.id}", json={"youth_goals": "x"}
        )
        assert response.status_code == 428
        _unchanged(session, case, version)

    def test_stale_if_match_is_412(self, world: World, client_as: Client, session: Session) -> None:
        case = world.cases["consented"]
        version = case.version
        response = _patch(_officer(world, client_as), case, {"youth_goals": "x"}, '"v999"')
        assert response.status_code == 412
        _unchanged(session, case, version)

    @pytest.mark.parametrize("status", [CaseStatus.closed, CaseStatus.rejected])
    def test_finished_case_is_not_changed(
        self, status: CaseStatus, world: World, client_as: Client, session: Session
    ) -> None:
        case = put_in_status(session, world.cases["consented"], status)
        version = case.version
        response = _patch(_officer(world, client_as), case, {"youth_goals": "x"})
        assert response.status_code == 409
        assert status.value in response.json()["detail"]
        _unchanged(session, case, version)

    @pytest.mark.parametrize("field", ["status", "reference", "version", "closed_at"])
    def test_server_owned_fields_are_refused(
        self, field: str, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        response = _patch(_officer(world, client_as), case, {field: "closed"})
        assert response.status_code == 422
        assert f"body.{field}" in fields(response)
        _unchanged(session, case, version)

    def test_target_group_cannot_be_cleared(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        response = _patch(_officer(world, client_as), case, {"target_group": None})
        assert response.status_code == 422
        _unchanged(session, case, version)


class TestAssignment:
    def test_assigns_a_coordinator_of_the_unit(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        other = f.make_user(session, world.unit, Role.coordinator, unit=world.unit)
        response = _patch(_officer(world, client_as), case, {"coordinator_id": str(other.id)})
        assert response.status_code == 200, response.text
        assert response.json()["coordinator_id"] == str(other.id)

    @pytest.mark.parametrize(
        ("who", "rule"),
        [
            ("other_unit", "not_in_unit"),
            ("inactive", "not_in_unit"),
            ("police", "not_in_unit"),
            ("wrong_role", "missing_role"),
            ("unknown", "not_in_unit"),
        ],
    )
    def test_refuses_someone_who_cannot_hold_the_role(
        self, who: str, rule: str, world: World, client_as: Client, session: Session
    ) -> None:
        users: dict[str, Callable[[], object]] = {
            "other_unit": lambda: world.users["other_case_officer"].id,
            "inactive": lambda: _inactive_officer(session, world).id,
            "police": lambda: world.users["professional"].id,
            "wrong_role": lambda: world.users["coordinator"].id,
            "unknown": lambda: "00000000-0000-4000-8000-000000000000",
        }
        case = world.cases["consented"]
        version = case.version
        body = {"case_officer_id": str(users[who]())}
        response = _patch(_officer(world, client_as), case, body)
        assert response.status_code == 422
        assert fields(response) == {"body.case_officer_id": rule}
        _unchanged(session, case, version)

    def test_the_case_keeps_someone_assigned(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        body = {"case_officer_id": None, "coordinator_id": None}
        response = _patch(_officer(world, client_as), case, body)
        assert response.status_code == 422
        assert fields(response) == {"body.case_officer_id": "unassigned"}
        _unchanged(session, case, version)


def _inactive_officer(session: Session, world: World) -> User:
    user = f.make_user(session, world.unit, Role.case_officer, unit=world.unit)
    user.is_active = False
    session.flush()
    return user


class TestIntakeRules:
    def test_end_must_come_after_start(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        today = clock.today()
        body = {"intervention_start_on": str(today), "intervention_end_on": str(today)}
        response = _patch(_officer(world, client_as), case, body)
        assert response.status_code == 422
        assert fields(response) == {"body.intervention_end_on": "end_before_start"}
        _unchanged(session, case, version)

    def test_end_is_checked_against_the_stored_start(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = put_in_status(session, world.cases["consented"], CaseStatus.active)
        version = case.version
        assert case.intervention_start_on is not None
        body = {"intervention_end_on": str(case.intervention_start_on - timedelta(days=1))}
        response = _patch(_officer(world, client_as), case, body)
        assert response.status_code == 422
        _unchanged(session, case, version)

    def test_active_case_keeps_its_end_date(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = put_in_status(session, world.cases["consented"], CaseStatus.active)
        version = case.version
        response = _patch(_officer(world, client_as), case, {"intervention_end_on": None})
        assert response.status_code == 422
        assert fields(response) == {"body.intervention_end_on": "required_while_active"}
        _unchanged(session, case, version)

    def test_risk_summary_must_stay_deidentified(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        version = case.version
        given = session.get_one(Person, case.young_person_id).given_name
        body = {"risk_summary": f"{given} har slutat komma till skolan."}
        response = _patch(_officer(world, client_as), case, body)
        assert response.status_code == 422
        assert fields(response) == {"body.risk_summary": "identifying"}
        assert given not in response.text
        _unchanged(session, case, version)

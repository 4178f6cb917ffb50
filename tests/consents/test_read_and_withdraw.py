"""Reading consents with their computed status, and withdrawing them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import clock
from api.models import (
    Case,
)
from tests import factories as f
from tests.consents.support import Client, assert_problem, body_for, consents_url, set_age
from tests.world import World


@pytest.fixture
def officer(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["case_officer"])


@pytest.fixture
def case(world: World) -> Case:
    return world.cases["no_consent"]


class TestRead:
    def test_statuses_newest_first(
        self, world: World, session: Session, officer: TestClient
    ) -> None:
        case = world.cases["consented"]
        today = clock.today()
        later = f.make_consent(
            session,
            case,
            organizations=[world.police],
            categories=["police"],
            collected_by=world.users["case_officer"],
            valid_from=today + timedelta(days=5),
            valid_until=today + timedelta(days=90),
        )

        items = officer.get(consents_url(case)).json()["items"]

        assert [i["id"] for i in items] == [str(later.id), str(world.consents["consented"].id)]
        assert [i["status"] for i in items] == ["not_yet_valid", "active"]

    @pytest.mark.parametrize(
        ("situation", "status"), [("withdrawn", "withdrawn"), ("expired", "expired")]
    )
    def test_status_of_the_world(
        self, situation: str, status: str, world: World, officer: TestClient
    ) -> None:
        consent = world.consents[situation]
        response = officer.get(f"{consents_url(world.cases[situation])}/{consent.id}")
        assert response.status_code == 200
        assert response.json()["status"] == status
        assert response.headers["etag"] == f'"v{consent.version}"'

    def test_expires_soon(self, world: World, session: Session, officer: TestClient) -> None:
        case = world.cases["no_consent"]
        today = clock.today()
        consent = f.make_consent(
            session,
            case,
            organizations=[world.police],
            categories=["police"],
            collected_by=world.users["case_officer"],
            valid_from=today - timedelta(days=300),
            valid_until=today + timedelta(days=30),
        )
        read = officer.get(f"{consents_url(case)}/{consent.id}").json()
        assert (read["status"], read["expires_soon"]) == ("active", True)

    def test_a_consent_of_another_case_is_not_found(
        self, world: World, officer: TestClient
    ) -> None:
        other = world.consents["expired"]
        response = officer.get(f"{consents_url(world.cases['consented'])}/{other.id}")
        assert_problem(response, 404, "not-found")

    def test_the_police_see_what_it_covers_not_the_paperwork(
        self, world: World, session: Session, client_as: Client, officer: TestClient
    ) -> None:
        case = world.cases["consented"]
        consent = world.consents["consented"]
        consent.document_reference = "Akt 7"
        session.flush()
        path = f"{consents_url(case)}/{consent.id}"

        police = client_as(world.users["professional"]).get(path).json()
        own = officer.get(path).json()

        assert police["category_codes"] == own["category_codes"]
        assert police["document_reference"] is None
        assert own["document_reference"] == "Akt 7"


class TestWithdraw:
    def _withdraw(self, client: TestClient, case: Case, consent_id: uuid.UUID, by: Any) -> Any:
        return client.post(
            f"{consents_url(case)}/{consent_id}/withdraw",
            json={"withdrawn_by_person_id": str(by), "reason": "Vill inte längre"},
        )

    def test_withdrawal_cuts_the_police_off_on_the_next_request(
        self, world: World, session: Session, client_as: Client, officer: TestClient
    ) -> None:
        case, consent = world.cases["consented"], world.consents["consented"]
        police = client_as(world.users["professional"])
        assert police.get(f"/api/v1/cases/{case.id}/journal").status_code == 200

        response = self._withdraw(officer, case, consent.id, case.young_person_id)

        assert response.status_code == 200, response.text
        read = response.json()
        assert read["status"] == "withdrawn"
        assert read["withdrawn_by_person_id"] == str(case.young_person_id)
        assert read["withdrawal_recorded_by_id"] == str(world.users["case_officer"].id)
        assert read["withdrawal_reason"] == "Vill inte längre"
        assert police.get(f"/api/v1/cases/{case.id}/journal").status_code == 404
        assert police.get(f"/api/v1/cases/{case.id}").status_code == 404

    def test_any_one_guardian_may_withdraw(
        self, world: World, session: Session, officer: TestClient
    ) -> None:
        case = world.cases["no_consent"]
        set_age(session, case, years=15)
        mother = f.make_guardian(session, case.young_person_id)
        created = officer.post(
            consents_url(case), json=body_for(world, case, case.young_person_id, mother.id)
        ).json()
        response = self._withdraw(officer, case, uuid.UUID(created["id"]), mother.id)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "withdrawn"

    def test_only_a_grantor_withdraws(
        self, world: World, session: Session, officer: TestClient
    ) -> None:
        case, consent = world.cases["consented"], world.consents["consented"]
        stranger = f.make_person(session, birth_date=date(1980, 1, 1))
        response = self._withdraw(officer, case, consent.id, stranger.id)
        assert_problem(response, 409, "consent-rule-violated", "body.withdrawn_by_person_id")
        session.refresh(consent)
        assert consent.withdrawn_at is None

    def test_withdrawing_twice(self, world: World, session: Session, officer: TestClient) -> None:
        case, consent = world.cases["withdrawn"], world.consents["withdrawn"]
        recorded = consent.withdrawn_at
        response = self._withdraw(officer, case, consent.id, case.young_person_id)
        assert_problem(response, 409, "conflict")
        session.refresh(consent)
        assert consent.withdrawn_at == recorded

    def test_a_consent_of_another_case_is_not_found(
        self, world: World, session: Session, officer: TestClient
    ) -> None:
        other = world.consents["expired"]
        response = self._withdraw(
            officer, world.cases["consented"], other.id, world.cases["expired"].young_person_id
        )
        assert_problem(response, 404, "not-found")
        session.refresh(other)
        assert other.withdrawn_at is None

"""Registering a consent over HTTP: every rule refuses with a problem and writes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import clock
from api.consents.rules import add_months
from api.models import (
    Case,
    InformationCategory,
)
from api.models.enums import CaseStatus
from tests import factories as f
from tests.consents.support import (
    Client,
    assert_problem,
    body_for,
    consents_url,
    counts,
    set_age,
)
from tests.world import World


@pytest.fixture
def officer(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["case_officer"])


@pytest.fixture
def case(world: World) -> Case:
    return world.cases["no_consent"]


class TestRegister:
    def test_an_adult_consents_alone(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)

        response = officer.post(consents_url(case), json=body_for(world, case))

        assert response.status_code == 201, response.text
        consent = response.json()
        assert consent["status"] == "active"
        assert consent["expires_soon"] is False
        assert consent["grantors"] == [
            {
                "person_id": str(case.young_person_id),
                "relation": "young_person",
                "signed_on": str(clock.today()),
            }
        ]
        assert set(consent["organization_ids"]) == {str(world.police.id), str(world.school.id)}
        assert consent["collected_by_id"] == str(world.users["case_officer"].id)
        assert response.headers["location"].endswith(consent["id"])
        assert response.headers["etag"] == '"v1"'

    def test_registration_opens_the_case_to_the_police(
        self, world: World, case: Case, session: Session, officer: TestClient, client_as: Client
    ) -> None:
        set_age(session, case, years=19)
        police = client_as(world.users["professional"])
        assert police.get(f"/api/v1/cases/{case.id}").status_code == 404

        assert officer.post(consents_url(case), json=body_for(world, case)).status_code == 201

        assert police.get(f"/api/v1/cases/{case.id}").status_code == 200

    def test_a_minor_signs_with_a_guardian(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=16)
        mother = f.make_guardian(session, case.young_person_id)
        f.make_guardian(session, case.young_person_id)  # one guardian suffices (the default)

        response = officer.post(
            consents_url(case), json=body_for(world, case, case.young_person_id, mother.id)
        )

        assert response.status_code == 201, response.text
        relations = {g["person_id"]: g["relation"] for g in response.json()["grantors"]}
        assert relations == {str(case.young_person_id): "young_person", str(mother.id): "guardian"}

    @pytest.mark.parametrize("guardians", [0, 1])
    def test_a_minor_alone_is_refused(
        self, guardians: int, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=18, days=-1)  # 18 tomorrow
        for _ in range(guardians):
            f.make_guardian(session, case.young_person_id)
        before = counts(session)

        response = officer.post(consents_url(case), json=body_for(world, case))

        assert_problem(response, 409, "consent-rule-violated", "body.grantors")
        assert "under 18" in response.json()["detail"]
        assert counts(session) == before

    def test_age_counts_on_the_signing_date(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        """18 today, but signed yesterday: a guardian should have signed."""
        set_age(session, case, years=18)
        f.make_guardian(session, case.young_person_id)
        yesterday = str(clock.today() - timedelta(days=1))
        body = body_for(world, case)
        body["grantors"][0]["signed_on"] = yesterday
        body["valid_from"] = yesterday
        before = counts(session)

        assert_problem(officer.post(consents_url(case), json=body), 409, "consent-rule-violated")
        assert counts(session) == before
        body["grantors"][0]["signed_on"] = body["valid_from"] = str(clock.today())
        assert officer.post(consents_url(case), json=body).status_code == 201

    def test_the_young_person_must_sign(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        mother = f.make_guardian(session, case.young_person_id)
        before = counts(session)
        response = officer.post(consents_url(case), json=body_for(world, case, mother.id))
        assert_problem(response, 409, "consent-rule-violated", "body.grantors")
        assert counts(session) == before

    def test_only_the_young_person_and_guardians_sign(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        stranger = f.make_person(session, birth_date=f.born_years_ago(40))
        before = counts(session)
        response = officer.post(
            consents_url(case), json=body_for(world, case, case.young_person_id, stranger.id)
        )
        assert_problem(response, 409, "consent-rule-violated", "body.grantors.1.person_id")
        assert counts(session) == before

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"valid_until": "VALID_FROM"}, "body.valid_until"),
            ({"valid_until": "YESTERDAY"}, "body.valid_until"),
            ({"valid_until": None}, "body.valid_until"),
            ({"organization_ids": []}, "body.organization_ids"),
            ({"category_codes": []}, "body.category_codes"),
            ({"grantors": []}, "body.grantors"),
            ({"organization_ids": ["UNKNOWN"]}, "body.organization_ids.0"),
            ({"category_codes": ["police", "astrology"]}, "body.category_codes.1"),
            ({"status": "active"}, "body.status"),
        ],
    )
    def test_malformed_requests(
        self,
        change: dict[str, Any],
        field: str,
        *,
        world: World,
        case: Case,
        session: Session,
        officer: TestClient,
    ) -> None:
        set_age(session, case, years=19)
        today = clock.today()
        stand_ins = {
            "VALID_FROM": str(today),
            "YESTERDAY": str(today - timedelta(days=1)),
            "UNKNOWN": str(uuid.uuid4()),
        }
        body = body_for(world, case)
        for key, value in change.items():
            if isinstance(value, list):
                body[key] = [stand_ins.get(v, v) for v in value]
            elif value is None:
                del body[key]
            else:
                body[key] = stand_ins.get(value, value)
        before = counts(session)

        assert_problem(officer.post(consents_url(case), json=body), 422, "validation-error", field)
        assert counts(session) == before

    def test_inactive_organisation_and_category(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        world.school.is_active = False
        session.get_one(InformationCategory, "school").is_active = False
        session.flush()
        before = counts(session)
        response = officer.post(consents_url(case), json=body_for(world, case))
        assert_problem(response, 422, "validation-error", "body.organization_ids.1")
        assert "body.category_codes.1" in [e["field"] for e in response.json()["errors"]]
        assert counts(session) == before

    def test_signatures_are_not_dated_ahead_nor_listed_twice(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        body = body_for(world, case, case.young_person_id, case.young_person_id)
        body["grantors"][0]["signed_on"] = str(clock.today() + timedelta(days=1))
        before = counts(session)
        response = officer.post(consents_url(case), json=body)
        assert_problem(response, 422, "validation-error", "body.grantors.0.signed_on")
        assert "body.grantors.1.person_id" in [e["field"] for e in response.json()["errors"]]
        assert counts(session) == before

    def test_at_most_twelve_months(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        today = clock.today()
        last_day = add_months(today, 12) - timedelta(days=1)
        before = counts(session)

        too_long = officer.post(
            consents_url(case),
            json=body_for(world, case, valid_until=str(last_day + timedelta(days=1))),
        )

        assert_problem(too_long, 409, "consent-rule-violated", "body.valid_until")
        assert str(last_day) in too_long.json()["detail"]
        assert counts(session) == before
        longest = officer.post(
            consents_url(case), json=body_for(world, case, valid_until=str(last_day))
        )
        assert longest.status_code == 201

    def test_not_valid_before_it_was_signed(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        before = counts(session)
        earlier = str(clock.today() - timedelta(days=10))
        response = officer.post(consents_url(case), json=body_for(world, case, valid_from=earlier))
        assert_problem(response, 409, "consent-rule-violated", "body.valid_from")
        assert counts(session) == before

    @pytest.mark.parametrize("status", [CaseStatus.closed, CaseStatus.rejected])
    def test_no_consent_in_a_closed_case(
        self, status: CaseStatus, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        case.status = status
        session.flush()
        before = counts(session)
        response = officer.post(consents_url(case), json=body_for(world, case))
        assert_problem(response, 409, "consent-rule-violated")
        assert status.value in response.json()["detail"]
        assert counts(session) == before

    def test_retry_with_the_same_key_registers_once(
        self, world: World, case: Case, session: Session, officer: TestClient
    ) -> None:
        set_age(session, case, years=19)
        headers = {"Idempotency-Key": "consent-7"}
        before = counts(session)

        first = officer.post(consents_url(case), json=body_for(world, case), headers=headers)
        again = officer.post(consents_url(case), json=body_for(world, case), headers=headers)

        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json()["id"] == first.json()["id"]
        assert counts(session)[0] == before[0] + 1

    def test_a_consent_is_never_changed_in_place(self, world: World, officer: TestClient) -> None:
        consent = world.consents["consented"]
        path = f"{consents_url(world.cases['consented'])}/{consent.id}"
        response = officer.patch(path, json={"valid_until": "2099-01-01"})
        assert response.status_code == 405
        assert response.headers["allow"] == "GET"

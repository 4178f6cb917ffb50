"""POST /api/v1/cases (cases:create): proposing a young person."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.cases import proposing
from api.models import Case, Person
from api.models.enums import IdentityKind, OrganizationKind
from tests import factories as f
from tests.cases.support import (
    Client,
    audit_actions,
    born_aged,
    count,
    fields,
    synthetic_number,
)
from tests.world import World

URL = "/api/v1/cases"


def proposal(world: World, **changes: Any) -> dict[str, Any]:
    person = {"given_name": "Testa", "family_name": "Testsson", "birth_date": str(born_aged(15))}
    body: dict[str, Any] = {
        "unit_id": str(world.unit.id),
        "target_group": "at_risk",
        "young_person": person,
        "area": "Norr",
        "proposal_reason": "Oro från skolan (syntetisk testtext).",
        "risk_summary": "Hög frånvaro, nya äldre kontakter (syntetisk testtext).",
    }
    person.update(changes.pop("young_person", {}))
    return body | changes


def _police(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["professional"])


def _nothing_written(session: Session, cases: int, persons: int) -> None:
    assert (count(session, Case), count(session, Person)) == (cases, persons)


class TestCreateCase:
    def test_anonymous_is_refused(self, world: World, api: TestClient) -> None:
        assert api.post(URL, json=proposal(world)).status_code == 401

    @pytest.mark.parametrize("role", ["admin", "auditor", "preparation_group"])
    def test_roles_without_the_proposal_scope_are_refused(
        self, role: str, world: World, client_as: Client
    ) -> None:
        response = client_as(world.users[role]).post(URL, json=proposal(world))
        assert response.status_code == 403

    def test_police_proposes_and_then_sees_only_the_status(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = _police(world, client_as)
        response = police.post(URL, json=proposal(world))

        assert response.status_code == 201, response.text
        created = response.json()
        assert set(created) == {"id", "reference", "status", "created_at", "updated_at"}
        assert created["status"] == "proposed"
        assert response.headers["location"] == f"{URL}/{created['id']}"
        case = session.get_one(Case, uuid.UUID(created["id"]))
        assert case.proposed_by_id == world.users["professional"].id
        assert case.proposed_by_organization_kind is OrganizationKind.police
        assert case.owning_unit_id == world.unit.id
        assert (case.case_officer_id, case.coordinator_id) == (None, None)
        assert police.get(f"{URL}/{case.id}").status_code == 404
        assert audit_actions(session, case.id) == [
            ("cases:create", "allowed"),
            ("cases:get", "denied"),
        ]

    def test_unverified_person_is_stored_with_name_birth_date_and_area(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        response = _police(world, client_as).post(URL, json=proposal(world))
        case = session.get_one(Case, uuid.UUID(response.json()["id"]))
        person = session.get_one(Person, case.young_person_id)
        assert person.identity_kind is IdentityKind.unverified
        assert person.personal_number is None
        assert (person.given_name, person.birth_date, person.area) == (
            "Testa",
            born_aged(15),
            "Norr",
        )

    def test_case_officer_of_the_unit_takes_the_case(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        officer = client_as(world.users["case_officer"])
        created = officer.post(URL, json=proposal(world)).json()
        case = session.get_one(Case, uuid.UUID(created["id"]))
        assert case.case_officer_id == world.users["case_officer"].id
        assert officer.get(f"{URL}/{case.id}").status_code == 200

    def test_coordinator_of_another_unit_does_not_take_the_case(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        created = client_as(world.users["other_case_officer"]).post(URL, json=proposal(world))
        case = session.get_one(Case, uuid.UUID(created.json()["id"]))
        assert case.case_officer_id is None


class TestIdentity:
    def test_personal_number_is_normalised_and_sets_the_birth_date(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(16))
        ten_digits = f"{number[2:8]}-{number[8:]}"
        body = proposal(world, young_person={"personal_number": ten_digits, "birth_date": None})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 201, response.text
        person = session.get_one(Case, uuid.UUID(response.json()["id"])).young_person_id
        stored = session.get_one(Person, person)
        assert stored.personal_number == number
        assert stored.identity_kind is IdentityKind.personnummer
        assert stored.birth_date == born_aged(16)

    def test_coordination_number_is_accepted(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(17), coordination=True)
        body = proposal(world, young_person={"personal_number": number, "birth_date": None})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 201, response.text
        person = session.scalar(select(Person).where(Person.personal_number == number))
        assert person is not None
        assert person.identity_kind is IdentityKind.coordination_number

    def test_existing_person_is_reused_and_not_overwritten(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(14))
        existing = f.make_person(session, birth_date=born_aged(14))
        existing.personal_number, existing.identity_kind = number, IdentityKind.personnummer
        session.flush()
        persons = count(session, Person)
        young_person = {"personal_number": number, "given_name": "Annan", "birth_date": None}
        body = proposal(world, young_person=young_person)
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 201, response.text
        assert (
            session.get_one(Case, uuid.UUID(response.json()["id"])).young_person_id == existing.id
        )
        assert count(session, Person) == persons
        session.refresh(existing)
        assert existing.given_name != "Annan"

    def test_invalid_check_digit_is_refused_without_echoing_the_number(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(15))
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        before = (count(session, Case), count(session, Person))
        body = proposal(world, young_person={"personal_number": wrong})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 422
        assert fields(response) == {"body.young_person.personal_number": "invalid_identity_number"}
        assert wrong not in response.text
        _nothing_written(session, *before)

    def test_birth_date_that_contradicts_the_number_is_refused(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        number = synthetic_number(born_aged(15))
        before = (count(session, Case), count(session, Person))
        body = proposal(world, young_person={"personal_number": number})  # birth date: 15 too
        body["young_person"]["birth_date"] = str(born_aged(15) - timedelta(days=3))
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 422
        assert fields(response) == {"body.young_person.birth_date": "mismatch"}
        _nothing_written(session, *before)

    def test_number_or_birth_date_is_required(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        before = (count(session, Case), count(session, Person))
        body = proposal(world, young_person={"birth_date": None})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 422
        assert "body.young_person" in fields(response)
        _nothing_written(session, *before)


class TestRules:
    @pytest.mark.parametrize("age", [12, 18, 25])
    def test_ages_inside_the_target_range_are_accepted(
        self, age: int, world: World, client_as: Client
    ) -> None:
        body = proposal(world, young_person={"birth_date": str(born_aged(age))})
        assert _police(world, client_as).post(URL, json=body).status_code == 201

    @pytest.mark.parametrize("age", [11, 26])
    def test_ages_outside_the_target_range_are_refused(
        self, age: int, world: World, client_as: Client, session: Session
    ) -> None:
        before = (count(session, Case), count(session, Person))
        body = proposal(world, young_person={"birth_date": str(born_aged(age))})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 409
        assert response.json()["type"].endswith("/rule-violated")
        assert fields(response) == {"body.young_person.birth_date": "age_outside_target_range"}
        assert "12 to 25" in response.json()["detail"]
        _nothing_written(session, *before)

    def test_birth_date_in_the_future_is_refused(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        before = (count(session, Case), count(session, Person))
        tomorrow = clock.today() + timedelta(days=1)
        body = proposal(world, young_person={"birth_date": str(tomorrow)})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 422
        _nothing_written(session, *before)

    @pytest.mark.parametrize("kind", ["police", "missing"])
    def test_unit_must_be_a_social_services_unit(
        self, kind: str, world: World, client_as: Client, session: Session
    ) -> None:
        unit = world.police.id if kind == "police" else "00000000-0000-4000-8000-000000000000"
        before = (count(session, Case), count(session, Person))
        response = _police(world, client_as).post(URL, json=proposal(world, unit_id=str(unit)))
        assert response.status_code == 422
        assert fields(response) == {"body.unit_id": "not_social_services_unit"}
        _nothing_written(session, *before)

    @pytest.mark.parametrize(
        "summary", ["Testa har hög frånvaro.", "Gäller TESTSSON.", "Pnr 20100101-2384 i ärendet."]
    )
    def test_risk_summary_must_not_identify_the_young_person(
        self, summary: str, world: World, client_as: Client, session: Session
    ) -> None:
        before = (count(session, Case), count(session, Person))
        response = _police(world, client_as).post(URL, json=proposal(world, risk_summary=summary))
        assert response.status_code == 422
        assert fields(response) == {"body.risk_summary": "identifying"}
        assert "Testa" not in response.json()["detail"]
        _nothing_written(session, *before)

    @pytest.mark.parametrize("field", ["status", "reference", "proposed_by_id", "case_officer_id"])
    def test_server_owned_fields_are_refused(
        self, field: str, world: World, client_as: Client, session: Session
    ) -> None:
        before = (count(session, Case), count(session, Person))
        body = proposal(world, **{field: "active"})
        response = _police(world, client_as).post(URL, json=body)
        assert response.status_code == 422
        assert f"body.{field}" in fields(response)
        _nothing_written(session, *before)


class TestReference:
    def _reference(self, world: World, client_as: Client) -> str:
        response = _police(world, client_as).post(URL, json=proposal(world))
        assert response.status_code == 201, response.text
        return str(response.json()["reference"])

    def test_references_are_sequential_within_the_year(
        self, world: World, client_as: Client
    ) -> None:
        first = self._reference(world, client_as)
        second = self._reference(world, client_as)
        prefix = f"SIG-{clock.today().year}-"
        assert first.startswith(prefix)
        assert int(second.removeprefix(prefix)) == int(first.removeprefix(prefix)) + 1

    def test_numbering_continues_after_the_highest(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = f.make_case(session, world.unit)
        case.reference = f"SIG-{clock.today().year}-0999"
        session.flush()
        assert self._reference(world, client_as) == f"SIG-{clock.today().year}-1000"

    def test_a_taken_number_is_counted_again(
        self, world: World, client_as: Client, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A concurrent proposal took the number between counting and inserting: the unique
        constraint refuses it and the proposal counts again."""
        case = f.make_case(session, world.unit)
        case.reference = f"SIG-{clock.today().year}-0500"
        session.flush()
        real = proposing._highest_number
        stale = iter([499])
        monkeypatch.setattr(
            proposing, "_highest_number", lambda s, p: next(stale, None) or real(s, p)
        )
        assert self._reference(world, client_as) == f"SIG-{clock.today().year}-0501"

    def test_persistent_collisions_answer_409_and_write_nothing(
        self, world: World, client_as: Client, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        case = f.make_case(session, world.unit)
        case.reference = f"SIG-{clock.today().year}-0500"
        session.flush()
        monkeypatch.setattr(proposing, "_highest_number", lambda s, p: 499)
        before = (count(session, Case), count(session, Person))
        response = _police(world, client_as).post(URL, json=proposal(world))
        assert response.status_code == 409
        assert response.json()["type"].endswith("/conflict")
        _nothing_written(session, *before)


class TestIdempotency:
    def test_same_key_twice_creates_one_case(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = _police(world, client_as)
        headers = {"Idempotency-Key": "proposal-1"}
        first = police.post(URL, json=proposal(world), headers=headers)
        before = count(session, Case)
        again = police.post(URL, json=proposal(world), headers=headers)
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert count(session, Case) == before

    def test_same_key_with_another_body_is_refused(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        police = _police(world, client_as)
        headers = {"Idempotency-Key": "proposal-2"}
        police.post(URL, json=proposal(world), headers=headers)
        before = count(session, Case)
        other = police.post(URL, json=proposal(world, area="Söder"), headers=headers)
        assert other.status_code == 422
        assert fields(other) == {"header.Idempotency-Key": "reused_with_other_body"}
        assert count(session, Case) == before

"""Risk assessments: every rating rule, category filtering, and comparison over time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Assessment, AssessmentRating, User
from api.models.enums import CaseStatus, RiskLevel
from tests import factories as f
from tests.assessments.payloads import savry_body
from tests.world import World

Client = Callable[[Any], TestClient]


def _url(world: World, situation: str = "consented") -> str:
    return f"/api/v1/cases/{world.cases[situation].id}/assessments"


def _count(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Assessment)) or 0,
        session.scalar(select(func.count()).select_from(AssessmentRating)) or 0,
    )


def _officer(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["case_officer"])


def _problem_fields(response: Any) -> dict[str, str]:
    return {e["field"]: e["rule"] for e in response.json()["errors"]}


class TestCreate:
    def test_registers_every_rating_with_group_counts(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        body = savry_body(high=frozenset({"H1", "S1"}), present=frozenset({"P1", "P2"}))
        response = _officer(world, client_as).post(_url(world), json=body)
        assert response.status_code == 201, response.text
        created = response.json()
        assert response.headers["location"].endswith(created["id"])
        assert response.headers["etag"] == '"v1"'
        assert [r["item_code"] for r in created["ratings"]][:2] == ["H1", "H2"]
        assert len(created["ratings"]) == 30
        groups = {g["group"]: g for g in created["groups"]}
        assert (groups["historical"]["high"], groups["historical"]["low"]) == (1, 9)
        assert (groups["protective"]["present"], groups["protective"]["absent"]) == (2, 4)
        assert created["category_code"] == "social_services"
        assert created["assessed_by_id"] == str(world.users["case_officer"].id)
        assert _count(session) == (1, 30)

    def test_a_retry_with_the_same_key_creates_one(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        client = _officer(world, client_as)
        headers = {"Idempotency-Key": "savry-1"}
        first = client.post(_url(world), json=savry_body(), headers=headers)
        second = client.post(_url(world), json=savry_body(), headers=headers)
        assert first.status_code == second.status_code == 201
        assert second.json()["id"] == first.json()["id"]
        assert _count(session) == (1, 30)

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (
                lambda r: [x for x in r if x["item_code"] != "H4"],
                {"body.ratings.H4": "missing_item"},
            ),
            (
                lambda r: [*r, {"item_code": "X9", "rating": "low"}],
                {"body.ratings.X9": "unknown_item"},
            ),
            (
                lambda r: [*r, {"item_code": "h1", "rating": "low"}],
                {"body.ratings.H1": "duplicate_item"},
            ),
            (
                lambda r: [{**x, "rating": "present"} if x["item_code"] == "H2" else x for x in r],
                {"body.ratings.H2": "invalid_rating"},
            ),
            (
                lambda r: [{**x, "rating": "high"} if x["item_code"] == "P1" else x for x in r],
                {"body.ratings.P1": "invalid_rating"},
            ),
            (
                lambda r: [x for x in r if x["item_code"] not in ("S6", "I8")],
                {"body.ratings.S6": "missing_item", "body.ratings.I8": "missing_item"},
            ),
        ],
        ids=[
            "missing",
            "unknown",
            "duplicate",
            "risk-rated-present",
            "protective-rated-high",
            "two",
        ],
    )
    def test_bad_ratings_name_each_item(
        self,
        *,
        change: Callable[[list[dict[str, str]]], list[dict[str, str]]],
        expected: dict[str, str],
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        body = savry_body()
        body["ratings"] = change(body["ratings"])
        response = _officer(world, client_as).post(_url(world), json=body)
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith("/validation-error")
        assert _problem_fields(response) == expected
        assert _count(session) == (0, 0)

    @pytest.mark.parametrize(
        ("extra", "field", "rule"),
        [
            ({"instrument": "ester"}, "body.instrument", "instrument_not_supported"),
            ({"category_code": "astrology"}, "body.category_code", "unknown_category"),
            ({"overall_risk": "extreme"}, "body.overall_risk", "enum"),
            (
                {"assessed_by_id": "00000000-0000-0000-0000-000000000000"},
                "body.assessed_by_id",
                "extra_forbidden",
            ),
            ({"assessed_at": "2026-01-01T10:00:00"}, "body.assessed_at", "timezone_aware"),
        ],
    )
    def test_bad_fields_are_refused(
        self,
        *,
        extra: dict[str, Any],
        field: str,
        rule: str,
        world: World,
        client_as: Client,
        session: Session,
    ) -> None:
        response = _officer(world, client_as).post(_url(world), json=savry_body(**extra))
        assert response.status_code == 422, response.text
        assert _problem_fields(response)[field] == rule
        assert _count(session) == (0, 0)

    def test_an_assessment_cannot_be_dated_in_the_future(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
        response = _officer(world, client_as).post(_url(world), json=savry_body(assessed_at=later))
        assert response.status_code == 422
        assert _problem_fields(response) == {"body.assessed_at": "not_in_future"}
        assert _count(session) == (0, 0)

    def test_a_closed_case_takes_no_assessment(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        world.cases["consented"].status = CaseStatus.closed
        session.flush()
        response = _officer(world, client_as).post(_url(world), json=savry_body())
        assert response.status_code == 409
        assert response.json()["type"].endswith("/rule-violated")
        assert _problem_fields(response) == {"path.case_id": "case_ended"}
        assert _count(session) == (0, 0)

    def test_a_professional_may_not_register_one(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        response = client_as(world.users["professional"]).post(_url(world), json=savry_body())
        assert response.status_code == 403
        assert _count(session) == (0, 0)


class TestRead:
    def test_professionals_see_only_categories_their_consent_covers(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case, officer = world.cases["consented"], world.users["case_officer"]
        social = f.make_assessment(session, case, officer)  # social_services: not consented
        police = f.make_assessment(session, case, officer, category="police")
        for who, visible in (
            (world.users["professional"], {police.id}),
            (world.users["case_officer"], {police.id, social.id}),
        ):
            client = client_as(who)
            listed = client.get(_url(world)).json()["items"]
            assert {item["id"] for item in listed} == {str(i) for i in visible}
            hidden = client.get(f"{_url(world)}/{social.id}")
            assert hidden.status_code == (200 if social.id in visible else 404)

    def test_get_returns_the_ratings_and_an_etag(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = world.cases["consented"]
        made = f.make_assessment(session, case, world.users["case_officer"], high=frozenset({"I3"}))
        response = _officer(world, client_as).get(f"{_url(world)}/{made.id}")
        assert response.status_code == 200
        assert response.headers["etag"] == '"v1"'
        ratings = {r["item_code"]: r["rating"] for r in response.json()["ratings"]}
        assert (ratings["I3"], ratings["I2"], ratings["P6"]) == ("high", "low", "absent")

    def test_another_cases_assessment_is_not_found(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        other = f.make_assessment(session, world.cases["no_consent"], world.users["case_officer"])
        response = _officer(world, client_as).get(f"{_url(world)}/{other.id}")
        assert response.status_code == 404


def _two(world: World, session: Session, user: User) -> tuple[Assessment, Assessment]:
    case = world.cases["consented"]
    now = datetime.now(UTC)
    old = f.make_assessment(
        session,
        case,
        user,
        high=frozenset({"H1"}),
        present=frozenset({"P1"}),
        overall_risk=RiskLevel.high,
        assessed_at=now - timedelta(days=90),
    )
    new = f.make_assessment(
        session,
        case,
        user,
        high=frozenset({"S1"}),
        present=frozenset({"P1", "P2"}),
        overall_risk=RiskLevel.moderate,
        assessed_at=now - timedelta(days=1),
    )
    return old, new


class TestCompare:
    def test_by_default_the_two_newest_item_by_item(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        old, new = _two(world, session, world.users["case_officer"])
        response = _officer(world, client_as).get(f"{_url(world)}/compare")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["from_assessment"]["id"] == str(old.id)
        assert body["to_assessment"]["id"] == str(new.id)
        assert body["overall_risk_change"] == "better"
        changes = {
            i["item_code"]: (i["from_rating"], i["to_rating"], i["change"]) for i in body["items"]
        }
        assert len(changes) == 30
        assert changes["H1"] == ("high", "low", "better")
        assert changes["S1"] == ("low", "high", "worse")
        assert changes["P2"] == ("absent", "present", "better")
        assert changes["P1"] == ("present", "present", "same")
        groups = {g["group"]: g for g in body["groups"]}
        assert (
            groups["historical"]["from_counts"]["high"],
            groups["historical"]["to_counts"]["high"],
        ) == (1, 0)
        assert groups["protective"]["to_counts"]["present"] == 2

    def test_explicit_order_is_respected(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        old, new = _two(world, session, world.users["case_officer"])
        response = _officer(world, client_as).get(
            f"{_url(world)}/compare", params={"from": str(new.id), "to": str(old.id)}
        )
        assert response.status_code == 200
        assert response.json()["overall_risk_change"] == "worse"

    def test_needs_two_assessments(self, world: World, client_as: Client, session: Session) -> None:
        f.make_assessment(session, world.cases["consented"], world.users["case_officer"])
        response = _officer(world, client_as).get(f"{_url(world)}/compare")
        assert response.status_code == 409
        assert _problem_fields(response) == {"query.from": "two_assessments"}

    def test_the_same_assessment_twice_is_refused(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        old, _ = _two(world, session, world.users["case_officer"])
        response = _officer(world, client_as).get(
            f"{_url(world)}/compare", params={"from": str(old.id), "to": str(old.id)}
        )
        assert response.status_code == 422
        assert _problem_fields(response) == {"query.to": "same_assessment"}

    def test_a_professional_compares_only_what_they_may_see(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        old, new = _two(world, session, world.users["case_officer"])  # social_services
        client = client_as(world.users["professional"])
        assert client.get(f"{_url(world)}/compare").status_code == 409
        named = client.get(
            f"{_url(world)}/compare", params={"from": str(old.id), "to": str(new.id)}
        )
        assert named.status_code == 404

"""Writing and reading single journal entries, within what the consent covers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import AuditEvent, Case, InformationCategory, IntegrationClient, JournalEntry, User
from tests import factories as f
from tests.world import World

Client = Callable[[User | IntegrationClient], TestClient]


def _entry(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "note",
        "category_code": "police",
        "occurred_at": datetime.now(UTC).isoformat(),
        "body": "Samtal med den unge (syntetisk testtext).",
        **overrides,
    }


def _count(session: Session, case: Case) -> int:
    return session.scalar(select(func.count()).where(JournalEntry.case_id == case.id)) or 0


def _url(case: Case) -> str:
    return f"/api/v1/cases/{case.id}/journal"


class TestCreate:
    def test_a_professional_writes_in_a_consented_category(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        police = world.users["professional"]

        response = client_as(police).post(_url(case), json=_entry())

        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["author_id"], body["author_client_id"]) == (str(police.id), None)
        assert body["author_organization_id"] == str(police.organization_id)
        assert response.headers["Location"].endswith(f"/journal/{body['id']}")
        assert response.headers["ETag"] == '"v1"'
        events = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.resource_type == "journal_entry",
                AuditEvent.resource_id == uuid.UUID(body["id"]),
            )
        ).all()
        assert events == ["journal:create"]

    def test_an_integration_client_is_the_author(self, world: World, client_as: Client) -> None:
        assert world.police_client is not None
        case = world.cases["consented"]

        response = client_as(world.police_client).post(
            _url(case), json=_entry(kind="police_report")
        )

        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["author_id"], body["author_client_id"]) == (None, str(world.police_client.id))
        assert body["author_organization_id"] == str(world.police.id)

    def test_a_retry_with_the_same_key_writes_once(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        client, body = client_as(world.users["professional"]), _entry()
        before = _count(session, case)

        first = client.post(_url(case), json=body, headers={"Idempotency-Key": "j-1"})
        again = client.post(_url(case), json=body, headers={"Idempotency-Key": "j-1"})

        assert first.json()["id"] == again.json()["id"]
        assert _count(session, case) == before + 1

    @pytest.mark.parametrize("category", ["health", "social_services", "substance_use"])
    def test_a_professional_cannot_write_what_the_consent_does_not_cover(
        self, category: str, *, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]  # police and school only
        before = _count(session, case)

        response = client_as(world.users["professional"]).post(
            _url(case), json=_entry(category_code=category)
        )

        assert response.status_code == 409
        problem = response.json()
        assert problem["type"].endswith("/consent-rule-violated")
        assert [(e["field"], e["rule"]) for e in problem["errors"]] == [
            ("body.category_code", "not_covered_by_consent")
        ]
        assert _count(session, case) == before

    def test_social_services_write_in_every_category(self, world: World, client_as: Client) -> None:
        case = world.cases["consented"]
        response = client_as(world.users["coordinator"]).post(
            _url(case), json=_entry(category_code="health")
        )
        assert response.status_code == 201

    def test_a_concern_report_reaches_social_services_regardless_of_consent(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        police = client_as(world.users["professional"])
        before = _count(session, case)

        to_social_services = police.post(
            _url(case), json=_entry(kind="concern_report", category_code="social_services")
        )
        to_health = police.post(
            _url(case), json=_entry(kind="concern_report", category_code="health")
        )

        assert to_social_services.status_code == 201, to_social_services.text
        assert to_health.status_code == 409
        assert _count(session, case) == before + 1

    def test_no_consent_no_case_even_for_a_concern_report(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["no_consent"]
        response = client_as(world.users["professional"]).post(
            _url(case), json=_entry(kind="concern_report", category_code="social_services")
        )
        assert response.status_code == 404
        assert _count(session, case) == 0

    def test_the_unit_manager_reads_but_does_not_write(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case = world.cases["consented"]
        before = _count(session, case)
        response = client_as(world.users["unit_manager"]).post(_url(case), json=_entry())
        assert response.status_code == 403
        assert _count(session, case) == before

    @pytest.mark.parametrize(
        ("change", "field", "rule"),
        [
            ({"category_code": "astrology"}, "body.category_code", "unknown_category"),
            ({"category_code": ""}, "body.category_code", "string_too_short"),
            (
                {"occurred_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()},
                "body.occurred_at",
                "in_future",
            ),
            ({"occurred_at": "2026-01-05T10:00:00"}, "body.occurred_at", "timezone_aware"),
            ({"body": ""}, "body.body", "string_too_short"),
            ({"body": "   \n "}, "body.body", "blank"),
            ({"body": "x" * 20_001}, "body.body", "string_too_long"),
            ({"kind": "gossip"}, "body.kind", "enum"),
            (
                {"author_id": "00000000-0000-0000-0000-000000000000"},
                "body.author_id",
                "extra_forbidden",
            ),
        ],
    )
    def test_bad_entry_is_refused_and_nothing_written(
        self,
        change: dict[str, Any],
        field: str,
        rule: str,
        *,
        world: World,
        session: Session,
        client_as: Client,
    ) -> None:
        case = world.cases["consented"]
        before = _count(session, case)

        response = client_as(world.users["professional"]).post(_url(case), json=_entry(**change))

        assert response.status_code == 422, response.text
        assert (field, rule) in {(e["field"], e["rule"]) for e in response.json()["errors"]}
        assert _count(session, case) == before

    def test_a_retired_category_is_refused(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        session.get_one(InformationCategory, "police").is_active = False
        session.flush()
        case = world.cases["consented"]
        before = _count(session, case)

        response = client_as(world.users["coordinator"]).post(_url(case), json=_entry())

        assert response.status_code == 422
        assert response.json()["errors"][0]["rule"] == "unknown_category"
        assert _count(session, case) == before

    def test_a_few_minutes_of_clock_skew_are_accepted(
        self, world: World, client_as: Client
    ) -> None:
        ahead = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
        response = client_as(world.users["professional"]).post(
            _url(world.cases["consented"]), json=_entry(occurred_at=ahead)
        )
        assert response.status_code == 201


class TestGet:
    def test_reads_a_visible_entry_with_its_etag(self, world: World, client_as: Client) -> None:
        case, entry = world.cases["consented"], world.journal["police"]

        response = client_as(world.users["professional"]).get(f"{_url(case)}/{entry.id}")

        assert response.status_code == 200
        assert response.headers["ETag"] == '"v1"'
        assert response.json()["body"] == entry.body

    @pytest.mark.parametrize("role", ["professional", "integration"])
    def test_a_category_outside_the_consent_answers_like_a_missing_entry(
        self, role: str, *, world: World, client_as: Client
    ) -> None:
        case, hidden = world.cases["consented"], world.journal["health"]
        who = world.police_client if role == "integration" else world.users[role]
        assert who is not None
        client = client_as(who)

        response = client.get(f"{_url(case)}/{hidden.id}")
        missing = client.get(f"{_url(case)}/00000000-0000-4000-8000-000000000000")

        assert response.status_code == missing.status_code == 404
        assert response.json()["detail"] == missing.json()["detail"]
        assert hidden.body not in response.text

    def test_an_entry_of_another_case_is_not_found(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        other = f.make_journal_entry(
            session, world.cases["no_consent"], world.users["case_officer"], category="police"
        )
        response = client_as(world.users["case_officer"]).get(
            f"{_url(world.cases['consented'])}/{other.id}"
        )
        assert response.status_code == 404

    def test_after_withdrawal_the_entry_is_gone(
        self, world: World, session: Session, client_as: Client
    ) -> None:
        case, entry = world.cases["consented"], world.journal["police"]
        world.consents["consented"].withdrawn_at = datetime.now(UTC)
        session.flush()

        response = client_as(world.users["professional"]).get(f"{_url(case)}/{entry.id}")

        assert response.status_code == 404
        assert entry.body not in response.text

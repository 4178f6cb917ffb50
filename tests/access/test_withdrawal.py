"""Withdrawn consent cuts access on the very next request, and both requests are logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import AuditEvent, Consent, User
from api.models.enums import AuditOutcome
from tests.audit.support import listed_cases
from tests.world import World


def _events(session: Session, world: World, user: User) -> list[AuditEvent]:
    case = world.cases["consented"]
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.actor_user_id == user.id)
        .order_by(AuditEvent.seq)
    )
    return list(session.scalars(stmt))


def test_withdrawal_cuts_access_on_the_next_request(
    world: World, session: Session, client_as: Callable[[User], TestClient]
) -> None:
    police = world.users["professional"]
    case = world.cases["consented"]
    client = client_as(police)

    before = client.get(f"/api/v1/cases/{case.id}")
    assert before.status_code == 200
    consent = session.scalars(select(Consent).where(Consent.case_id == case.id)).one()
    consent.withdrawn_at = datetime.now(UTC)
    session.flush()
    after = client.get(f"/api/v1/cases/{case.id}")

    assert after.status_code == 404
    assert case.reference not in after.text
    assert [(e.action, e.outcome) for e in _events(session, world, police)] == [
        ("cases:get", AuditOutcome.allowed),
        ("cases:get", AuditOutcome.denied),
    ]
    allowed, denied = _events(session, world, police)
    assert (allowed.legal_basis, allowed.consent_id) == ("consent", consent.id)
    assert denied.legal_basis is None
    assert allowed.actor_organization_id == police.organization_id
    assert allowed.request_id
    assert allowed.request_id != denied.request_id


def test_the_case_officer_sees_who_accessed_the_case(
    world: World, client_as: Callable[[User], TestClient]
) -> None:
    case = world.cases["consented"]
    client_as(world.users["professional"]).get(f"/api/v1/cases/{case.id}/journal")

    response = client_as(world.users["case_officer"]).get(f"/api/v1/cases/{case.id}/access-log")

    assert response.status_code == 200
    entries = response.json()["items"]
    police_reads = [e for e in entries if e["organization_id"] == str(world.police.id)]
    assert [(e["action"], e["roles"], e["outcome"]) for e in police_reads] == [
        ("journal:list", ["professional"], "allowed")
    ]
    assert all("actor_user_id" not in e for e in entries)  # organisations and roles only


def test_auditor_filters_the_log_by_outcome(
    world: World, client_as: Callable[[User], TestClient]
) -> None:
    case = world.cases["withdrawn"]
    client_as(world.users["professional"]).get(f"/api/v1/cases/{case.id}")

    response = client_as(world.users["auditor"]).get(
        "/api/v1/audit-events", params={"case_id": str(case.id), "outcome": "denied"}
    )

    assert response.status_code == 200
    [event] = response.json()["items"]
    assert event["actor_user_id"] == str(world.users["professional"].id)
    assert event["action"] == "cases:get"
    assert len(event["hash"]) == 64


def test_a_case_list_logs_every_case_it_shows(
    world: World, session: Session, client_as: Callable[[User], TestClient]
) -> None:
    officer = world.users["professional"]
    response = client_as(officer).get("/api/v1/cases")
    assert response.status_code == 200
    shown = {item["id"] for item in response.json()["items"]}
    [logged] = listed_cases(session, "cases:list", officer.id)
    assert shown
    assert {str(case_id) for case_id, _, _ in logged} == shown
    assert {basis for _, basis, _ in logged} == {"consent"}


def test_a_list_that_showed_the_case_is_in_its_access_log_and_the_auditors_search(
    world: World, client_as: Callable[[User], TestClient]
) -> None:
    case, other = world.cases["consented"], world.cases["withdrawn"]
    shown = client_as(world.users["professional"]).get("/api/v1/cases").json()["items"]
    assert str(case.id) in {item["id"] for item in shown}

    access_log = client_as(world.users["case_officer"]).get(f"/api/v1/cases/{case.id}/access-log")
    police = [e for e in access_log.json()["items"] if e["organization_id"] == str(world.police.id)]
    assert [(e["action"], e["outcome"]) for e in police] == [("cases:list", "allowed")]

    auditor = client_as(world.users["auditor"])
    [event] = auditor.get(
        "/api/v1/audit-events", params={"case_id": str(case.id), "user_id": police_id(world)}
    ).json()["items"]
    assert (event["action"], event["case_id"], event["legal_basis"]) == ("cases:list", None, None)
    assert {c["case_id"]: c["legal_basis"] for c in event["cases"]} == {
        item["id"]: "consent" for item in shown
    }
    consent = next(c["consent_id"] for c in event["cases"] if c["case_id"] == str(case.id))
    assert consent == str(world.consents["consented"].id)
    # A case the list did not show does not find the list event.
    assert str(other.id) not in {item["id"] for item in shown}
    others = auditor.get(
        "/api/v1/audit-events", params={"case_id": str(other.id), "user_id": police_id(world)}
    ).json()["items"]
    assert [e["action"] for e in others] == []


def police_id(world: World) -> str:
    return str(world.users["professional"].id)

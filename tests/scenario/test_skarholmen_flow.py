"""The Skärholmen flow end to end through the HTTP API (issue #4 acceptance).

The police propose a youth; the preparation group sees it de-identified; social services
assess (SAVRY), register consent signed by the youth and a guardian, decide (SoL 4 kap. 1 §)
and activate; intake goals; the group; a network meeting; plan version 1; follow-up and
version 2; a police report; the school sees the plan but not the BUP journal; the guardian
withdraws and police and school lose access on their next request; the case is closed.
Every step's access is in the log. All people are synthetic.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessments.instruments import complete_ratings
from api.models import Organization, OutboxEvent, User
from api.models.enums import OrganizationKind, Role
from tests import factories as f

YOUTH = {"given_name": "Testa", "family_name": "Ungdomsson"}


@dataclass
class Agencies:
    unit: Organization
    police: Organization
    school: Organization
    bup: Organization
    field: Organization
    users: dict[str, User]


@pytest.fixture
def agencies(session: Session) -> Agencies:
    municipality = f.make_org(session, OrganizationKind.municipality)
    unit = f.make_org(session, OrganizationKind.social_services, parent=municipality)
    orgs = {
        kind: f.make_org(session, kind)
        for kind in (
            OrganizationKind.police,
            OrganizationKind.school,
            OrganizationKind.child_psychiatry,
            OrganizationKind.field_workers,
        )
    }
    users = {
        "chef": f.make_user(session, unit, Role.unit_manager, unit=unit),
        "handlaggare": f.make_user(session, unit, Role.case_officer, unit=unit),
        "samordnare": f.make_user(session, unit, Role.coordinator, unit=unit),
        "polis": f.make_user(session, orgs[OrganizationKind.police], Role.professional),
        "skola": f.make_user(session, orgs[OrganizationKind.school], Role.professional),
        "bup": f.make_user(session, orgs[OrganizationKind.child_psychiatry], Role.professional),
        "falt": f.make_user(session, orgs[OrganizationKind.field_workers], Role.professional),
        "beredning": f.make_user(session, municipality, Role.preparation_group),
        "revisor": f.make_user(session, municipality, Role.auditor),
    }
    return Agencies(
        unit,
        orgs[OrganizationKind.police],
        orgs[OrganizationKind.school],
        orgs[OrganizationKind.child_psychiatry],
        orgs[OrganizationKind.field_workers],
        users,
    )


class Flow:
    """The actors' clients and what the flow has created so far."""

    def __init__(self, agencies: Agencies, client_as: Callable[[User], TestClient]) -> None:
        self.a = agencies
        self.as_ = {name: client_as(user) for name, user in agencies.users.items()}
        self.case_id = ""
        self.members: dict[str, str] = {}

    def ok(self, who: str, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        url = path if path.startswith("/api") else f"/api/v1/cases/{self.case_id}{path}"
        response = self.as_[who].request(method, url, **kw)
        assert response.status_code == status, f"{who} {method} {url}: {response.text}"
        return (
            response.json()
            if response.content and "json" in response.headers["content-type"]
            else response
        )

    def etag(self, who: str, path: str) -> str:
        url = f"/api/v1/cases/{self.case_id}{path}"
        return str(self.as_[who].get(url).headers["etag"])


def _propose_and_prepare(flow: Flow) -> None:
    born = date.today() - timedelta(days=16 * 365 + 30)
    proposal = flow.ok(
        "polis",
        "POST",
        "/api/v1/cases",
        201,
        json={
            "unit_id": str(flow.a.unit.id),
            "target_group": "at_risk",
            "area": "Skärholmen",
            "young_person": {**YOUTH, "birth_date": str(born)},
            "proposal_reason": "Ungdomar i fokus: återkommande misstankar (syntetisk testtext).",
            "risk_summary": "Skolfrånvaro, nya äldre kontakter, misstänkt ringa narkotikabrott.",
        },
    )
    flow.case_id = proposal["id"]
    assert [p["status"] for p in flow.ok("polis", "GET", "/api/v1/proposals")["items"]] == [
        "proposed"
    ]
    flow.ok("polis", "GET", "", 404)  # the proposer sees the status, not the case
    listed = flow.as_["beredning"].get("/api/v1/proposals/deidentified")
    assert [p["id"] for p in listed.json()["items"]] == [flow.case_id]
    assert YOUTH["family_name"] not in listed.text
    assert YOUTH["given_name"] not in listed.text
    flow.ok(
        "chef",
        "POST",
        "/assign",
        json={
            "case_officer_id": str(flow.a.users["handlaggare"].id),
            "coordinator_id": str(flow.a.users["samordnare"].id),
        },
    )


def _assess_and_form_group(flow: Flow) -> str:
    assert flow.ok("handlaggare", "POST", "/assess")["status"] == "assessing"
    ratings = complete_ratings(high=frozenset({"H1", "S2"}), present=frozenset({"P1"}))
    flow.ok(
        "handlaggare",
        "POST",
        "/assessments",
        201,
        json={
            "instrument": "savry",
            "overall_risk": "high",
            "ratings": [{"item_code": c, "rating": r} for c, r in ratings.items()],
        },
    )
    for name, role in (
        ("samordnare", "coordinator"),
        ("handlaggare", "case_officer"),
        ("polis", "police"),
        ("skola", "school"),
        ("bup", "health"),
        ("falt", "field_worker"),
    ):
        added = flow.ok(
            "samordnare",
            "POST",
            "/members",
            201,
            json={"kind": "user", "user_id": str(flow.a.users[name].id), "group_role": role},
        )
        flow.members[name] = added["id"]
    flow.members["youth"] = flow.ok(
        "samordnare", "POST", "/members", 201, json={"kind": "person", "group_role": "young_person"}
    )["id"]
    guardian = flow.ok(
        "samordnare",
        "POST",
        "/members",
        201,
        json={
            "kind": "person",
            "group_role": "guardian",
            "given_name": "Vera",
            "family_name": "Ungdomsson",
            "birth_date": "1980-04-02",
        },
    )
    flow.members["guardian"] = guardian["id"]
    return str(guardian["person_id"])


def _consent(
    flow: Flow, guardian_person: str, orgs: list[Organization], categories: list[str]
) -> str:
    youth_person = flow.ok("handlaggare", "GET", "")["young_person"]["id"]
    today = str(date.today())
    consent = flow.ok(
        "handlaggare",
        "POST",
        "/consents",
        201,
        json={
            "grantors": [
                {"person_id": youth_person, "signed_on": today},
                {"person_id": guardian_person, "signed_on": today},
            ],
            "organization_ids": [str(o.id) for o in orgs],
            "category_codes": categories,
            "valid_from": today,
            "valid_until": str(date.today() + timedelta(days=300)),
        },
    )
    return str(consent["id"])


def _meeting(flow: Flow, attended: list[str]) -> str:
    now = datetime.now(UTC)
    meeting = flow.ok(
        "samordnare",
        "POST",
        "/meetings",
        201,
        json={
            "kind": "network",
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
            "location": "Socialkontoret",
        },
    )
    flow.ok(
        "samordnare",
        "POST",
        f"/meetings/{meeting['id']}/hold",
        json={
            "minutes": "Genomgång av planen (syntetisk testtext).",
            "attendance": [{"member_id": flow.members[m], "status": "attended"} for m in attended],
        },
    )
    return str(meeting["id"])


def _plan_version_1(flow: Flow, meeting_id: str) -> None:
    items = [
        ("polis", "police", "Mentorsträff varannan vecka"),
        ("skola", "school", "Anpassad studiegång"),
        ("bup", "health", "Bedömningssamtal"),
        ("falt", "leisure", "Sommarjobb"),
        ("youth", "school", "Gå till skolan varje dag"),
        ("guardian", "social_services", "Följa med på mötena"),
    ]
    for member, category, text in items:
        flow.ok(
            "samordnare",
            "POST",
            "/action-plan/items",
            201,
            json={
                "text": text,
                "plain_text": text,
                "responsible_member_id": flow.members[member],
                "category_code": category,
                "completion_evidence": "Följs upp på nätverksmötet",
                "due_on": str(date.today() + timedelta(days=21)),
            },
        )
    published = flow.ok(
        "samordnare",
        "POST",
        "/action-plan/publish",
        201,
        json={"meeting_id": meeting_id},
        headers={"If-Match": flow.etag("samordnare", "/action-plan")},
    )
    assert published["number"] == 1


def _follow_up_and_version_2(flow: Flow, meeting_id: str) -> None:
    draft = flow.ok("samordnare", "GET", "/action-plan")
    police_item = next(
        i for i in draft["items"] if i["responsible_member_id"] == flow.members["polis"]
    )
    flow.ok(
        "polis",
        "PATCH",
        f"/action-plan/items/{police_item['id']}",
        json={"status": "done", "follow_up_notes": "Tre träffar genomförda."},
        headers={"If-Match": f'"v{police_item["version"]}"'},
    )
    published = flow.ok(
        "samordnare",
        "POST",
        "/action-plan/publish",
        201,
        json={"meeting_id": meeting_id},
        headers={"If-Match": flow.etag("samordnare", "/action-plan")},
    )
    assert published["number"] == 2
    changes = flow.ok("samordnare", "GET", "/action-plan/versions/2/changes")
    assert changes


def test_skarholmen_flow(
    agencies: Agencies, client_as: Callable[[User], TestClient], session: Session
) -> None:
    flow = Flow(agencies, client_as)
    _propose_and_prepare(flow)
    guardian_person = _assess_and_form_group(flow)
    shared = _consent(
        flow,
        guardian_person,
        [agencies.police, agencies.school],
        ["school", "police", "social_services", "leisure"],
    )
    _consent(flow, guardian_person, [agencies.bup], ["health"])
    flow.ok(
        "handlaggare",
        "POST",
        "/decide",
        json={"legal_basis": "sol_4_1", "decided_on": str(date.today())},
    )
    flow.ok(
        "handlaggare",
        "POST",
        "/activate",
        json={
            "intervention_start_on": str(date.today()),
            "intervention_end_on": str(date.today() + timedelta(days=180)),
        },
    )
    flow.ok(
        "samordnare",
        "PATCH",
        "",
        json={
            "youth_goals": "Klara nian och få ett sommarjobb.",
            "guardian_goals": "Lugnare hemma.",
        },
        headers={"If-Match": flow.etag("samordnare", "")},
    )

    _plan_version_1(flow, _meeting(flow, ["samordnare", "polis", "skola", "youth", "guardian"]))
    _follow_up_and_version_2(flow, _meeting(flow, ["samordnare", "polis", "bup", "youth"]))
    flow.ok(
        "polis",
        "POST",
        "/journal",
        201,
        json={
            "kind": "police_report",
            "category_code": "police",
            "body": "Misstänkt snatteri (syntetisk).",
            "occurred_at": datetime.now(UTC).isoformat(),
        },
    )
    flow.ok(
        "bup",
        "POST",
        "/journal",
        201,
        json={
            "kind": "note",
            "category_code": "health",
            "body": "Bedömning påbörjad (syntetisk).",
            "occurred_at": datetime.now(UTC).isoformat(),
        },
    )

    school_plan = flow.ok("skola", "GET", "/action-plan")
    assert {i["category_code"] for i in school_plan["items"]} <= {
        "school",
        "police",
        "social_services",
        "leisure",
    }
    assert school_plan["items"]
    assert {e["category_code"] for e in flow.ok("skola", "GET", "/journal")["items"]} == {"police"}
    assert "health" in {e["category_code"] for e in flow.ok("bup", "GET", "/journal")["items"]}

    flow.ok(
        "handlaggare",
        "POST",
        f"/consents/{shared}/withdraw",
        json={"withdrawn_by_person_id": guardian_person, "reason": "Vårdnadshavaren återkallar."},
    )
    flow.ok("polis", "GET", "", 404)
    flow.ok("skola", "GET", "/action-plan", 404)
    flow.ok("bup", "GET", "")  # BUP's own consent still holds
    closed = flow.ok(
        "handlaggare",
        "POST",
        "/close",
        json={"closure_reason": "consent_withdrawn", "closure_summary": "Samtycket återkallades."},
    )
    assert closed["status"] == "closed"

    log = flow.ok(
        "revisor", "GET", "/api/v1/audit-events", params={"case_id": flow.case_id, "limit": 200}
    )["items"]
    actions = {(e["action"], e["outcome"]) for e in log}
    for step in (
        "cases:assess",
        "assessments:create",
        "members:add",
        "consents:register",
        "cases:decide",
        "cases:activate",
        "plans:publish",
        "journal:create",
        "consents:withdraw",
        "cases:close",
    ):
        assert (step, "allowed") in actions, step
    assert ("cases:get", "denied") in actions  # the police's read after the withdrawal
    orgs = {e["actor_organization_id"] for e in log}
    assert {str(agencies.police.id), str(agencies.school.id), str(agencies.bup.id)} <= orgs
    _assert_events(session, flow, agencies)


def _assert_events(session: Session, flow: Flow, agencies: Agencies) -> None:
    """Every change wrote its event (issue #6), told to the organisations that reach the
    case, and the withdrawal to those it cut off; no event holds personal data."""
    events = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.case_id == uuid.UUID(flow.case_id))
        .order_by(OutboxEvent.seq)
    ).all()
    types = [e.type.value for e in events]
    for expected in (
        "member.added",
        "consent.registered",
        "case.activated",
        "meeting.scheduled",
        "meeting.changed",
        "plan.published",
        "consent.withdrawn",
        "case.closed",
    ):
        assert expected in types, expected
    assert types.count("plan.published") == 2
    assert types.index("consent.registered") < types.index("case.activated")
    assert types.index("consent.withdrawn") < types.index("case.closed")
    by_type = {e.type.value: e for e in events}
    police, school, bup = (str(o.id) for o in (agencies.police, agencies.school, agencies.bup))
    assert set(by_type["case.activated"].reaching_organization_ids) == {police, school, bup}
    withdrawn = by_type["consent.withdrawn"]
    assert set(withdrawn.lost_organization_ids) == {police, school}
    assert withdrawn.reaching_organization_ids == [bup]
    assert by_type["case.closed"].reaching_organization_ids == [bup]
    text = " ".join(json.dumps(e.data) for e in events)
    assert YOUTH["given_name"] not in text
    assert YOUTH["family_name"] not in text

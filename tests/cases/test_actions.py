"""The status actions: assess, decide, activate, close, reject."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import clock
from api.models import Case
from api.models.enums import CaseStatus, ClosureReason, LegalBasis
from tests import factories as f
from tests.cases.support import Client, audit_actions, fields, put_in_status
from tests.world import World

TODAY = clock.today
BODIES: dict[str, dict[str, Any] | None] = {
    "assess": None,
    "decide": {"legal_basis": "lvu_11", "decided_on": str(TODAY())},
    "activate": {"intervention_end_on": str(TODAY() + timedelta(days=180))},
    "close": {"closure_reason": "plan_completed", "closure_summary": "Målen nådda (syntetiskt)."},
    "reject": {"rejection_reason": "Tillhör inte målgruppen (syntetiskt)."},
}
ALLOWED = {
    (CaseStatus.proposed, "assess"): CaseStatus.assessing,
    (CaseStatus.proposed, "reject"): CaseStatus.rejected,
    (CaseStatus.assessing, "decide"): CaseStatus.decided,
    (CaseStatus.assessing, "reject"): CaseStatus.rejected,
    (CaseStatus.decided, "activate"): CaseStatus.active,
    (CaseStatus.decided, "close"): CaseStatus.closed,
    (CaseStatus.active, "close"): CaseStatus.closed,
}


def _act(
    client: TestClient,
    case: Case,
    action: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    return client.post(f"/api/v1/cases/{case.id}/{action}", json=body, headers=headers)


def _officer(world: World, client_as: Client) -> TestClient:
    return client_as(world.users["case_officer"])


def _case(session: Session, world: World, status: CaseStatus) -> Case:
    """The consented case (an active consent covers police and school) in ``status``."""
    return put_in_status(session, world.cases["consented"], status)


def _unchanged(session: Session, case: Case, status: CaseStatus, version: int) -> None:
    session.refresh(case)
    assert (case.status, case.version) == (status, version)


@pytest.mark.parametrize(("status", "action"), list(itertools.product(CaseStatus, BODIES)), ids=str)
def test_every_status_and_action_through_the_api(
    status: CaseStatus, action: str, world: World, client_as: Client, session: Session
) -> None:
    """Each allowed transition succeeds; every other one is 409 naming the current status,
    and nothing is written."""
    case = _case(session, world, status)
    version = case.version
    response = _act(_officer(world, client_as), case, action, BODIES[action])
    target = ALLOWED.get((status, action))
    if target is not None:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == target.value
        assert response.headers["etag"] == f'"v{version + 1}"'
        return
    assert response.status_code == 409, response.text
    assert response.json()["type"].endswith("/rule-violated")
    assert f"a case that is {status.value}" in response.json()["detail"]
    _unchanged(session, case, status, version)


class TestAssess:
    def test_anonymous_is_refused(self, world: World, api: TestClient, session: Session) -> None:
        case = _case(session, world, CaseStatus.proposed)
        assert _act(api, case, "assess").status_code == 401

    def test_outsider_gets_404(self, world: World, client_as: Client, session: Session) -> None:
        case = _case(session, world, CaseStatus.proposed)
        assert _act(client_as(world.users["other_case_officer"]), case, "assess").status_code == 404

    def test_member_with_consent_gets_403(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.proposed)
        assert _act(client_as(world.users["professional"]), case, "assess").status_code == 403

    def test_records_when_assessment_started_and_logs_it(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.proposed)
        case.assessed_at = None
        session.flush()
        response = _act(client_as(world.users["coordinator"]), case, "assess")
        assert response.status_code == 200, response.text
        session.refresh(case)
        assert case.assessed_at is not None
        assert ("cases:assess", "allowed") in audit_actions(session, case.id)

    def test_if_match_is_honoured_when_sent(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.proposed)
        version = case.version
        stale = _act(_officer(world, client_as), case, "assess", headers={"If-Match": '"v99"'})
        assert stale.status_code == 412
        _unchanged(session, case, CaseStatus.proposed, version)
        fresh = {"If-Match": f'"v{version}"'}
        assert _act(_officer(world, client_as), case, "assess", headers=fresh).status_code == 200

    def test_a_blank_if_match_is_no_precondition(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        """Optional on actions, so blank is as absent; not the 428 the contract does not name
        for them (found by the live fuzzing)."""
        case = _case(session, world, CaseStatus.proposed)

        response = _act(_officer(world, client_as), case, "assess", headers={"If-Match": " "})

        assert response.status_code == 200, response.text
        assert response.json()["status"] == "assessing"


class TestDecide:
    def test_case_officer_decides_and_is_recorded(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.assessing)
        response = _act(_officer(world, client_as), case, "decide", BODIES["decide"])
        assert response.status_code == 200, response.text
        assert response.json()["legal_basis"] == "lvu_11"
        session.refresh(case)
        assert case.legal_basis is LegalBasis.lvu_11
        assert case.decided_on == TODAY()
        assert case.decided_by_id == world.users["case_officer"].id

    def test_coordinator_may_not_decide(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.assessing)
        version = case.version
        response = _act(client_as(world.users["coordinator"]), case, "decide", BODIES["decide"])
        assert response.status_code == 403
        _unchanged(session, case, CaseStatus.assessing, version)
        assert ("cases:decide", "denied") in audit_actions(session, case.id)

    def test_decision_cannot_be_dated_in_the_future(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.assessing)
        version = case.version
        body = {"legal_basis": "sol_4_1", "decided_on": str(TODAY() + timedelta(days=1))}
        response = _act(_officer(world, client_as), case, "decide", body)
        assert response.status_code == 422
        assert fields(response) == {"body.decided_on": "in_future"}
        _unchanged(session, case, CaseStatus.assessing, version)

    @pytest.mark.parametrize(
        "body", [{"legal_basis": "lvm", "decided_on": "2026-01-01"}, {"legal_basis": "sol_4_1"}]
    )
    def test_legal_basis_and_date_are_required(
        self, body: dict[str, Any], world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.assessing)
        version = case.version
        assert _act(_officer(world, client_as), case, "decide", body).status_code == 422
        _unchanged(session, case, CaseStatus.assessing, version)


class TestActivate:
    def test_activates_with_decision_consent_and_end_date(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.decided)
        response = _act(client_as(world.users["coordinator"]), case, "activate", BODIES["activate"])
        assert response.status_code == 200, response.text
        read = response.json()
        assert read["status"] == "active"
        assert read["intervention_start_on"] == str(TODAY())
        assert read["intervention_end_on"] == str(TODAY() + timedelta(days=180))
        session.refresh(case)
        assert case.activated_at is not None

    def test_uses_the_end_date_already_set(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.decided)
        case.intervention_end_on = TODAY() + timedelta(days=90)
        session.flush()
        response = _act(_officer(world, client_as), case, "activate", {})
        assert response.status_code == 200, response.text
        assert response.json()["intervention_end_on"] == str(TODAY() + timedelta(days=90))

    @pytest.mark.parametrize("situation", ["no_consent", "withdrawn", "expired"])
    def test_refused_without_a_consent_in_force(
        self, situation: str, world: World, client_as: Client, session: Session
    ) -> None:
        case = put_in_status(session, world.cases[situation], CaseStatus.decided)
        version = case.version
        response = _act(_officer(world, client_as), case, "activate", BODIES["activate"])
        assert response.status_code == 409
        assert response.json()["type"].endswith("/consent-rule-violated")
        _unchanged(session, case, CaseStatus.decided, version)

    def test_refused_without_an_end_date(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.decided)
        version = case.version
        response = _act(_officer(world, client_as), case, "activate", {})
        assert response.status_code == 409
        assert fields(response) == {"body.intervention_end_on": "required"}
        _unchanged(session, case, CaseStatus.decided, version)

    def test_refused_without_a_recorded_decision(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.decided)
        case.legal_basis = None
        session.flush()
        version = case.version
        response = _act(_officer(world, client_as), case, "activate", BODIES["activate"])
        assert response.status_code == 409
        assert "decision" in response.json()["detail"]
        _unchanged(session, case, CaseStatus.decided, version)

    @pytest.mark.parametrize(
        "period",
        [(10, 10, "end_before_start"), (10, 5, "end_before_start"), (-30, -1, "in_past")],
    )
    def test_refuses_an_impossible_period(
        self, period: tuple[int, int, str], world: World, client_as: Client, session: Session
    ) -> None:
        start, end, rule = period
        case = _case(session, world, CaseStatus.decided)
        version = case.version
        body = {
            "intervention_start_on": str(TODAY() + timedelta(days=start)),
            "intervention_end_on": str(TODAY() + timedelta(days=end)),
        }
        response = _act(_officer(world, client_as), case, "activate", body)
        assert response.status_code == 422
        assert fields(response) == {"body.intervention_end_on": rule}
        _unchanged(session, case, CaseStatus.decided, version)


class TestClose:
    def test_closes_with_reason_and_summary(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.active)
        response = _act(client_as(world.users["coordinator"]), case, "close", BODIES["close"])
        assert response.status_code == 200, response.text
        session.refresh(case)
        assert case.closure_reason is ClosureReason.plan_completed
        assert case.closure_summary == "Målen nådda (syntetiskt)."
        assert case.closed_at is not None

    @pytest.mark.parametrize(
        "body",
        [
            {"closure_reason": "plan_completed"},
            {"closure_summary": "Text."},
            {"closure_reason": "plan_completed", "closure_summary": "  "},
        ],
    )
    def test_reason_and_summary_are_both_required(
        self, body: dict[str, Any], world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.active)
        version = case.version
        assert _act(_officer(world, client_as), case, "close", body).status_code == 422
        _unchanged(session, case, CaseStatus.active, version)


class TestReject:
    def test_case_officer_rejects_with_a_reason(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.proposed)
        response = _act(_officer(world, client_as), case, "reject", BODIES["reject"])
        assert response.status_code == 200, response.text
        session.refresh(case)
        assert case.rejection_reason == "Tillhör inte målgruppen (syntetiskt)."
        assert case.rejected_at is not None

    def test_coordinator_may_not_reject(
        self, world: World, client_as: Client, session: Session
    ) -> None:
        case = _case(session, world, CaseStatus.proposed)
        version = case.version
        response = _act(client_as(world.users["coordinator"]), case, "reject", BODIES["reject"])
        assert response.status_code == 403
        _unchanged(session, case, CaseStatus.proposed, version)

    def test_reason_is_required(self, world: World, client_as: Client, session: Session) -> None:
        case = _case(session, world, CaseStatus.proposed)
        version = case.version
        assert _act(_officer(world, client_as), case, "reject", {}).status_code == 422
        _unchanged(session, case, CaseStatus.proposed, version)


def test_an_unassigned_officer_of_the_unit_cannot_act(
    world: World, client_as: Client, session: Session
) -> None:
    """Only the staff assigned to the case change it (api/access/policy.py can_edit_case)."""
    case = f.make_case(session, world.unit, status=CaseStatus.proposed)
    case.coordinator_id = world.users["coordinator"].id
    session.flush()
    assert _act(_officer(world, client_as), case, "assess").status_code == 404

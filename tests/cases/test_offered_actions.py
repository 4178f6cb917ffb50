"""``CaseRead.actions`` tells the truth: for a spread of callers x a case in every status,
each action the read offers is accepted by its endpoint when sent with a valid body, and each
one it does not offer is refused (403/404, or 409 for the case's state).

The case is set up so that nothing but the caller and the status decides: the young person
is an adult (signs a consent alone), a consent in force covers the police, the police officer
and the young person are current members, and the draft plan holds an item of the young
person. Every call runs in a savepoint rolled back afterwards (as tests/access/test_matrix.py),
so one case serves all of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, object_session

from api import clock
from api.cases import service as case_service
from api.cases.schemas import CaseAction
from api.models import ActionPlanItem, ActionPlanVersion, Case, CaseMember, Person
from api.models.enums import CaseStatus, GroupRole
from tests import factories as f
from tests.assessments.payloads import savry_body
from tests.cases.support import put_in_status
from tests.statements import statements_sent
from tests.world import World

# Callers whose actions depend on the case's status, tried in every status; and callers
# who cannot read a case (refused by scope before any case is looked up) or whose only
# action does not depend on it, tried in two.
STATUS_CALLERS = ("coordinator", "case_officer", "unit_manager", "professional")
OTHER_CALLERS = ("integration", "preparation_group", "auditor", "admin")
CELLS = [(c, st) for c in STATUS_CALLERS for st in CaseStatus] + [
    (c, st) for c in OTHER_CALLERS for st in (CaseStatus.proposed, CaseStatus.active)
]
REFUSED = frozenset({403, 404, 409})


@dataclass
class Setup:
    world: World
    case: Case
    young_person: CaseMember
    draft: ActionPlanVersion
    item: ActionPlanItem | None  # the draft's item; None when the draft is empty


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # under the case, with {item} for the draft item
    body: Callable[[Setup], Any] | None = None
    if_match: Callable[[Setup], int] | None = None  # the version the ETag names


def _today() -> str:
    return str(clock.today())


def _consent(s: Setup) -> dict[str, Any]:
    today = clock.today()
    return {
        "grantors": [{"person_id": str(s.case.young_person_id), "signed_on": str(today)}],
        "organization_ids": [str(s.world.police.id)],
        "category_codes": ["police"],
        "valid_from": str(today),
        "valid_until": str(today + timedelta(days=180)),
        "document_reference": "Akt 2026/17 (syntetisk)",
    }


def _meeting(s: Setup) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=7)
    return {
        "kind": "network",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
    }


def _new_item(s: Setup) -> dict[str, Any]:
    return {
        "text": "Delta i undervisningen enligt schemat.",
        "plain_text": "Du går till skolan.",
        "responsible_member_id": str(s.young_person.id),
        "category_code": "school",
        "completion_evidence": "Närvarorapport från skolan.",
    }


def _draft_version(s: Setup) -> int:
    return s.draft.version


def _session(s: Setup) -> Session:
    session = object_session(s.case)
    assert session is not None
    return session


# Every endpoint an action stands for, with a valid request.
CALLS: dict[CaseAction, tuple[Call, ...]] = {
    CaseAction.update: (
        Call("PATCH", "", lambda s: {"youth_goals": "Klara nian."}, lambda s: s.case.version),
    ),
    CaseAction.assign: (
        Call("POST", "/assign", lambda s: {"coordinator_id": str(s.world.users["coordinator"].id)}),
    ),
    CaseAction.assess: (Call("POST", "/assess"),),
    CaseAction.decide: (
        Call("POST", "/decide", lambda s: {"legal_basis": "sol_4_1", "decided_on": _today()}),
    ),
    CaseAction.activate: (
        Call(
            "POST",
            "/activate",
            lambda s: {"intervention_end_on": str(clock.today() + timedelta(days=180))},
        ),
    ),
    CaseAction.close: (
        Call(
            "POST",
            "/close",
            lambda s: {"closure_reason": "plan_completed", "closure_summary": "Målen nådda."},
        ),
    ),
    CaseAction.reject: (Call("POST", "/reject", lambda s: {"rejection_reason": "Ej målgrupp."}),),
    CaseAction.add_member: (
        Call(
            "POST",
            "/members",
            lambda s: {"kind": "external", "external_name": "Tränare", "group_role": "coach"},
        ),
    ),
    CaseAction.register_consent: (Call("POST", "/consents", _consent),),
    CaseAction.add_assessment: (Call("POST", "/assessments", lambda s: savry_body()),),
    CaseAction.edit_plan: (
        Call("POST", "/action-plan/items", _new_item),
        Call(
            "PATCH",
            "/action-plan/items/{item}",
            lambda s: {"text": "Gå till skolan varje dag."},
            lambda s: s.item.version if s.item else 0,
        ),
        Call("DELETE", "/action-plan/items/{item}"),
    ),
    CaseAction.publish_plan: (Call("POST", "/action-plan/publish", lambda s: {}, _draft_version),),
    CaseAction.schedule_meeting: (Call("POST", "/meetings", _meeting),),
    CaseAction.write_journal: (
        Call(
            "POST",
            "/journal",
            lambda s: {
                "kind": "note",
                "category_code": "police",
                "occurred_at": datetime.now(UTC).isoformat(),
                "body": "Samtal med den unge (syntetisk testtext).",
            },
        ),
    ),
    CaseAction.read_access_log: (Call("GET", "/access-log"),),
}


def test_every_action_has_its_calls() -> None:
    assert set(CALLS) == set(CaseAction)


def _setup(session: Session, world: World, status: CaseStatus, *, complete: bool = True) -> Setup:
    """A unit-1 case in ``status`` whose officer and coordinator are the world's. With
    ``complete`` it has a consent in force for the police and a publishable draft."""
    case = f.make_case(
        session,
        world.unit,
        case_officer=world.users["case_officer"],
        coordinator=world.users["coordinator"],
    )
    person = session.get_one(Person, case.young_person_id)
    person.birth_date = f.born_years_ago(19)  # an adult signs a consent alone
    f.add_member(session, case, world.users["professional"])
    young_person = f.add_person_member(session, case)
    put_in_status(session, case, status)
    draft = f.make_plan(session, case)
    item = None
    if complete:
        item = f.make_plan_item(session, draft, young_person, category="police")
        f.make_consent(
            session,
            case,
            organizations=[world.police, world.school],
            categories=["police", "school"],
            collected_by=world.users["case_officer"],
        )
    session.flush()
    return Setup(world, case, young_person, draft, item)


@pytest.fixture
def as_caller(world: World, client_as: Callable[[Any], TestClient]) -> Callable[[str], TestClient]:
    def make(caller: str) -> TestClient:
        who = world.police_client if caller == "integration" else world.users[caller]
        return client_as(who)

    return make


def _send(client: TestClient, s: Setup, call: Call) -> Any:
    path = f"/api/v1/cases/{s.case.id}{call.path}".replace("{item}", str(s.item and s.item.id))
    headers = {"If-Match": f'"v{call.if_match(s)}"'} if call.if_match else {}
    body = call.body(s) if call.body else None
    return client.request(call.method, path, json=body, headers=headers)


def _offered(client: TestClient, case: Case) -> set[CaseAction]:
    response = client.get(f"/api/v1/cases/{case.id}")
    if response.status_code in (403, 404):
        return set()  # a caller who cannot read the case is offered nothing
    assert response.status_code == 200, response.text
    return {CaseAction(a) for a in response.json()["actions"]}


def _problems(
    client: TestClient, s: Setup, offered: set[CaseAction], connection: Connection
) -> list[str]:
    """Each action's calls, each in a savepoint rolled back afterwards."""
    session = _session(s)
    problems = []
    for action, calls in CALLS.items():
        for call in calls:
            if "{item}" in call.path and s.item is None:
                continue  # an empty draft has no item to change
            session.commit()  # the session holds no savepoint that encloses the call's
            cell = connection.begin_nested()
            try:
                response = _send(client, s, call)
            finally:
                session.commit()
                cell.rollback()
                session.expire_all()
            status = response.status_code
            wrong = status >= 300 if action in offered else status not in REFUSED
            if wrong:
                said = "offered" if action in offered else "not offered"
                problems.append(f"{action} ({call.method} {call.path}) {said}: {status}")
    return problems


@pytest.mark.parametrize(("caller", "status"), CELLS)
def test_offered_actions_are_accepted_and_others_refused(
    caller: str,
    status: CaseStatus,
    world: World,
    session: Session,
    connection: Connection,
    as_caller: Callable[[str], TestClient],
) -> None:
    s = _setup(session, world, status)
    client = as_caller(caller)
    offered = _offered(client, s.case)
    assert _problems(client, s, offered, connection) == []


# What each caller is offered (in a complete setup), so a test fails when the list is empty
# for everyone or the consistency check above has nothing left to check.
EXPECTED: dict[tuple[str, CaseStatus], set[CaseAction]] = {
    ("coordinator", CaseStatus.proposed): {
        CaseAction.update,
        CaseAction.assess,
        CaseAction.add_member,
        CaseAction.register_consent,
        CaseAction.add_assessment,
        CaseAction.edit_plan,
        CaseAction.schedule_meeting,
        CaseAction.write_journal,
    },
    ("case_officer", CaseStatus.assessing): {
        CaseAction.update,
        CaseAction.decide,
        CaseAction.reject,
        CaseAction.add_member,
        CaseAction.register_consent,
        CaseAction.add_assessment,
        CaseAction.edit_plan,
        CaseAction.schedule_meeting,
        CaseAction.write_journal,
        CaseAction.read_access_log,
    },
    ("case_officer", CaseStatus.active): {
        CaseAction.update,
        CaseAction.close,
        CaseAction.add_member,
        CaseAction.register_consent,
        CaseAction.add_assessment,
        CaseAction.edit_plan,
        CaseAction.publish_plan,
        CaseAction.schedule_meeting,
        CaseAction.write_journal,
        CaseAction.read_access_log,
    },
    ("coordinator", CaseStatus.decided): {
        CaseAction.update,
        CaseAction.activate,
        CaseAction.close,
        CaseAction.add_member,
        CaseAction.register_consent,
        CaseAction.add_assessment,
        CaseAction.edit_plan,
        CaseAction.schedule_meeting,
        CaseAction.write_journal,
    },
    ("coordinator", CaseStatus.closed): {CaseAction.write_journal},
    ("case_officer", CaseStatus.rejected): {CaseAction.write_journal, CaseAction.read_access_log},
    ("unit_manager", CaseStatus.proposed): {CaseAction.assign},
    ("unit_manager", CaseStatus.closed): set(),
    ("professional", CaseStatus.active): {CaseAction.write_journal},
    ("integration", CaseStatus.active): {CaseAction.write_journal},
    ("preparation_group", CaseStatus.proposed): set(),
    ("auditor", CaseStatus.active): set(),
    ("admin", CaseStatus.active): set(),
}


@pytest.mark.parametrize(("caller", "status"), list(EXPECTED))
def test_what_each_caller_is_offered(
    caller: str,
    status: CaseStatus,
    world: World,
    session: Session,
    as_caller: Callable[[str], TestClient],
) -> None:
    s = _setup(session, world, status)
    assert _offered(as_caller(caller), s.case) == EXPECTED[(caller, status)]


@pytest.mark.parametrize(
    ("status", "action"),
    [(CaseStatus.decided, CaseAction.activate), (CaseStatus.active, CaseAction.publish_plan)],
)
def test_a_missing_precondition_withholds_the_action(
    status: CaseStatus,
    action: CaseAction,
    world: World,
    session: Session,
    connection: Connection,
    as_caller: Callable[[str], TestClient],
) -> None:
    """Without a consent in force there is no activation, without draft items no publishing;
    the endpoint agrees (409)."""
    s = _setup(session, world, status, complete=False)
    client = as_caller("coordinator")
    offered = _offered(client, s.case)
    assert action not in offered
    assert CaseAction.update in offered
    assert _problems(client, s, offered, connection) == []


def test_the_response_of_an_action_carries_the_new_actions(
    world: World, session: Session, as_caller: Callable[[str], TestClient]
) -> None:
    s = _setup(session, world, CaseStatus.proposed)
    response = as_caller("coordinator").post(f"/api/v1/cases/{s.case.id}/assess")
    assert response.status_code == 200, response.text
    assert CaseAction.assess not in response.json()["actions"]
    assert CaseAction.update in response.json()["actions"]


def test_the_case_list_has_no_actions(
    world: World, session: Session, as_caller: Callable[[str], TestClient]
) -> None:
    _setup(session, world, CaseStatus.active)
    response = as_caller("coordinator").get("/api/v1/cases")
    assert response.status_code == 200, response.text
    assert all("actions" not in item for item in response.json()["items"])


def _read_statements(
    client: TestClient, case_id: uuid.UUID, session: Session, engine: Engine
) -> list[str]:
    session.commit()
    session.expunge_all()  # as in production, the request's session starts empty
    with statements_sent(engine) as seen:
        response = client.get(f"/api/v1/cases/{case_id}")
    assert response.status_code == 200, response.text
    return seen


def test_the_actions_cost_the_read_no_statement(
    world: World,
    session: Session,
    engine: Engine,
    as_caller: Callable[[str], TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The read makes as many statements with the actions as without them, however much the
    case holds (consents, members, draft items)."""
    client = as_caller("case_officer")
    small = _setup(session, world, CaseStatus.active)
    large = _setup(session, world, CaseStatus.active)
    for n in range(5):
        f.make_consent(
            session,
            large.case,
            organizations=[world.police],
            categories=["police"],
            collected_by=world.users["case_officer"],
        )
        f.add_person_member(session, large.case, role=GroupRole.guardian)
        f.make_plan_item(session, large.draft, large.young_person, text=f"Åtgärd {n}")
    small_id, large_id = small.case.id, large.case.id
    with_actions = len(_read_statements(client, small_id, session, engine))
    assert len(_read_statements(client, large_id, session, engine)) == with_actions

    monkeypatch.setattr(case_service, "fact_columns", lambda today: ())
    monkeypatch.setattr(case_service, "available_actions", lambda ctx, facts: [])
    monkeypatch.setattr(case_service, "facts_of", lambda values: None)
    assert len(_read_statements(client, small_id, session, engine)) == with_actions


def test_a_read_is_three_statements_besides_the_access_log(
    world: World, session: Session, engine: Engine, as_caller: Callable[[str], TestClient]
) -> None:
    """The caller, the case with the basis the policy finds, and one statement for the young
    person, the flags and what the actions need: each read pays every further round trip."""
    case_id = _setup(session, world, CaseStatus.active).case.id
    seen = _read_statements(as_caller("case_officer"), case_id, session, engine)
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "audit" not in s]
    assert len(reads) == 3, reads

"""No lost update (issue #7): 50 writers PATCH one plan item with the same ETag at once,
through the real app on real PostgreSQL commits; exactly one wins, the others are told 412.

Two guards stand behind that: ``require_version`` compares the If-Match with the version read,
and the ORM's version column makes the UPDATE itself conditional, so writers that all read the
same version before any of them committed still cannot all succeed (StaleDataError -> 412).
The second test forces that interleaving, so the conditional UPDATE is shown on its own.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.audit.verify import verify_chain
from api.models import ActionPlanItem, AuditEvent
from tests import factories as f
from tests.reliability.conftest import bearer
from tests.world import World

pytestmark = pytest.mark.postgresql_only

WRITERS = 50
WAIT_SECONDS = 60  # bounds every barrier and event wait: a stuck writer fails, never hangs
PRECONDITION_FAILED = "https://samverka.se/problems/precondition-failed"
# Straight to PostgreSQL, and through PgBouncer in transaction mode (reliability/pgbouncer.py).
ROUTES = pytest.mark.parametrize("database_route", ["direct", "pgbouncer"])


@dataclass(frozen=True)
class Target:
    item_id: uuid.UUID
    url: str
    headers: dict[str, str]  # the coordinator's token and the If-Match of version 1


@pytest.fixture
def target(stored_world: World, sessions: sessionmaker[Session]) -> Target:
    """One item in the draft plan of an active case, as the coordinator last read it."""
    case = stored_world.cases["consented"]
    with sessions() as session, session.begin():
        draft = f.make_plan(session, case)
        item = f.make_plan_item(session, draft, f.add_person_member(session, case))
    assert item.version == 1
    return Target(
        item_id=item.id,
        url=f"/api/v1/cases/{case.id}/action-plan/items/{item.id}",
        headers={**bearer(stored_world.users["coordinator"]), "If-Match": '"v1"'},
    )


@pytest.fixture
def stale_updates(real_engine: Engine) -> Iterator[list[int]]:
    """Counts the plan UPDATEs that matched no row: writers stopped by a conditional UPDATE
    (of the draft, which every item change touches, or of the item) rather than by the
    If-Match check before it."""
    counted: list[int] = []

    def after(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE action_plan_") and cursor.rowcount == 0:
            counted.append(1)

    event.listen(real_engine, "after_cursor_execute", after)
    yield counted
    event.remove(real_engine, "after_cursor_execute", after)


def _stored(sessions: sessionmaker[Session], item_id: uuid.UUID) -> ActionPlanItem:
    with sessions() as session:
        return session.get_one(ActionPlanItem, item_id)


def _patch_together(app: FastAPI, target: Target, count: int) -> list[tuple[str, Any]]:
    """``count`` clients, each on its own thread, send their PATCH at the same instant."""
    start = threading.Barrier(count, timeout=WAIT_SECONDS)

    def write(n: int) -> tuple[str, Any]:
        text = f"Skrivare {n}: ny formulering av åtgärden (syntetisk testtext)."
        with TestClient(app) as client:
            start.wait()
            return text, client.patch(target.url, json={"text": text}, headers=target.headers)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(write, range(count)))


@ROUTES
def test_fifty_writers_with_one_etag_have_exactly_one_winner(
    real_app: FastAPI, target: Target, sessions: sessionmaker[Session], stale_updates: list[int]
) -> None:
    with sessions() as session:
        events_before = session.scalar(select(func.count()).select_from(AuditEvent)) or 0

    results = _patch_together(real_app, target, WRITERS)

    winners = [(text, r) for text, r in results if 200 <= r.status_code < 300]
    losers = [r for _, r in results if not 200 <= r.status_code < 300]
    assert len(winners) == 1, sorted(r.status_code for _, r in results)
    assert [r.status_code for r in losers] == [412] * (WRITERS - 1)
    assert {r.json()["type"] for r in losers} == {PRECONDITION_FAILED}
    text, won = winners[0]
    stored = _stored(sessions, target.item_id)
    assert stored.version == 2  # one write, not 50 and not a lost one
    assert stored.text == text == won.json()["text"]
    assert won.headers["etag"] == '"v2"'
    # The losers' transactions rolled back; the access log kept its chain through the burst.
    with sessions() as session:
        report = verify_chain(session)
    assert report.ok, report
    assert report.checked > events_before
    print(f"\n{len(stale_updates)} of {WRITERS - 1} losers were stopped by the conditional UPDATE")


@ROUTES
def test_the_conditional_update_alone_stops_a_writer_that_passed_the_etag_check(
    real_app: FastAPI, real_engine: Engine, target: Target, sessions: sessionmaker[Session]
) -> None:
    """Both writers read version 1 and pass If-Match; the first one's UPDATE is held until the
    other has reached its own, so the loser can only fail at an UPDATE's version condition.
    (Every item change also touches the draft, whose UPDATE comes first in the flush.)"""
    arrived: set[int] = set()  # the writers' connections, at their first plan UPDATE
    second_arrived = threading.Event()
    lock = threading.Lock()

    def before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("UPDATE action_plan_"):
            return
        with lock:
            if id(conn) in arrived:
                return
            arrived.add(id(conn))
            first = len(arrived) == 1
        if first:
            assert second_arrived.wait(WAIT_SECONDS), "the second writer never reached its UPDATE"
        else:
            second_arrived.set()

    event.listen(real_engine, "before_cursor_execute", before)
    try:
        results = _patch_together(real_app, target, 2)
    finally:
        event.remove(real_engine, "before_cursor_execute", before)

    assert sorted(r.status_code for _, r in results) == [200, 412]
    assert len(arrived) == 2  # both passed require_version: the 412 came from the UPDATE
    stored = _stored(sessions, target.item_id)
    assert stored.version == 2
    assert stored.text == next(text for text, r in results if r.status_code == 200)

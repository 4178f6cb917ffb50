"""Two workers running the checks at once raise each finding once (real commits, PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from api import clock
from api.checks.service import run_checks
from api.models import OutboxEvent, ScheduledNotice
from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.conftest import DatabaseFactory, engine_for, migrate

NOW = clock.now()
TODAY = clock.today()

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def sessions(databases: DatabaseFactory) -> Iterator[sessionmaker[Session]]:
    url = databases.new_url("checks")
    migrate(url)
    engine = engine_for(url)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


def _findings(sessions: sessionmaker[Session]) -> None:
    """A case without a network meeting for 40 days and with one overdue item."""
    with sessions() as session:
        unit = f.make_org(session, OrganizationKind.social_services)
        officer = f.make_user(session, unit, Role.case_officer, unit=unit)
        case = f.make_case(session, unit, case_officer=officer)
        case.activated_at = NOW - timedelta(days=40)
        plan = f.make_plan(session, case)
        member = f.add_member(session, case, officer)
        f.make_plan_item(session, plan, member, due_on=TODAY - timedelta(days=1))
        session.commit()


def _run_and_commit(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        counts = run_checks(session, now=NOW, today=TODAY)
        session.commit()
        return counts


def _wait_for_a_lock_wait(engine: Engine) -> None:
    """Until the other worker waits on the first one's uncommitted notice rows."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.scalar(waiting):
                return
        time.sleep(0.05)
    pytest.fail("the second worker never waited for the first")


def test_the_second_worker_waits_and_then_raises_nothing(
    sessions: sessionmaker[Session],
) -> None:
    _findings(sessions)
    engine = sessions.kw["bind"]
    with sessions() as first, ThreadPoolExecutor(max_workers=1) as pool:
        assert run_checks(first, now=NOW, today=TODAY)["task.overdue"] == 1
        second = pool.submit(_run_and_commit, sessions)  # it cannot see the first's rows yet
        _wait_for_a_lock_wait(engine)
        first.commit()
        assert second.result(timeout=30) == {
            "consent.expiring": 0,
            "meeting.overdue": 0,
            "task.overdue": 0,
        }

    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ScheduledNotice)) == 2
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 2

"""Concurrent requests append to one linear chain: the chain lock (PostgreSQL advisory lock,
SQLite BEGIN IMMEDIATE) serialises the appends, so seqs run 1..N without gaps or forks."""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.audit.recorder import record
from api.audit.verify import ChainReport, verify_chain
from api.models import Organization
from tests.audit.support import make_principal, make_record, stored_events

THREADS = 20
TRANSACTIONS = 3
EVENTS_PER_TRANSACTION = 2
TOTAL = THREADS * TRANSACTIONS * EVENTS_PER_TRANSACTION


def _requests(sessions: sessionmaker[Session], barrier: threading.Barrier) -> None:
    principal = make_principal()
    barrier.wait()
    for _ in range(TRANSACTIONS):
        request_case = uuid.uuid4()
        with sessions() as session:
            session.execute(select(Organization.id).limit(1))  # the request's own work
            for _ in range(EVENTS_PER_TRANSACTION):
                record(session, principal, make_record(case_id=request_case))
            session.commit()


def test_concurrent_commits_build_one_linear_chain(sessions: sessionmaker[Session]) -> None:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            _requests(sessions, barrier)
        except BaseException as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    with sessions() as session:
        assert verify_chain(session, batch_size=7) == ChainReport(True, TOTAL, None, None)
    events = stored_events(sessions)
    assert [event.seq for event in events] == list(range(1, TOTAL + 1))
    seqs_by_request: defaultdict[uuid.UUID | None, list[int]] = defaultdict(list)
    for event in events:
        seqs_by_request[event.case_id].append(event.seq)
    assert len(seqs_by_request) == THREADS * TRANSACTIONS
    for seqs in seqs_by_request.values():  # one transaction's events stay together
        assert seqs == list(range(seqs[0], seqs[0] + EVENTS_PER_TRANSACTION))

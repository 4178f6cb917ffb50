"""Retries create nothing twice (issue #7): 1,000 journal POSTs from the police's integration
client, each with its own Idempotency-Key and each sent twice, on real PostgreSQL commits.

The client loses the response to a seeded random half of its first sends and retries them:
most at once, after the loss, and a fifth of them while the original is still in flight (the
client gave up waiting), so retry and original race. The other half is sent a second time
later, as an at-least-once sender does. Whatever the order, each key must store one entry, and
both sends must get the same answer.
"""

from __future__ import annotations

import json
import queue
import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg.errors import UniqueViolation
from sqlalchemy import Engine, event, func, select
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from api.models import IdempotencyKey, JournalEntry
from tests.reliability.conftest import bearer
from tests.world import World

pytestmark = pytest.mark.postgresql_only

KEYS = 1000
THREADS = 6
SEED = 7_2026  # the same drops and overlaps on every run
RACING = KEYS // 10  # dropped keys whose retry races the original
WAIT_SECONDS = 60  # bounds the barrier of a racing pair
OCCURRED_AT = (datetime.now(UTC) - timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Send:
    key: int
    retry: bool
    together: threading.Barrier | None = None  # the racing pair's rendezvous


@dataclass(frozen=True)
class Answer:
    key: int
    retry: bool
    status: int
    body: bytes
    replayed: bool


def _plan(rng: random.Random) -> tuple[list[tuple[Send, ...]], set[int]]:
    """The work queue's tasks (each run in order on one thread) and the keys whose first
    response the client drops."""
    keys = list(range(KEYS))
    rng.shuffle(keys)
    dropped = set(rng.sample(keys, KEYS // 2))
    racing = set(rng.sample(sorted(dropped), RACING))
    tasks: list[tuple[Send, ...]] = []
    later: list[tuple[Send, ...]] = []
    for key in keys:
        if key in racing:
            # Two tasks next to each other in the FIFO queue: whichever thread is free next
            # takes the partner, so a thread at the barrier never waits for an untaken task.
            pair = threading.Barrier(2, timeout=WAIT_SECONDS)
            tasks += [(Send(key, False, pair),), (Send(key, True, pair),)]
        elif key in dropped:
            tasks.append((Send(key, False), Send(key, True)))
        else:
            tasks.append((Send(key, False),))
            later.append((Send(key, True),))
    rng.shuffle(later)
    return tasks + later, dropped


def _run(
    app: FastAPI, url: str, headers: dict[str, str], tasks: list[tuple[Send, ...]]
) -> list[Answer]:
    work: queue.Queue[tuple[Send, ...]] = queue.Queue()
    for task in tasks:
        work.put(task)
    answers: list[Answer] = []  # list.append is atomic

    def worker() -> None:
        with TestClient(app) as client:  # one client per thread: one event loop, reused
            while True:
                try:
                    task = work.get_nowait()
                except queue.Empty:
                    return
                for send in task:
                    if send.together is not None:
                        send.together.wait()
                    answers.append(_send(client, url, headers, send))

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    return answers


def _send(client: TestClient, url: str, headers: dict[str, str], send: Send) -> Answer:
    body = {
        "kind": "police_report",
        "category_code": "police",
        "occurred_at": OCCURRED_AT,
        "body": f"Händelse {send.key} enligt polisens system (syntetisk testtext).",
    }
    response = client.post(url, json=body, headers={**headers, "Idempotency-Key": f"k-{send.key}"})
    replayed = response.headers.get("idempotent-replayed") == "true"
    return Answer(send.key, send.retry, response.status_code, response.content, replayed)


def _entry_id(answer: Answer) -> uuid.UUID:
    return uuid.UUID(json.loads(answer.body)["id"])


@pytest.fixture
def key_collisions(real_engine: Engine) -> Iterator[list[int]]:
    """Counts the key INSERTs refused by the unique index: a retry that arrived while its
    original held the key uncommitted (the race the concurrent pairs aim at)."""
    counted: list[int] = []

    def on_error(context: ExceptionContext) -> None:
        statement = context.statement or ""
        if "idempotency_keys" in statement and isinstance(
            context.original_exception, UniqueViolation
        ):
            counted.append(1)

    event.listen(real_engine, "handle_error", on_error)
    yield counted
    event.remove(real_engine, "handle_error", on_error)


def test_a_thousand_retried_posts_store_a_thousand_entries(
    stored_world: World,
    real_app: FastAPI,
    sessions: sessionmaker[Session],
    key_collisions: list[int],
) -> None:
    case = stored_world.cases["consented"]
    assert stored_world.police_client is not None
    url = f"/api/v1/cases/{case.id}/journal"
    tasks, dropped = _plan(random.Random(SEED))  # noqa: S311 - a test schedule, not a secret

    started = time.perf_counter()
    answers = _run(real_app, url, bearer(stored_world.police_client), tasks)
    elapsed = time.perf_counter() - started

    assert len(answers) == 2 * KEYS
    assert {a.status for a in answers} == {201}  # no 5xx, and no 409 "still in progress"
    by_key: dict[int, dict[bool, Answer]] = {}
    for answer in answers:
        by_key.setdefault(answer.key, {})[answer.retry] = answer
    assert len(by_key) == KEYS
    for key, pair in by_key.items():
        original, retry = pair[False], pair[True]
        assert retry.body == original.body, key  # the same entry, byte for byte
        assert [original.replayed, retry.replayed].count(False) == 1, key  # one of them made it
    # What the client knows: the retry's answer where it dropped the first one.
    known = {_entry_id(pair[key in dropped]) for key, pair in by_key.items()}
    with sessions() as session:
        stored = set(
            session.scalars(
                select(JournalEntry.id).where(
                    JournalEntry.case_id == case.id, JournalEntry.kind == "police_report"
                )
            )
        )
        keys = session.scalar(select(func.count()).select_from(IdempotencyKey)) or 0
    assert len(stored) == KEYS
    assert stored == known  # no entry the client never heard of
    assert keys == KEYS
    print(
        f"\n{2 * KEYS} POSTs on {THREADS} threads in {elapsed:.1f} s; "
        f"{len(key_collisions)} retries met their original's uncommitted key"
    )

"""``samverka worker`` as a real process on a real database: killed with SIGKILL in the
middle of a delivery, and started again, it loses no event (issue #6 acceptance)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.config import get_settings
from api.events import outbox
from api.models import WebhookDelivery
from api.models.enums import DeliveryStatus, EventType, OrganizationKind
from api.webhooks import service
from api.webhooks.schemas import WebhookCreate
from tests.conftest import DatabaseFactory, engine_for, migrate
from tests.webhooks.conftest import Receiver, organization_principal
from tests.world import build_world

EVENTS = 5
SAMVERKA = Path(sys.executable).with_name("samverka")


@pytest.fixture
def real_database(databases: DatabaseFactory) -> Iterator[tuple[str, Engine]]:
    url = databases.new_url("worker")
    migrate(url)
    engine = engine_for(url)
    yield url, engine
    engine.dispose()


def _worker(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "SAMVERKA_DATABASE_URL": url,
        "SAMVERKA_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "SAMVERKA_WEBHOOK_TIMEOUT_SECONDS": "1",
        "SAMVERKA_WEBHOOK_BACKOFF_BASE_SECONDS": "0",
        "SAMVERKA_WORKER_POLL_SECONDS": "0.1",
    }
    with log.open("ab") as out:
        return subprocess.Popen([str(SAMVERKA), "worker"], env=env, stdout=out, stderr=out)  # noqa: S603


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_killed_worker_loses_no_event(
    real_database: tuple[str, Engine], receiver: Receiver, tmp_path: Path
) -> None:
    url, engine = real_database
    settings = get_settings().model_copy(update={"webhook_allow_private_targets": True})
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session)
        body = WebhookCreate(url=receiver.url, event_types=list(EventType))
        principal = organization_principal(world, OrganizationKind.police)
        service.create(session, principal, body, settings)
        case = world.cases["consented"]
        emitted = [
            str(
                outbox.emit(
                    session,
                    EventType.meeting_scheduled,
                    case_id=case.id,
                    subject_type="case",
                    subject_id=case.id,
                ).id
            )
            for _ in range(EVENTS)
        ]
        session.commit()  # the changes are stored; no worker has seen them yet

    receiver.delay_seconds = 0.8  # the first worker is inside an HTTP call when it dies
    first = _worker(url, tmp_path / "worker.log")
    try:
        assert _wait_for(lambda: receiver.received, 30), (tmp_path / "worker.log").read_text()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    receiver.delay_seconds = 0

    second = _worker(url, tmp_path / "worker.log")
    try:
        got = lambda: {r.headers["webhook-id"] for r in receiver.received} == set(emitted)  # noqa: E731
        assert _wait_for(got, 60), (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0  # a stop request finishes the round and exits cleanly

    ids = [r.headers["webhook-id"] for r in receiver.received]
    first_seen = list(dict.fromkeys(ids))
    assert first_seen == emitted  # in order, every one
    with Session(engine) as session:
        statuses = session.scalars(select(WebhookDelivery.status)).all()
    assert statuses == [DeliveryStatus.delivered] * EVENTS

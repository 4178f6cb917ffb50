"""Housekeeping (api/retention.py): expired idempotency keys go, with the copy of a response
they hold; finished deliveries and their events go after the retention period; what may still
be sent, replayed or shown stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api import clock
from api.config import Settings
from api.models import IdempotencyKey, OutboxEvent, WebhookAttempt, WebhookDelivery
from api.models.enums import DeliveryStatus, EventType
from api.retention import purge
from api.webhooks.targets import WebhookClient
from api.worker import Worker
from tests.webhooks.conftest import Receiver, Subscribe, Work, emit_case_event
from tests.world import World


def test_finished_deliveries_and_their_events_go_after_the_retention_period(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    settings: Settings,
) -> None:
    subscribe()
    emit_case_event(session, world.cases["consented"], EventType.meeting_scheduled)
    run_worker()
    dead = emit_case_event(session, world.cases["consented"], EventType.plan_published)
    receiver.plan = [500] * settings.webhook_max_attempts
    for _ in range(settings.webhook_max_attempts):
        run_worker()
    assert sorted(session.scalars(select(WebhookDelivery.status))) == sorted(
        [DeliveryStatus.delivered, DeliveryStatus.dead]
    )
    days = settings.delivery_retention_days

    within = purge(session, clock.now() + timedelta(days=days - 1), settings)
    assert within["webhook_deliveries"] == within["outbox_events"] == 0

    after = purge(session, clock.now() + timedelta(days=days + 1), settings)
    session.commit()
    assert (after["webhook_deliveries"], after["outbox_events"]) == (1, 1)
    session.expire_all()
    # The dead letter can still be replayed, so it and its event stay.
    assert list(session.scalars(select(WebhookDelivery.event_id))) == [dead.id]
    assert list(session.scalars(select(OutboxEvent.id))) == [dead.id]
    # The delivered one's attempt went with it; the dead letter's attempts stay.
    assert session.scalar(select(func.count()).select_from(WebhookAttempt)) == (
        settings.webhook_max_attempts
    )


def test_an_undispatched_event_stays(world: World, session: Session, settings: Settings) -> None:
    waiting = emit_case_event(session, world.cases["consented"], EventType.meeting_scheduled)
    purge(session, clock.now() + timedelta(days=settings.delivery_retention_days + 1), settings)
    session.commit()
    assert session.get(OutboxEvent, waiting.seq) is not None


def test_expired_idempotency_keys_go_with_their_stored_response(
    world: World,
    session: Session,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    for key, lifetime in (("old", timedelta(hours=-1)), ("live", timedelta(hours=1))):
        session.add(
            IdempotencyKey(
                principal_key="user:test",
                key=key,
                method="POST",
                path="/api/v1/cases",
                request_hash="0" * 64,
                status_code=201,
                response_body='{"young_person": "…"}',
                expires_at=clock.now() + lifetime,
            )
        )
    session.commit()
    done = Worker(sessions, settings, http).run_once(with_checks=True)
    assert done.purged == 1
    session.expire_all()
    assert list(session.scalars(select(IdempotencyKey.key))) == ["live"]

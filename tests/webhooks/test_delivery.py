"""The worker delivers outbox events to a real HTTP receiver: signed, retried, in order, only
to organisations that may access the case, and nothing is lost when it dies half-way."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from api import clock
from api.config import Settings, get_settings
from api.models import Person, WebhookDelivery
from api.models.enums import DeliveryStatus, EventType
from api.webhooks import delivery, targets
from api.webhooks.dispatch import dispatch_pending
from api.webhooks.targets import WebhookClient
from tests.webhooks.conftest import Receiver, Subscribe, Work, emit_case_event
from tests.world import World


def _statuses(session: Session) -> list[DeliveryStatus]:
    session.expire_all()
    return list(session.scalars(select(WebhookDelivery.status).order_by(WebhookDelivery.seq)))


def test_an_event_arrives_signed_and_verifies_with_the_standard_library(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    created = subscribe()
    event = emit_case_event(session, world.cases["consented"])
    assert run_worker() == 1
    [got] = receiver.received
    verified = Webhook(created.secret).verify(got.body, got.headers)
    assert verified["type"] == "meeting.scheduled"
    assert verified["data"]["case_id"] == str(world.cases["consented"].id)
    assert got.headers["webhook-id"] == str(event.id)
    with pytest.raises(WebhookVerificationError):
        Webhook(created.secret).verify(got.body.replace("meeting", "meetinG"), got.headers)


def test_the_body_names_ids_only(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    subscribe()
    case = world.cases["consented"]
    emit_case_event(session, case)
    run_worker()
    young = session.get_one(Person, case.young_person_id)
    assert young.given_name not in receiver.received[0].body
    assert case.reference not in receiver.received[0].body


def test_a_receiver_that_fails_three_times_gets_the_event_once(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    client_as: Callable[..., TestClient],
) -> None:
    created = subscribe()
    receiver.plan = [500, 503, 502]
    emit_case_event(session, world.cases["consented"])
    delivered = [run_worker() for _ in range(4)]
    assert delivered == [0, 0, 0, 1]
    assert len(receiver.received) == 4  # three failures, one success
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # one event, retried
    assert _statuses(session) == [DeliveryStatus.delivered]
    page = client_as(world.police_client).get(f"/api/v1/webhooks/{created.id}/deliveries")
    [shown] = page.json()["items"]
    assert shown["status"] == "delivered"
    assert [a["status_code"] for a in shown["attempt_log"]] == [500, 503, 502, 200]


def test_an_organisation_without_consent_receives_nothing(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    subscribe()
    for situation in ("no_consent", "other_org", "withdrawn", "expired", "former_member"):
        emit_case_event(session, world.cases[situation])
    run_worker()
    assert receiver.received == []
    assert _statuses(session) == []


def test_a_withdrawal_is_told_to_the_organisation_it_cut_off_then_nothing_more(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    client_as: Callable[..., TestClient],
) -> None:
    subscribe()
    case = world.cases["consented"]
    officer = client_as(world.users["case_officer"])
    withdrawn = officer.post(
        f"/api/v1/cases/{case.id}/consents/{world.consents['consented'].id}/withdraw",
        json={"withdrawn_by_person_id": str(case.young_person_id)},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    emit_case_event(session, case)  # a change after the withdrawal
    run_worker()
    assert receiver.types() == ["consent.withdrawn"]
    assert receiver.received[0].json["data"]["access_lost"] is True


def test_deliveries_keep_their_order_when_the_first_fails(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    subscribe()
    case = world.cases["consented"]
    sent = [
        emit_case_event(session, case, t)
        for t in (
            EventType.consent_registered,
            EventType.meeting_scheduled,
            EventType.plan_published,
        )
    ]
    receiver.plan = [500, 500]
    for _ in range(4):
        run_worker()
    ok = [r.headers["webhook-id"] for r in receiver.received][2:]
    assert ok == [str(e.id) for e in sent]
    assert [r.headers["webhook-id"] for r in receiver.received][:2] == [str(sent[0].id)] * 2


def test_a_dead_letter_lets_the_next_through_and_can_be_replayed(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    settings: Settings,
    client_as: Callable[..., TestClient],
) -> None:
    created = subscribe()
    case = world.cases["consented"]
    first, second = (
        emit_case_event(session, case),
        emit_case_event(session, case, EventType.plan_published),
    )
    receiver.plan = [500] * settings.webhook_max_attempts
    for _ in range(settings.webhook_max_attempts + 1):
        run_worker()
    assert _statuses(session) == [DeliveryStatus.dead, DeliveryStatus.delivered]
    assert receiver.received[-1].headers["webhook-id"] == str(second.id)

    police = client_as(world.police_client)
    dead = police.get(f"/api/v1/webhooks/{created.id}/deliveries", params={"status": "dead"})
    [item] = dead.json()["items"]
    assert item["event_id"] == str(first.id)
    assert len(item["attempt_log"]) == settings.webhook_max_attempts
    replayed = police.post(f"/api/v1/webhooks/{created.id}/deliveries/{item['id']}/replay")
    assert replayed.status_code == 200, replayed.text
    assert replayed.json()["status"] == "pending"
    assert (
        police.post(f"/api/v1/webhooks/{created.id}/deliveries/{item['id']}/replay").status_code
        == 409
    )
    run_worker()
    assert receiver.received[-1].headers["webhook-id"] == str(first.id)
    assert _statuses(session) == [DeliveryStatus.delivered, DeliveryStatus.delivered]


def test_access_is_checked_again_before_sending(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    subscribe()
    case = world.cases["consented"]
    emit_case_event(session, case)
    dispatch_pending(sessions)
    world.consents["consented"].withdrawn_at = clock.now()  # withdrawn before the worker sends
    session.commit()
    assert delivery.deliver_due(sessions, settings, http) == 0
    assert receiver.received == []
    assert _statuses(session) == [DeliveryStatus.suppressed]


def test_redirects_are_not_followed(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    subscribe()
    receiver.redirect_to = "/elsewhere"
    emit_case_event(session, world.cases["consented"])
    run_worker()
    assert [r.path for r in receiver.received] == ["/hook"]
    session.expire_all()
    row = session.scalars(select(WebhookDelivery)).one()
    assert (row.status, row.last_status_code) == (DeliveryStatus.pending, 302)


def test_a_slow_receiver_times_out_and_is_retried(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    subscribe()
    receiver.delay_seconds = 0.5
    emit_case_event(session, world.cases["consented"])
    quick = settings.model_copy(update={"webhook_timeout_seconds": 0.1})
    dispatch_pending(sessions)
    assert delivery.deliver_due(sessions, quick, http) == 0
    session.expire_all()
    row = session.scalars(select(WebhookDelivery)).one()
    assert (row.status, row.last_error, row.attempts) == (DeliveryStatus.pending, "ReadTimeout", 1)


def test_a_private_address_is_refused_when_sending(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    subscribe(url=receiver.url.replace("127.0.0.1", "localhost"))
    emit_case_event(session, world.cases["consented"])
    dispatch_pending(sessions)
    strict = settings.model_copy(update={"webhook_allow_private_targets": False})
    with WebhookClient(strict) as strict_http:
        delivery.deliver_due(sessions, strict, strict_http)
    assert receiver.received == []
    session.expire_all()
    assert session.scalars(select(WebhookDelivery.last_error)).one() == "target address not allowed"


def test_the_connection_goes_to_the_address_that_was_checked(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: a name that answers the check with one address and the connection with
    another. The name is resolved once, and the socket opens to the address that was checked;
    here any second answer is a failure, so a second resolution would lose the delivery."""
    port = urlsplit(receiver.url).port
    resolve, asked = socket.getaddrinfo, []

    def rebinding_dns(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "hooks.polisen.example":
            return resolve(host, *args, **kwargs)
        asked.append(host)
        if len(asked) > 1:
            raise socket.gaierror(socket.EAI_NONAME, "rebound")
        return resolve("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    subscribe(url=f"http://hooks.polisen.example:{port}/hook")
    emit_case_event(session, world.cases["consented"])
    assert run_worker() == 1
    assert asked == ["hooks.polisen.example"]
    assert receiver.received[0].headers["host"] == f"hooks.polisen.example:{port}"


def test_a_name_with_one_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every address of the name is checked, not only the one connected to."""
    answers = [("93.184.215.14", 443), ("10.0.0.7", 443)]  # a public and a private address
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *_a, **_k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in answers],
    )
    strict = get_settings().model_copy(update={"webhook_allow_private_targets": False})
    with pytest.raises(targets.TargetRefused, match="not a public internet address"):
        targets.vetted_address("hooks.polisen.example", 443, strict)
    answers.pop()
    assert targets.vetted_address("hooks.polisen.example", 443, strict) == "93.184.215.14"


def test_a_worker_that_dies_after_sending_loses_nothing(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
    run_worker: Work,
) -> None:
    """Crash between the HTTP call and storing its result: the lease runs out, the next
    worker sends it again (at least once; the receiver drops the repeat by webhook-id)."""
    subscribe()
    event = emit_case_event(session, world.cases["consented"])
    dispatch_pending(sessions)
    [leased] = delivery.claim(sessions, settings, clock.now(), 10)
    outgoing = delivery._next_outgoing(sessions, settings, leased)
    assert outgoing is not None
    delivery.send(http, outgoing, settings)  # ...and the worker dies here
    assert run_worker() == 0  # the lease still holds: nobody else sends meanwhile
    with time_machine.travel(clock.now() + timedelta(minutes=2)):
        assert run_worker() == 1
    assert [r.headers["webhook-id"] for r in receiver.received] == [str(event.id)] * 2
    assert _statuses(session) == [DeliveryStatus.delivered]


def test_a_paused_subscription_keeps_its_events_until_resumed(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    run_worker: Work,
    client_as: Callable[..., TestClient],
) -> None:
    created = subscribe()
    police = client_as(world.police_client)
    paused = police.patch(
        f"/api/v1/webhooks/{created.id}", json={"is_active": False}, headers={"If-Match": '"v1"'}
    )
    assert paused.status_code == 200, paused.text
    emit_case_event(session, world.cases["consented"])
    run_worker()
    assert receiver.received == []
    resumed = police.patch(
        f"/api/v1/webhooks/{created.id}",
        json={"is_active": True},
        headers={"If-Match": paused.headers["etag"]},
    )
    assert resumed.status_code == 200, resumed.text
    run_worker()
    assert len(receiver.received) == 1


def test_only_the_subscribed_event_types_are_sent(
    world: World, session: Session, subscribe: Subscribe, receiver: Receiver, run_worker: Work
) -> None:
    subscribe(types=[EventType.plan_published])
    case = world.cases["consented"]
    emit_case_event(session, case)
    emit_case_event(session, case, EventType.plan_published)
    run_worker()
    assert receiver.types() == ["plan.published"]


def test_backoff_grows_and_is_capped(settings: Settings) -> None:
    slow = settings.model_copy(
        update={"webhook_backoff_base_seconds": 10.0, "webhook_backoff_max_seconds": 60.0}
    )
    waits = [delivery.backoff(n, slow).total_seconds() for n in (1, 2, 3, 10)]
    assert 5 <= waits[0] <= 10
    assert 10 <= waits[1] <= 20
    assert 20 <= waits[2] <= 40
    assert 30 <= waits[3] <= 60

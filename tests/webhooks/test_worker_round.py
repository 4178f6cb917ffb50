"""One round of ``samverka worker``: what the scheduled checks find reaches the webhooks in the
same round, and an idle round reports nothing to do."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from api import clock
from api.config import Settings
from api.webhooks.targets import WebhookClient
from api.worker import Round, Worker
from tests import factories as f
from tests.webhooks.conftest import Receiver, Subscribe
from tests.world import World


def test_an_overdue_item_found_by_the_checks_is_delivered_in_the_same_round(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    case = world.cases["consented"]
    plan = f.make_plan(session, case)
    item = f.make_plan_item(
        session,
        plan,
        world.police_members["consented"],
        category="police",
        due_on=clock.today() - timedelta(days=2),
    )
    subscribe()
    worker = Worker(sessions, settings, http)
    done = worker.run_once(with_checks=True)
    assert (done.raised, done.delivered) == (1, 1)
    [got] = receiver.received
    assert got.json["type"] == "task.overdue"
    assert got.json["data"]["subject_id"] == str(item.id)
    assert worker.run_once(with_checks=True) == Round()  # raised once; nothing left to do
    assert not Round().busy


def test_an_overdue_item_is_not_told_to_an_organisation_whose_consent_misses_its_category(
    world: World,
    session: Session,
    subscribe: Subscribe,
    receiver: Receiver,
    sessions: sessionmaker[Session],
    settings: Settings,
    http: WebhookClient,
) -> None:
    """The police's consent covers police and school: a health item's very existence is not
    theirs to learn, not even as an id."""
    case = world.cases["consented"]
    plan = f.make_plan(session, case)
    f.make_plan_item(
        session,
        plan,
        world.police_members["consented"],
        category="health",
        due_on=clock.today() - timedelta(days=2),
    )
    subscribe()
    done = Worker(sessions, settings, http).run_once(with_checks=True)
    assert (done.raised, done.delivered) == (1, 0)
    assert receiver.received == []

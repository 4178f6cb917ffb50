"""``samverka worker``: delivers the outbox and runs the scheduled checks.

One loop, each round in short transactions of its own:
1. dispatch new outbox events to webhook deliveries (and notification e-mail);
2. every ``worker_check_interval_seconds``, the scheduled checks (consent expiring, meeting
   overdue, plan items overdue), which write their own events, and the housekeeping
   (api/retention.py: expired idempotency keys, old finished deliveries);
3. send due webhook deliveries, in order per subscription;
4. send due e-mail.
It sleeps ``worker_poll_seconds`` only when a round found nothing to do. Everything it needs
is in the database, so a worker killed at any point loses nothing: the next one (or the same
after a restart) carries on. Several workers may run side by side.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api import clock
from api.checks.service import run_checks
from api.config import Settings
from api.models import OutboxEvent
from api.notifications.service import queue_mail, send_due
from api.retention import purge
from api.webhooks.delivery import deliver_due
from api.webhooks.dispatch import dispatch_pending
from api.webhooks.targets import WebhookClient

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Round:
    dispatched: int = 0
    raised: int = 0
    delivered: int = 0
    mailed: int = 0
    purged: int = 0

    @property
    def busy(self) -> bool:
        return any((self.dispatched, self.raised, self.delivered, self.mailed, self.purged))


class Worker:
    def __init__(
        self, sessions: sessionmaker[Session], settings: Settings, client: WebhookClient
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.client = client
        self._next_checks = 0.0

    def _queue_mail(self, session: Session, event: OutboxEvent) -> int:
        return queue_mail(session, event, self.settings)

    def _in_transaction(self, stage: Callable[[Session], dict[str, int]]) -> int:
        """Run one stage in a transaction of its own; how many things it did in all."""
        with self.sessions() as session, session.begin():
            return sum(stage(session).values())

    def checks(self) -> int:
        return self._in_transaction(
            lambda session: run_checks(session, now=clock.now(), today=clock.today())
        )

    def housekeeping(self) -> int:
        return self._in_transaction(lambda session: purge(session, clock.now(), self.settings))

    def run_once(self, *, with_checks: bool = False) -> Round:
        dispatched = dispatch_pending(self.sessions, consumers=(self._queue_mail,))
        raised = self.checks() if with_checks else 0
        if raised:
            dispatched += dispatch_pending(self.sessions, consumers=(self._queue_mail,))
        delivered = deliver_due(self.sessions, self.settings, self.client)
        mailed = send_due(self.sessions, self.settings) if self.settings.smtp_host else 0
        purged = self.housekeeping() if with_checks else 0
        return Round(dispatched, raised, delivered, mailed, purged)

    def run(self, stop: threading.Event) -> None:
        """Rounds until ``stop`` is set; a failed round is logged and retried after a pause."""
        while not stop.is_set():
            due = time.monotonic() >= self._next_checks
            if due:
                self._next_checks = time.monotonic() + self.settings.worker_check_interval_seconds
            try:
                done = self.run_once(with_checks=due)
            except Exception:  # a database restart, say: keep going, the work is all stored
                log.exception("worker.round_failed")
                done = Round()
            if done.busy:
                log.info("worker.round", **{k: getattr(done, k) for k in Round.__slots__})
            else:
                stop.wait(self.settings.worker_poll_seconds)


def run_worker(sessions: sessionmaker[Session], settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; the round in progress is finished first."""
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with WebhookClient(settings) as client:
        Worker(sessions, settings, client).run(stop)

"""A real HTTP receiver on 127.0.0.1, the worker's stages on the test's connection, and a
police system subscribed to every event type."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from api.auth.principal import Principal, PrincipalKind, Scope
from api.config import Settings, get_settings
from api.events import outbox
from api.models import Case, OutboxEvent
from api.models.enums import EventType, OrganizationKind, Role
from api.webhooks import service
from api.webhooks.delivery import deliver_due
from api.webhooks.dispatch import dispatch_pending
from api.webhooks.schemas import WebhookCreate, WebhookWithSecret
from api.webhooks.targets import WebhookClient
from tests.world import World


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers with the next planned status (then 200), optionally after a pause."""

    url: str
    received: list[Received] = field(default_factory=list)
    plan: list[int] = field(default_factory=list)
    delay_seconds: float = 0.0
    redirect_to: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Received) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.received.append(request)
            status = self.plan.pop(0) if self.plan else 200
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.redirect_to and request.path != self.redirect_to:
            return 302, {"Location": self.redirect_to}
        return status, {}

    def types(self) -> list[str]:
        return [r.json["type"] for r in self.received]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length).decode()
            request = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            status, headers = receiver.answer(request)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:  # keep the test output clean
            return

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver(url="")))
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook")
    server.RequestHandlerClass = _handler(receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings() -> Settings:
    """A receiver on loopback is allowed; retries come at once; a short timeout."""
    return get_settings().model_copy(
        update={
            "webhook_allow_private_targets": True,
            "webhook_backoff_base_seconds": 0.0,
            "webhook_timeout_seconds": 2.0,
            "webhook_max_attempts": 5,
        }
    )


@pytest.fixture
def sessions(connection: Connection, session: Session) -> sessionmaker[Session]:
    """The worker's sessions on the test's connection: their commits are savepoints."""
    session.commit()
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint")


@pytest.fixture
def http(settings: Settings) -> Iterator[WebhookClient]:
    """The worker's own client: it connects to vetted addresses only."""
    with WebhookClient(settings) as client:
        yield client


def organization_principal(world: World, kind: OrganizationKind) -> Principal:
    org = world.police if kind is OrganizationKind.police else world.school
    return Principal(
        kind=PrincipalKind.client,
        subject_id=world.police_client.id if world.police_client else org.id,
        organization_id=org.id,
        organization_kind=kind,
        roles=frozenset({Role.integration}),
        scopes=frozenset({Scope.webhooks_manage}),
    )


def emit_case_event(
    session: Session, case: Case, event_type: EventType = EventType.meeting_scheduled
) -> OutboxEvent:
    """An outbox event about ``case``, committed, as a workflow change would write it."""
    event = outbox.emit(
        session, event_type, case_id=case.id, subject_type="case", subject_id=case.id
    )
    session.commit()
    return event


Subscribe = Callable[..., WebhookWithSecret]


@pytest.fixture
def subscribe(world: World, session: Session, receiver: Receiver, settings: Settings) -> Subscribe:
    """Subscribe an organisation's system (the police by default) to the receiver."""

    def make(
        kind: OrganizationKind = OrganizationKind.police,
        types: list[EventType] | None = None,
        url: str | None = None,
    ) -> WebhookWithSecret:
        body = WebhookCreate(url=url or receiver.url, event_types=types or list(EventType))
        created = service.create(session, organization_principal(world, kind), body, settings)
        session.commit()
        return created

    return make


Work = Callable[[], int]


@pytest.fixture
def run_worker(sessions: sessionmaker[Session], settings: Settings, http: WebhookClient) -> Work:
    """One round of the worker's webhook stages; returns how many deliveries succeeded."""

    def run() -> int:
        dispatch_pending(sessions)
        return deliver_due(sessions, settings, http)

    return run

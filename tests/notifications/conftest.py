"""A real SMTP server on 127.0.0.1 (aiosmtpd) per test, and the worker's sessionmaker."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword
from aiosmtpd.smtp import Session as SmtpSession
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from api.config import Settings
from api.logging import configure_logging
from api.models import Person, User
from api.models.enums import GroupRole, IdentityKind, OrganizationKind, Role
from tests import factories as f
from tests.notifications.support import (
    ADDRESS_DOMAIN,
    LOCATION,
    MEETING_START,
    MINUTES,
    PERSONNUMMER,
    SMTP_LOGIN,
    SMTP_PASSWORD,
    Group,
    Sink,
    SinkHandler,
    free_port,
    settings_for,
)
from tests.world import World


@contextmanager
def running_sink(**smtp_options: Any) -> Iterator[Sink]:
    """The sink's own log names senders and recipients; it is test machinery, not the
    application, so it is kept out of the application log the tests inspect."""
    configure_logging()  # the application's JSON logs, as in the worker
    sink_log = logging.getLogger("mail.log")
    level = sink_log.level
    sink_log.setLevel(logging.WARNING)
    controller = Controller(SinkHandler(), hostname="127.0.0.1", port=free_port(), **smtp_options)
    controller.start()
    try:
        yield Sink(controller.handler, controller.port)
    finally:
        controller.stop()
        sink_log.setLevel(level)


@pytest.fixture
def smtp_sink() -> Iterator[Sink]:
    with running_sink() as sink:
        yield sink


def _check_login(
    server: SMTP, session: SmtpSession, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    expected = LoginPassword(SMTP_LOGIN.encode(), SMTP_PASSWORD.encode())
    return AuthResult(success=auth_data == expected, handled=False)  # aiosmtpd answers 235/535


@pytest.fixture
def auth_sink() -> Iterator[Sink]:
    """A sink that offers a login (over plain SMTP here: the sink has no certificate)."""
    with running_sink(auth_require_tls=False, authenticator=_check_login) as sink:
        yield sink


@pytest.fixture
def mail_settings(smtp_sink: Sink) -> Settings:
    return settings_for(smtp_sink.port)


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    """The worker's sessionmaker on the test's connection: its commits become savepoints of
    the test's rolled-back transaction, and the test's own rows are visible to it."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def group(session: Session, world: World) -> Group:
    case = world.cases["consented"]
    young = session.get_one(Person, case.young_person_id)
    young.identity_kind, young.personal_number = IdentityKind.personnummer, PERSONNUMMER
    bup = f.make_org(session, OrganizationKind.child_psychiatry)
    unconsented = f.make_user(session, bup, Role.professional)
    f.add_member(session, case, unconsented, role=GroupRole.health)
    former = f.make_user(session, world.police, Role.professional)
    f.add_member(session, case, former, left=True)
    g = Group(
        case=case,
        meeting=f.make_meeting(
            session, case, starts_at=MEETING_START, location=LOCATION, minutes=MINUTES
        ),
        police=world.users["professional"],
        case_officer=world.users["case_officer"],
        coordinator=world.users["coordinator"],
        unconsented=unconsented,
        former=former,
        school=world.users["school_professional"],
    )
    for name in ("police", "case_officer", "coordinator", "unconsented", "former"):
        user: User = getattr(g, name)
        user.email = f"{name}@{ADDRESS_DOMAIN}"
    session.flush()
    return g

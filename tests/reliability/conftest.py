"""The real app on a migrated database of its own with REAL commits (not the rolled-back test
transaction), as in tests/conventions: what concurrent requests do to each other shows only
when each one commits on its own connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api import db
from api.access.scopes import scopes_for_client, scopes_for_roles
from api.audit.recorder import install_audit_hooks
from api.auth.principal import PrincipalKind
from api.auth.tokens import issue_access_token
from api.config import get_settings
from api.main import create_app
from api.models import IntegrationClient, User
from tests.conftest import DatabaseFactory, engine_for, migrate
from tests.reliability.pgbouncer import Pooler, running_pgbouncer
from tests.world import World, build_world


@pytest.fixture(scope="session")
def pgbouncer(
    databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pooler]:
    assert databases.server_url, "PgBouncer stands in front of PostgreSQL only"
    with running_pgbouncer(databases.server_url, tmp_path_factory.mktemp("pgbouncer")) as pooler:
        yield pooler


@pytest.fixture
def database_route() -> str:
    """How the app reaches PostgreSQL: ``direct``, unless a test parametrizes this name with
    ``pgbouncer`` (a pooler in transaction mode, the app's startup options off)."""
    return "direct"


@pytest.fixture
def real_engine(
    databases: DatabaseFactory, database_route: str, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    # The production engine settings (pool of SAMVERKA_DB_POOL_SIZE, no overflow).
    url = databases.new_url("reliability")
    migrate(url)
    if database_route == "pgbouncer":
        engine = engine_for(request.getfixturevalue("pgbouncer").url(url), db_startup_options=False)
    else:
        engine = engine_for(url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(real_engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=real_engine, expire_on_commit=False)


@pytest.fixture
def stored_world(sessions: sessionmaker[Session]) -> World:
    with sessions() as session, session.begin():
        return build_world(session)


@pytest.fixture
def real_app(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The app as it is served, its own session dependency on this test's database.

    Not through ``dependency_overrides``: while any override is set, FastAPI rebuilds the
    signature of every dependency on every request, CPU that a burst of 2,000 requests feels,
    and the production dependency is then the one under test. ``get_session`` looks
    ``get_sessionmaker`` up when called, so patching that suffices.
    """
    install_audit_hooks()  # what get_sessionmaker() does for the app's own sessionmaker
    monkeypatch.setattr(db, "get_sessionmaker", lambda: sessions)
    return create_app()


def bearer(who: User | IntegrationClient) -> dict[str, str]:
    """An Authorization header with a fresh access token for a user or an integration client."""
    if isinstance(who, User):
        kind, roles = PrincipalKind.user, sorted(r.value for r in who.role_set)
        scopes = scopes_for_roles(who.role_set)
    else:
        kind, roles, scopes = PrincipalKind.client, ["integration"], scopes_for_client(who.scopes)
    issued = issue_access_token(
        subject=who.id,
        kind=kind,
        organization_id=who.organization_id,
        roles=roles,
        scopes=sorted(s.value for s in scopes),
        settings=get_settings(),
    )
    return {"Authorization": f"Bearer {issued.token}"}

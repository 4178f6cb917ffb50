"""Test database per run (SQLite file, or a fresh PostgreSQL database when
``TEST_DATABASE_URL`` is set), built by the migrations; each test in a rolled-back transaction."""

from __future__ import annotations

import io
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ["SAMVERKA_ENV"] = "test"
os.environ.setdefault("SAMVERKA_SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")

import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, NullPool, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api import config, db
from api.logging import json_handler
from api.migrations_state import alembic_config
from api.models import IntegrationClient, User
from tests.world import World, build_world

# Tests see 500s as problem responses; SAMVERKA_TEST_RAISE=1 shows the traceback instead.
RAISE_SERVER_EXCEPTIONS = os.environ.get("SAMVERKA_TEST_RAISE") == "1"


# Every application log line of the run, as the app would write it (tests/test_zz_logs.py).
APPLICATION_LOG = io.StringIO()
logging.getLogger().addHandler(json_handler(APPLICATION_LOG))
logging.getLogger().setLevel(logging.INFO)


def _reset_caches() -> None:
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    db.get_sessionmaker.cache_clear()


SettingsEnv = Callable[..., None]


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[SettingsEnv]:
    """Set ``SAMVERKA_<NAME>`` variables for one test (``settings_env(db_pool_size=7)``): the
    cached settings are dropped now and again at teardown, after the variables are restored."""

    def set_env(**values: object) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"SAMVERKA_{name.upper()}", str(value))
        config.get_settings.cache_clear()

    yield set_env
    monkeypatch.undo()
    config.get_settings.cache_clear()


class DatabaseFactory:
    """Makes empty databases of the backend under test and drops them afterwards."""

    def __init__(self, tmp_dir: Path) -> None:
        self.server_url = os.environ.get("TEST_DATABASE_URL")
        self.tmp_dir = tmp_dir
        self.created: list[str] = []
        self._admin_engine: Engine | None = None

    @property
    def backend(self) -> str:
        return "postgresql" if self.server_url else "sqlite"

    def new_url(self, label: str) -> str:
        if not self.server_url:
            return f"sqlite:///{self.tmp_dir / f'{label}-{uuid.uuid4().hex[:8]}.db'}"
        name = f"samverka_test_{label}_{uuid.uuid4().hex[:10]}"
        with self.admin_connection() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        url = make_url(self.server_url).set(drivername="postgresql+psycopg", database=name)
        return url.render_as_string(hide_password=False)

    def admin_connection(self) -> Connection:
        """An AUTOCOMMIT connection to the server itself, for statements about databases."""
        if self._admin_engine is None:
            url = make_url(self.server_url or "").set(drivername="postgresql+psycopg")
            self._admin_engine = create_engine(
                url, isolation_level="AUTOCOMMIT", poolclass=NullPool
            )
        return self._admin_engine.connect()

    def drop_all(self) -> None:
        if self._admin_engine is None:
            return
        with self.admin_connection() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin_engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.drop_all()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the test database (the PostgreSQL pass of make test:"
        " the others do not depend on the database and ran in the SQLite pass)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``postgresql_only`` tests (PostgreSQL's own features) run in the PostgreSQL pass, and
    with ``--database-tests-only`` only the tests that reach ``databases`` are kept."""
    if config.getoption("database_tests_only"):
        # fixturenames: every fixture the test requests, directly or through other fixtures.
        uses_database = [i for i in items if "databases" in getattr(i, "fixturenames", ())]
        config.hook.pytest_deselected(items=[i for i in items if i not in uses_database])
        items[:] = uses_database
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL feature; runs in the PostgreSQL pass of make test")
    for item in items:
        if "postgresql_only" in item.keywords:
            item.add_marker(skip)


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def engine_for(url: str, **settings: object) -> Engine:
    """The app's own engine (api/db.py) for ``url``: the run's settings, ``settings`` changed."""
    update = {"database_url": url, **settings}
    return db.build_engine(config.get_settings().model_copy(update=update))


@pytest.fixture(scope="session")
def database_url(databases: DatabaseFactory) -> Iterator[str]:
    """The run's migrated database; the app's settings point at it."""
    url = databases.new_url("main")
    migrate(url)
    os.environ["SAMVERKA_DATABASE_URL"] = url
    _reset_caches()
    yield url
    db.get_engine().dispose()
    _reset_caches()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Engine:
    return db.get_engine()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """The test's connection, inside an outer transaction rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """The test's session on that connection; the app's commits only release savepoints."""
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()


# Apps built by the ``app`` fixture, by the settings variables they were built under: building
# one takes about 130 ms, and most tests only need one of the ordinary settings.
_APPS: dict[tuple[tuple[str, str], ...], FastAPI] = {}


def _app_for_current_settings() -> FastAPI:
    from api.main import create_app

    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("SAMVERKA_")))
    if key not in _APPS:
        _APPS[key] = create_app()
    return _APPS[key]


@pytest.fixture
def app(session: Session) -> Iterator[FastAPI]:
    application = _app_for_current_settings()

    def test_session() -> Iterator[Session]:
        # What the test set up existed before the request: store it (in the outer
        # transaction), so a request that rolls back cannot take it away.
        session.commit()
        # Production's commit/rollback logic on the test's connection and session.
        with db.request_transaction(session):
            yield session

    application.dependency_overrides[db.get_session] = test_session
    yield application
    application.dependency_overrides.clear()


@pytest.fixture
def api(app: FastAPI) -> TestClient:
    """An anonymous client of the app under test."""
    return TestClient(app, raise_server_exceptions=RAISE_SERVER_EXCEPTIONS)


@pytest.fixture
def client_as(app: FastAPI) -> Callable[[User | IntegrationClient], TestClient]:
    """A client carrying a fresh access token for a user or an integration client."""
    from api.access.scopes import scopes_for_client, scopes_for_roles
    from api.auth.principal import PrincipalKind
    from api.auth.tokens import issue_access_token

    def make(who: User | IntegrationClient) -> TestClient:
        roles: list[str]
        if isinstance(who, User):
            kind, roles = PrincipalKind.user, sorted(who.role_set)
            scopes = scopes_for_roles(who.role_set)
        else:
            kind, roles, scopes = (
                PrincipalKind.client,
                ["integration"],
                scopes_for_client(who.scopes),
            )
        issued = issue_access_token(
            subject=who.id,
            kind=kind,
            organization_id=who.organization_id,
            roles=roles,
            scopes=sorted(s.value for s in scopes),
            settings=config.get_settings(),
        )
        client = TestClient(app, raise_server_exceptions=RAISE_SERVER_EXCEPTIONS)
        client.headers["Authorization"] = f"Bearer {issued.token}"
        return client

    return make


@pytest.fixture
def world(session: Session) -> World:
    """The synthetic municipality with one case per access situation (tests/world.py)."""
    return build_world(session)

"""Backup tests: source databases with a demo municipality and a non-trivial access log,
and helpers that compare two databases row by row."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, select, text
from sqlalchemy.orm import Session

from api import cli, config, db
from api.clock import today
from api.demo import seed_demo
from tests.conftest import DatabaseFactory, engine_for, migrate

Configure = Callable[..., None]
DEMO_PASSWORD = "backup-demo-password"
# Users whose requests write the access log: a case officer and a police member.
READERS = ("handlaggare", "polis")


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Configure]:
    """Set ``SAMVERKA_*`` for the CLI, clearing the settings cache before and after."""

    def apply(**env: str | None) -> None:
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        config.get_settings.cache_clear()

    yield apply
    config.get_settings.cache_clear()


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql_only)],
)
def backend(request: pytest.FixtureRequest) -> str:
    """SQLite runs in both passes; PostgreSQL in the PostgreSQL pass."""
    return str(request.param)


@pytest.fixture(scope="module")
def new_url(
    backend: str, databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """Empty databases of the backend under test (SQLite files even in the PostgreSQL pass)."""
    folder = tmp_path_factory.mktemp("backup-db")
    counter = iter(range(1000))

    def make(label: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{folder / f'{label}-{next(counter)}.db'}"
        return databases.new_url(label)

    return make


def run_cli(url: str, *argv: str) -> tuple[int, str, str]:
    """``samverka ARGV`` against ``url``: the exit code, stdout and stderr (for fixtures wider
    than one test, where ``capsys`` and ``monkeypatch`` are not available)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMVERKA_DATABASE_URL", url)
        config.get_settings.cache_clear()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = cli.main(list(argv))
        finally:
            config.get_settings.cache_clear()
    return code, out.getvalue(), err.getvalue()


def build_source(url: str) -> int:
    """Migrate, seed the demo municipality and let two users read cases through the app, so
    the access log holds a chain of real events; returns the number of events."""
    migrate(url)
    engine = engine_for(url)
    try:
        with Session(engine) as session, session.begin():
            seed_demo(session, DEMO_PASSWORD, today())
        _read_cases(engine)
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def _root_logging_kept() -> Iterator[None]:
    """``create_app`` points the root logger at the stderr of the moment; the CLI output the
    tests read must not fill with the app's request logs."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers = handlers
        root.setLevel(level)


def _read_cases(engine: Engine) -> None:
    from api.main import create_app

    with _root_logging_kept():
        app = create_app()

    def session_on_source() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session, db.request_transaction(session):
            yield session

    app.dependency_overrides[db.get_session] = session_on_source
    client = TestClient(app)
    for username in READERS:
        login = client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": username, "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        listing = client.get("/api/v1/cases", headers=headers)
        assert listing.status_code == 200, listing.text
        for case in listing.json()["items"]:
            assert client.get(f"/api/v1/cases/{case['id']}", headers=headers).status_code == 200


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Per table: the row count and a SHA-256 over every column of every row, in primary-key
    order, so two databases compare equal only when their data is the same."""
    engine = engine_for(url)
    metadata = MetaData()
    try:
        metadata.reflect(engine)
        digests = {}
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows = connection.execute(select(table).order_by(*order)).all()
                content = repr([tuple(row) for row in rows]).encode()
                digests[table.name] = (len(rows), hashlib.sha256(content).hexdigest())
        return digests
    finally:
        engine.dispose()

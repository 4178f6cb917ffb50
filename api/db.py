"""Engine and the per-request session that owns the request's single transaction."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import structlog
from anyio import to_thread
from fastapi import Depends
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from api.audit.recorder import install_audit_hooks, persist_denied_after_rollback
from api.config import Settings, get_settings
from api.errors import PersistedRefusal

log = structlog.get_logger(__name__)


def _enable_sqlite_integrity(dbapi_connection: Any, _record: Any) -> None:
    """SQLite needs foreign keys switched on per connection; WAL lets readers run beside a writer.

    The driver's own transaction handling is switched off (``isolation_level = None``) so that
    SQLAlchemy's BEGIN, savepoints and rollbacks mean what they say.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")  # before WAL: switching a new file may wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    """Nearly every request writes (the access log), so take SQLite's write lock up front:
    a deferred transaction that upgrades to a writer could fail instead of waiting. Read-only
    probes ask for AUTOCOMMIT and take no lock."""
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def build_engine(settings: Settings) -> Engine:
    """An engine for the configured database; the SQLite folder is created when missing."""
    url = settings.database_url
    if settings.is_sqlite:
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_integrity)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    # No server-side prepared statements: after five runs psycopg would prepare each one,
    # and PostgreSQL then switches the access-filtered lists to a generic plan that is
    # slower (about 3 ms of 10 for the police list) than planning with the real values.
    # Poolers in transaction mode (PgBouncer) need this too.
    connect_args: dict[str, Any] = {"prepare_threshold": None}
    if settings.db_startup_options:
        connect_args["options"] = _server_options(settings)
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
        connect_args=connect_args,
    )
    if not settings.db_startup_options:
        event.listen(engine, "first_connect", _warn_of_other_server_settings(settings))
    return engine


def _server_settings(settings: Settings) -> dict[str, str]:
    """What the app wants of PostgreSQL for its connections: the parallel workers and no JIT.

    No JIT: the app's statements are short, and the only ones the planner costs high enough
    to compile, the statistics' two big scans, ran no faster for it (bench/README.md, "JIT")."""
    return {
        "max_parallel_workers_per_gather": str(settings.db_parallel_workers),
        "jit": "off",
    }


def _server_options(settings: Settings) -> str:
    """The connections' server settings, then whatever the database URL (``?options=``) or
    else ``PGOPTIONS`` asked for, as libpq would have sent it. A connect argument replaces the
    URL's own, so without this the operator's options were dropped; coming last, theirs win
    where both name the same setting."""
    ours = " ".join(f"-c {name}={value}" for name, value in _server_settings(settings).items())
    in_url = " ".join(make_url(settings.database_url).normalized_query.get("options", ()))
    theirs = in_url or os.environ.get("PGOPTIONS", "")
    return f"{ours} {theirs}" if theirs else ours


def _warn_of_other_server_settings(settings: Settings) -> Callable[[Any, Any], None]:
    """Without startup options the settings come from the database role (behind a pooler):
    the pool's first connection compares them once, so a role left unset shows in the log
    instead of as slower plans."""
    wanted = _server_settings(settings)

    def compare(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(wanted)]
            )
            found = dict(cursor.fetchall())
        dbapi_connection.rollback()
        differing = {name: found.get(name) for name in wanted if found.get(name) != wanted[name]}
        if differing:
            log.warning("database_settings_differ", found=differing, wanted=wanted)

    return compare


@lru_cache
def get_engine() -> Engine:
    return build_engine(get_settings())


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    # expire_on_commit=False: responses are serialised after the commit.
    install_audit_hooks()
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def request_transaction(session: Session) -> Iterator[Session]:
    """Commit when the block finishes, roll back on any error.

    A ``PersistedRefusal`` error commits what was done before it (security bookkeeping).
    """
    try:
        yield session
        session.commit()
    except PersistedRefusal:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        # Denied attempts are logged even though the request failed (DOMAIN.md: every
        # read and write, allowed or denied); if that write fails, the request fails.
        persist_denied_after_rollback(session)
        raise


async def get_session() -> AsyncIterator[Session]:
    """One transaction per request: committed when the endpoint returns, rolled back on error.

    Used with ``scope="function"`` so the commit happens before the response is sent: a
    failed commit becomes an error response, never a success that was not stored.

    ``async`` with only the end in the thread pool: opening a session does no I/O (the
    connection is taken at the first statement), so a sync generator's first hand-off to the
    thread pool would buy nothing. The end (commit or rollback, then close) is one hand-off,
    shielded from cancellation, so a dropped client cannot leave the transaction open.
    """
    ending = ExitStack()
    session = ending.enter_context(get_sessionmaker()())
    ending.enter_context(request_transaction(session))
    try:
        yield session
    except BaseException as error:
        await to_thread.run_sync(ending.__exit__, type(error), error, error.__traceback__)
        raise
    await to_thread.run_sync(ending.__exit__, None, None, None)


DbSession = Annotated[Session, Depends(get_session, scope="function")]


def insert_unless_present(session: Session, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for the session's database that can end in ``ON CONFLICT DO NOTHING``: a
    row that another transaction inserted meanwhile is skipped instead of failing, on both
    supported databases (their dialects spell it the same way)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)

"""How many access-log appends per second the hash chain takes, by number of threads.

Every request appends one event under one chain lock, so the time that lock is held bounds
the whole installation's request rate, whatever the number of workers. This measures that
bound alone: each thread commits transactions that do one trivial query and log one list
event of 50 cases (as a case list does), on a fresh PostgreSQL database
(``samverka_chain_append``, dropped at the end), then ``verify_chain`` checks the result.

    .venv/bin/python -m bench.chain_append            # 1, 8 and 16 threads, 5 s each

``CHAIN_THREADS`` (comma-separated) and ``CHAIN_SECONDS`` change the runs; ``BENCH_PG_URL``
is the server, as for ``make bench``. It prints one line per run; it is not part of
``make bench`` (bench/README.md gives the figures measured before and after migration 0006).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from api.audit.chain import ListedCase
from api.audit.recorder import AuditRecord, install_audit_hooks, record
from api.audit.verify import verify_chain
from api.auth.principal import Principal, PrincipalKind
from api.config import get_settings
from api.db import build_engine
from api.migrations_state import alembic_config
from api.models.enums import AuditOutcome, OrganizationKind, Role
from bench.run import Config, admin_sql

DATABASE = "samverka_chain_append"


def _principal() -> Principal:
    return Principal(
        kind=PrincipalKind.user,
        subject_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        organization_kind=OrganizationKind.police,
        roles=frozenset({Role.professional}),
        scopes=frozenset(),
        unit_id=None,
    )


_LIST = AuditRecord(
    action="cases:list",
    resource_type="case",
    resource_id=None,
    case_id=None,
    outcome=AuditOutcome.allowed,
    cases=tuple(ListedCase(uuid.uuid4(), "consent", uuid.uuid4()) for _ in range(50)),
)


def _run(sessions: sessionmaker[Session], threads: int, seconds: float) -> int:
    principal, done = _principal(), [0] * threads
    until = time.monotonic() + seconds

    def appender(index: int) -> None:
        while time.monotonic() < until:
            with sessions() as session:
                session.execute(text("SELECT 1"))  # the request's own work, trivially
                record(session, principal, _LIST)
                session.commit()
            done[index] += 1

    workers = [threading.Thread(target=appender, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done)


def main() -> int:
    from alembic import command

    cfg = Config()
    counts = [int(n) for n in os.environ.get("CHAIN_THREADS", "1,8,16").split(",")]
    seconds = float(os.environ.get("CHAIN_SECONDS", "5"))
    url = cfg.database_url().rsplit("/", 1)[0] + f"/{DATABASE}"
    admin_sql(
        cfg, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"'
    )
    try:
        command.upgrade(alembic_config(url), "head")
        settings = get_settings().model_copy(
            update={"database_url": url, "db_pool_size": max(counts)}
        )
        engine = build_engine(settings)
        install_audit_hooks()
        sessions = sessionmaker(bind=engine, expire_on_commit=False)
        for threads in counts:
            appended = _run(sessions, threads, seconds)
            print(f"{threads:3d} threads: {appended / seconds:7.0f} appends/s", flush=True)
        with sessions() as session:
            report = verify_chain(session)
        print(f"chain verified: {report.ok} ({report.checked} events)")
        engine.dispose()
        return 0 if report.ok else 1
    finally:
        admin_sql(cfg, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())

"""EXPLAIN (ANALYZE, BUFFERS) of the benchmarked reads, as the services themselves issue them.

Each service function runs once in a transaction that is rolled back (so its access-log
events are never written); every statement it sends is captured, counted (an N+1 shows as a
count that grows with the page) and explained with the same parameters. Needs
``SAMVERKA_DATABASE_URL`` pointing at a scaled PostgreSQL database (bench/run.py sets it).

    SAMVERKA_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/samverka_bench \\
        .venv/bin/python -m bench.explain
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from api import clock
from api.auth.principal import Principal, PrincipalKind
from api.db import get_engine
from api.models import Organization, User

Scenario = Callable[[Session, Principal], object]


def _principal(session: Session, username: str) -> Principal:
    user = session.scalars(select(User).where(User.username == username)).one()
    org = session.get_one(Organization, user.organization_id)
    return Principal(
        kind=PrincipalKind.user,
        subject_id=user.id,
        organization_id=user.organization_id,
        organization_kind=org.kind,
        roles=user.role_set,
        scopes=frozenset(),
        unit_id=user.unit_id,
    )


def _case_list(session: Session, who: Principal) -> object:
    from api.cases.service import CaseFilters, list_cases

    return list_cases(
        session, who, clock.today(), clock.now(), filters=CaseFilters(), limit=50, cursor=None
    )


def _my_tasks(session: Session, who: Principal) -> object:
    from api.me.service import my_tasks

    return my_tasks(session, who, clock.today(), include_done=False, limit=50, cursor=None)


def _one_case(session: Session, who: Principal) -> object:
    from api.access.policy import case_with_basis, readable_cases

    first = session.scalars(readable_cases(who, clock.today()).limit(1)).first()
    case_id = first.id if first else uuid.uuid4()
    return case_with_basis(session, who, case_id, clock.today())


SCENARIOS: tuple[tuple[str, str, Scenario], ...] = (
    ("cases:list as police (polis)", "polis", _case_list),
    ("cases:list as coordinator (samordnare)", "samordnare", _case_list),
    ("me:tasks as police (polis)", "polis", _my_tasks),
    ("one case with its access basis, as coordinator", "samordnare", _one_case),
)


def _captured(session: Session, scenario: Scenario, who: Principal) -> list[tuple[str, Any]]:
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        scenario(session, who)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return statements


def explain_queries() -> str:
    out: list[str] = []
    engine = get_engine()
    for title, username, scenario in SCENARIOS:
        with Session(engine) as session:  # never committed: nothing is written
            who = _principal(session, username)
            statements = _captured(session, scenario, who)
            out.append(f"=== {title}: {len(statements)} SQL statement(s)\n")
            connection = session.connection()
            for statement, parameters in statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                plan = connection.exec_driver_sql(
                    f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters
                ).scalars()
                out += [statement.strip(), "", *plan, ""]
            session.rollback()
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(explain_queries())

"""A backup restored into an empty database gives back the same data, at the migration head,
with an access log that verifies (issue #7). One round trip per backend, several checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from api.audit.verify import verify_chain
from api.migrations_state import is_at_head
from tests.backup.conftest import build_source, run_cli, table_digests
from tests.cli.test_errors import one_line
from tests.conftest import engine_for


@dataclass(frozen=True)
class RoundTrip:
    backend: str
    source: str
    target: str
    backup: Path
    events: int
    backup_output: str
    restore_output: str


@pytest.fixture(scope="module")
def round_trip(
    backend: str, new_url: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> RoundTrip:
    """Seed a source, ``samverka backup`` it, ``samverka restore`` into an empty target."""
    source, target = new_url("backup_src"), new_url("backup_dst")
    events = build_source(source)
    backup = tmp_path_factory.mktemp("backups") / "samverka.backup"
    backed_up = run_cli(source, "backup", "--output", str(backup))
    assert backed_up[0] == 0, backed_up
    restored = run_cli(target, "restore", "--input", str(backup))
    assert restored[0] == 0, restored
    return RoundTrip(backend, source, target, backup, events, backed_up[1], restored[1])


def test_backup_writes_one_private_file(round_trip: RoundTrip) -> None:
    line = one_line(round_trip.backup_output)
    assert line.startswith(f"Wrote the backup {round_trip.backup} (")
    assert round_trip.backup.stat().st_size > 10_000
    assert round_trip.backup.stat().st_mode & 0o077 == 0  # personal data: owner only
    assert sorted(p.name for p in round_trip.backup.parent.iterdir()) == ["samverka.backup"]


def test_restore_reports_head_and_chain(round_trip: RoundTrip) -> None:
    assert round_trip.events >= 10  # logins, listings and case reads by two users
    line = one_line(round_trip.restore_output)
    assert "it is at the newest migration and its access log is intact" in line
    assert f"({round_trip.events} events verified)" in line


def test_every_table_holds_the_same_rows(round_trip: RoundTrip) -> None:
    expected = table_digests(round_trip.source)
    assert {"alembic_version", "audit_events", "cases", "persons", "users"} <= expected.keys()
    assert expected["cases"][0] > 0
    assert table_digests(round_trip.target) == expected


def test_target_is_at_head_and_its_chain_verifies(round_trip: RoundTrip) -> None:
    engine = engine_for(round_trip.target)
    try:
        with engine.connect() as connection:
            assert is_at_head(connection)
        with Session(engine) as session:
            report = verify_chain(session)
        assert (report.ok, report.checked) == (True, round_trip.events)
    finally:
        engine.dispose()


def test_postgresql_target_keeps_the_append_only_trigger(round_trip: RoundTrip) -> None:
    if round_trip.backend != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    engine = engine_for(round_trip.target)
    try:
        for statement in (
            "UPDATE audit_events SET action = 'case.read'",
            "DELETE FROM audit_events",
        ):
            with engine.begin() as connection, pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_postgresql_sequences_continue_where_the_source_stopped(round_trip: RoundTrip) -> None:
    if round_trip.backend != "postgresql":
        pytest.skip("sequences are PostgreSQL objects")
    query = text("SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename")
    found = []
    for url in (round_trip.source, round_trip.target):
        engine = engine_for(url)
        try:
            with engine.connect() as connection:
                found.append(connection.execute(query).all())
        finally:
            engine.dispose()
    assert found[0], "the schema has identity columns"
    assert found[1] == found[0]

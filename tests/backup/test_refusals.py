"""What backup and restore refuse, and how they say it: one sentence, exit code 2 (1 when a
check of the restored database fails), never a password, never a half-written file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy.engine import make_url

from api import cli
from api.migrations_state import alembic_config
from tests.backup.conftest import Configure, build_source, run_cli, table_digests
from tests.cli.test_errors import one_line
from tests.conftest import DatabaseFactory, migrate

PASSWORD = "s3cret-pw"
UNREACHABLE = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:1/none"
NewUrl = Callable[[str], str]


def _fake_tool(folder: Path, name: str, script: str) -> Path:
    """A stand-in client tool on PATH: answers ``--version`` like PostgreSQL 15 unless the
    script says otherwise, and runs ``script`` (sh) for anything else."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(
        f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "{name} (PostgreSQL) 15.2"; exit 0; fi\n'
        f"{script}\n"
    )
    tool.chmod(0o755)
    return tool


def _with_password(url: str) -> str:
    """The same database with a password in the URL (the test server trusts local users)."""
    return make_url(url).set(password=PASSWORD).render_as_string(hide_password=False)


def _backup_of(url: str, folder: Path) -> Path:
    path = folder / f"{Path(make_url(url).database or 'db').stem}.bak"
    code, out, err = run_cli(url, "backup", "--output", str(path))
    assert code == 0, (out, err)
    return path


# Backup ---------------------------------------------------------------------------------------


def test_backup_refuses_to_overwrite_without_force(
    new_url: NewUrl, tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    source = new_url("backup_force")
    migrate(source)
    existing = tmp_path / "existing.bak"
    existing.write_bytes(b"an older backup")
    configure(SAMVERKA_DATABASE_URL=source)

    assert cli.main(["backup", "--output", str(existing)]) == 2
    captured = capsys.readouterr()
    assert one_line(captured.err) == (
        f"{existing} exists already; choose another name or pass --force to replace it."
    )
    assert captured.out == ""
    assert existing.read_bytes() == b"an older backup"

    assert cli.main(["backup", "--output", str(existing), "--force"]) == 0
    assert existing.read_bytes() != b"an older backup"
    assert existing.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.bak"]


def test_backup_into_a_missing_folder(
    new_url: NewUrl, tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(SAMVERKA_DATABASE_URL=new_url("backup_folder"))
    target = tmp_path / "no-such-folder" / "x.bak"
    assert cli.main(["backup", "--output", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == f"The folder {target.parent} does not exist."


def test_backup_of_a_missing_sqlite_file_creates_nothing(
    tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "var" / "samverka.db"
    configure(SAMVERKA_DATABASE_URL=f"sqlite:///{database}")
    assert cli.main(["backup", "--output", str(tmp_path / "x.bak")]) == 2
    assert "does not exist; check SAMVERKA_DATABASE_URL" in one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("command_line", [["backup", "--output"], ["restore", "--input"]])
def test_missing_client_tools_name_the_package(
    command_line: list[str],
    tmp_path: Path,
    configure: Configure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "a.dump"
    archive.write_bytes(b"PGDMP\x01\x0e\x00")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    configure(SAMVERKA_DATABASE_URL=UNREACHABLE)
    path = str(tmp_path / "out.dump") if command_line[0] == "backup" else str(archive)

    assert cli.main([*command_line, path]) == 2

    captured = capsys.readouterr()
    message = one_line(captured.err)
    tool = "pg_dump" if command_line[0] == "backup" else "pg_restore"
    assert message.startswith(f"{tool} is not installed; install the postgresql-client package")
    assert PASSWORD not in captured.err + captured.out


@pytest.mark.parametrize("command_line", [["backup", "--output"], ["restore", "--input"]])
def test_unreachable_server_is_one_masked_sentence(
    command_line: list[str],
    tmp_path: Path,
    configure: Configure,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("needs the PostgreSQL client tools")
    archive = tmp_path / "a.dump"
    archive.write_bytes(b"PGDMP\x01\x0e\x00")
    configure(SAMVERKA_DATABASE_URL=UNREACHABLE)
    path = str(tmp_path / "out.dump") if command_line[0] == "backup" else str(archive)

    assert cli.main([*command_line, path]) == 2

    captured = capsys.readouterr()
    assert one_line(captured.err) == (
        "Cannot reach the database at postgresql+psycopg://postgres:***@127.0.0.1:1/none: "
        "connection refused. Check SAMVERKA_DATABASE_URL."
    )
    assert PASSWORD not in captured.err + captured.out
    assert not (tmp_path / "out.dump").exists()


@pytest.mark.postgresql_only
def test_password_goes_through_the_environment_only(
    databases: DatabaseFactory,
    tmp_path: Path,
    configure: Configure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = _with_password(databases.new_url("backup_pw"))
    migrate(url)
    calls: list[tuple[list[str], dict[str, str]]] = []
    real_run = subprocess.run

    def spy(args: list[str], **kwargs: Any) -> Any:
        calls.append((args, kwargs.get("env") or {}))
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    configure(SAMVERKA_DATABASE_URL=url)

    assert cli.main(["backup", "--output", str(tmp_path / "pw.dump")]) == 0

    dumps = [(args, env) for args, env in calls if "--format=custom" in args]
    assert len(dumps) == 1
    args, env = dumps[0]
    assert PASSWORD not in " ".join(args)
    assert env["PGPASSWORD"] == PASSWORD
    assert {"--no-owner", "--no-privileges", "--no-password"} <= set(args)
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err
    assert ":***@" in captured.out


@pytest.mark.postgresql_only
def test_pg_dump_older_than_the_server(
    databases: DatabaseFactory,
    tmp_path: Path,
    configure: Configure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bin_dir = tmp_path / "bin"
    _fake_tool(bin_dir, "pg_dump", "exit 0").write_text(
        '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n'
    )
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    url = _with_password(databases.new_url("backup_old"))
    configure(SAMVERKA_DATABASE_URL=url)

    assert cli.main(["backup", "--output", str(tmp_path / "old.dump")]) == 2

    captured = capsys.readouterr()
    message = one_line(captured.err)
    assert message.startswith("pg_dump 9 is older than the PostgreSQL ")
    assert "install postgresql-client-" in message
    assert PASSWORD not in captured.err + captured.out
    assert not (tmp_path / "old.dump").exists()


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("sleep 5", "pg_dump did not finish within 1 s; pass a longer --timeout."),
        (
            f'echo "pg_dump: error: query failed for {PASSWORD}" >&2; '
            'echo "DETAIL: Key (identity_number)=(19121212-1212) exists." >&2; exit 1',
            "pg_dump failed: pg_dump: error: query failed for ***.",
        ),
    ],
)
def test_a_failing_dump_leaves_no_file(
    script: str,
    expected: str,
    databases: DatabaseFactory,
    tmp_path: Path,
    configure: Configure,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    # Like pg_dump, it starts writing the file named by --file= before it fails.
    starts_writing = 'for a in "$@"; do case "$a" in --file=*) touch "${a#--file=}";; esac; done'
    _fake_tool(tmp_path / "bin", "pg_dump", f"{starts_writing}\n{script}")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    configure(SAMVERKA_DATABASE_URL=_with_password(databases.new_url("backup_fail")))

    argv = ["backup", "--output", str(backups / "x.dump"), "--timeout", "1"]
    assert cli.main(argv) == 2

    captured = capsys.readouterr()
    assert one_line(captured.err) == expected
    assert "19121212" not in captured.err  # the DETAIL line may quote personal data
    assert list(backups.iterdir()) == []


# Restore --------------------------------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(
    new_url: NewUrl, tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = new_url("restore_src"), new_url("restore_full")
    migrate(source)
    migrate(target)
    archive = _backup_of(source, tmp_path)
    before = table_digests(target)
    configure(SAMVERKA_DATABASE_URL=_password_if_postgresql(target))

    assert cli.main(["restore", "--input", str(archive)]) == 2

    captured = capsys.readouterr()
    message = one_line(captured.err)
    assert message.endswith(
        "is not empty; a backup is restored only into an empty database, so nothing was changed."
    )
    assert PASSWORD not in captured.err + captured.out
    assert captured.out == ""
    assert table_digests(target) == before


def _password_if_postgresql(url: str) -> str:
    return url if url.startswith("sqlite") else _with_password(url)


def test_restore_of_an_older_schema_says_to_migrate(
    new_url: NewUrl, tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = new_url("restore_old"), new_url("restore_old_dst")
    command.upgrade(alembic_config(source), "0001")
    archive = _backup_of(source, tmp_path)
    configure(SAMVERKA_DATABASE_URL=target)

    assert cli.main(["restore", "--input", str(archive)]) == 1

    assert one_line(capsys.readouterr().err).endswith(
        "but it is not at the newest migration; run `samverka migrate`, then "
        "`samverka audit-verify`."
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "does not exist."),
        (b"just some text", "is not a Samverka backup (made by `samverka backup`)."),
    ],
)
def test_restore_needs_a_backup_file(
    content: bytes | None,
    expected: str,
    new_url: NewUrl,
    tmp_path: Path,
    configure: Configure,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "input.bak"
    if content is not None:
        archive.write_bytes(content)
    configure(SAMVERKA_DATABASE_URL=new_url("restore_input"))

    assert cli.main(["restore", "--input", str(archive)]) == 2
    assert one_line(capsys.readouterr().err).endswith(expected)


def test_restore_refuses_the_other_backends_backup(
    tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "a.dump"
    archive.write_bytes(b"PGDMP\x01\x0e\x00")
    target = tmp_path / "target.db"
    configure(SAMVERKA_DATABASE_URL=f"sqlite:///{target}")

    assert cli.main(["restore", "--input", str(archive)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"{archive} is a PostgreSQL backup; restore it into a PostgreSQL database."
    )
    assert not target.exists()


def test_restore_names_the_first_altered_event(
    tmp_path: Path, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite has no append-only trigger, so a backup file can be edited: the restore must
    notice through the hash chain rather than pass it off as a good restore."""
    source = f"sqlite:///{tmp_path / 'chain-src.db'}"
    build_source(source)
    archive = _backup_of(source, tmp_path)
    with sqlite3.connect(archive) as edit:
        edit.execute("UPDATE audit_events SET action = 'case.delete' WHERE seq = 3")
    edit.close()
    configure(SAMVERKA_DATABASE_URL=f"sqlite:///{tmp_path / 'chain-dst.db'}")

    assert cli.main(["restore", "--input", str(archive)]) == 1
    assert one_line(capsys.readouterr().err).endswith(
        "but its access log is broken at event #3: hash does not match the event's content: "
        "the event was altered."
    )

"""``samverka backup`` and ``samverka restore``: a whole database to one file and back.

PostgreSQL goes through ``pg_dump``'s custom format, not through SQLAlchemy: it is the
server's own consistent snapshot (one repeatable-read transaction while the app keeps
running), it restores onto newer servers, and ``pg_restore`` creates triggers only after the
data, so the append-only trigger on ``audit_events`` (which refuses UPDATE, DELETE and
TRUNCATE, never INSERT) does not stand in the way. SQLite uses the online backup API, which
copies a consistent snapshot even while the app writes (a plain file copy of a WAL database
may not).

A restore goes only into an empty database, so that it can never overwrite data by accident;
afterwards the migration head and the access log's hash chain are checked, since a backup
from an older release or an edited file must not pass as a good restore.

The password travels in ``PGPASSWORD``, never on a command line that other users of the
machine can read in the process list, and every message masks it. Backup files hold personal
data: they are created readable by their owner only.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from api.audit.verify import ChainReport, verify_chain
from api.cli import EXIT_CHECK_FAILED, CliError, masked_url, open_engine
from api.config import Settings
from api.migrations_state import is_at_head

PG_CLIENT_PACKAGE = "postgresql-client"
DEFAULT_TIMEOUT_SECONDS = 3600
CONNECT_TIMEOUT_SECONDS = 10
VERSION_TIMEOUT_SECONDS = 30
PG_ARCHIVE_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
_SESSION_PROBE = "samverka.session_probe"  # a custom setting: PostgreSQL accepts any dotted name

# User relations of any kind outside the system schemas: "empty" means none of them.
_PG_USER_RELATIONS = text(
    "SELECT count(*) FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
    "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
)
_SQLITE_USER_RELATIONS = (
    "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') "
    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    source: str  # masked

    def summary(self) -> str:
        return (
            f"Wrote the backup {self.path} ({human_size(self.size)}) of the database at "
            f"{self.source} in {self.seconds:.1f} s."
        )


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    target: str  # masked
    seconds: float
    chain: ChainReport

    def summary(self) -> str:
        return (
            f"Restored {self.path} into the database at {self.target} in {self.seconds:.1f} s; "
            f"it is at the newest migration and its access log is intact "
            f"({self.chain.checked} events verified)."
        )


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


# Backup ---------------------------------------------------------------------------------------


def create_backup(
    settings: Settings, output: Path, *, force: bool, timeout: float | None = None
) -> BackupResult:
    """Write the configured database to ``output``, all or nothing."""
    timeout = timeout or DEFAULT_TIMEOUT_SECONDS
    _check_output(output, force=force)
    started = time.monotonic()
    if settings.is_sqlite:
        source = _sqlite_source(settings.database_url)
        _write_atomically(output, lambda part: _sqlite_copy(source, part))
    else:
        _write_atomically(output, _pg_dumper(settings, timeout))
    return BackupResult(
        output, output.stat().st_size, time.monotonic() - started, masked_url(settings.database_url)
    )


def _pg_dumper(settings: Settings, timeout: float) -> Callable[[Path], None]:
    """Check tools and server first, so that nothing is written when the dump cannot work."""
    pg_dump = _pg_tool("pg_dump")
    pg_restore = _pg_tool("pg_restore")  # checks the archive; needed to restore it anyway
    _check_direct(settings, "backup")
    _check_dump_version(pg_dump, settings)
    url = settings.database_url
    conninfo, env = libpq_target(url)

    def dump(part: Path) -> None:
        args = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--no-password"]
        _run([*args, f"--file={part}", f"--dbname={conninfo}"], env, timeout, url)
        # A readable table of contents: the archive is complete, not cut off.
        _run([pg_restore, "--list", str(part)], env, timeout, url)

    return dump


def _check_output(output: Path, *, force: bool) -> None:
    if output.is_dir():
        raise CliError(f"{output} is a folder; name the backup file to write.")
    if output.exists() and not force:
        raise CliError(
            f"{output} exists already; choose another name or pass --force to replace it."
        )
    if not output.parent.is_dir():
        raise CliError(f"The folder {output.parent} does not exist.")


def _write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    """Write into a private temporary file beside ``output``, then rename it into place: an
    interrupted backup never leaves a half-written file under the backup's name."""
    fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    os.close(fd)
    part = Path(name)  # mode 0600: a backup holds personal data
    try:
        write(part)
        _fsync(part)
        part.replace(output)
    finally:
        part.unlink(missing_ok=True)
    _fsync(output.parent)  # the rename itself survives a crash


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# PostgreSQL -----------------------------------------------------------------------------------


def libpq_target(database_url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string (without the password) and the environment carrying it.

    The SQLAlchemy URL's query holds libpq parameters (``sslmode``, ``host`` for a socket
    folder), which psycopg passes on as well, so they go into the connection string too.
    """
    from psycopg.conninfo import make_conninfo

    url: URL = make_url(database_url)
    params: dict[str, str | int] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    for key, value in (("host", url.host), ("port", url.port), ("user", url.username)):
        if value is not None:
            params[key] = value
    if url.database:
        params["dbname"] = url.database
    for key, values in url.query.items():
        params[key] = values if isinstance(values, str) else values[-1]
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = url.password
    return make_conninfo("", **params), env


def _check_direct(settings: Settings, command: str) -> None:
    """Refuse a connection pooler in transaction mode (PgBouncer) between the tools and the
    server. pg_dump and pg_restore set session state, an empty ``search_path`` among it, and
    through such a pooler that state stays on the server connections it hands the app next:
    after one restore the app found no tables there (README, "Behind a connection pooler").

    A custom setting sent at connect shows whether a session reaches PostgreSQL itself:
    PostgreSQL keeps it for the session, PgBouncer refuses the ``options`` it travels in, or
    drops it when told to ignore them. Any other failure to connect is left to the next check,
    which words it as every command does."""
    import psycopg

    conninfo, _ = libpq_target(settings.database_url)
    password = make_url(settings.database_url).password
    try:
        with psycopg.connect(
            conninfo, options=f"-c {_SESSION_PROBE}=kept", password=password, autocommit=True
        ) as connection:
            row = connection.execute(
                "SELECT current_setting(%s, true)", (_SESSION_PROBE,)
            ).fetchone()
    except psycopg.OperationalError as error:
        if "unsupported startup parameter" not in str(error):
            return
        row = None
    if row is None or row[0] != "kept":
        raise CliError(
            f"The database at {masked_url(settings.database_url)} did not keep a session "
            "setting, so a connection pooler seems to stand in front of PostgreSQL; "
            f"{command} would leave its session settings on the pooler's server connections "
            "and the app would then find no tables. Point SAMVERKA_DATABASE_URL at "
            f"PostgreSQL itself for the {command}; nothing was changed."
        )


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CliError(
            f"{name} is not installed; install the {PG_CLIENT_PACKAGE} package of the "
            "server's major version or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def _check_dump_version(pg_dump: str, settings: Settings) -> None:
    """pg_dump refuses a newer server; say which package fixes it before trying."""
    tool_major = _tool_major(pg_dump)
    engine = open_engine(settings, require_head=False)  # the usual unreachable message
    try:
        with engine.connect() as connection:
            server_major = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    finally:
        engine.dispose()
    server_major //= 10000
    if tool_major < server_major:
        raise CliError(
            f"pg_dump {tool_major} is older than the PostgreSQL {server_major} server at "
            f"{masked_url(settings.database_url)}; install {PG_CLIENT_PACKAGE}-{server_major} "
            "or newer."
        )


def _tool_major(path: str) -> int:
    completed: subprocess.CompletedProcess[str] | None
    try:
        completed = subprocess.run(  # noqa: S603 - a resolved tool path and fixed arguments
            [path, "--version"],
            capture_output=True,
            text=True,
            timeout=VERSION_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        completed = None
    found = re.search(r"\(PostgreSQL\) (\d+)", completed.stdout) if completed else None
    if found is None:
        raise CliError(f"{path} --version does not name a PostgreSQL version.")
    return int(found.group(1))


def _run(args: list[str], env: dict[str, str], timeout: float, url: str) -> None:
    """Run one client tool; a failure becomes one sentence from its first error line."""
    tool = Path(args[0]).name
    try:
        completed = subprocess.run(  # noqa: S603 - an argument list, no shell
            args,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise CliError(
            f"{tool} did not finish within {timeout:g} s; pass a longer --timeout."
        ) from None
    if completed.returncode != 0:
        raise CliError(f"{tool} failed: {_first_error(completed.stderr, url)}.")


def _first_error(stderr: str, url: str) -> str:
    """The tool's first error line only: DETAIL lines that follow it may quote row values."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    chosen = next((line for line in lines if "error:" in line), lines[0] if lines else "")
    password = make_url(url).password
    if password:
        chosen = chosen.replace(password, "***")
    return chosen[:300].rstrip(".") or "no message"


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_file(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise CliError("An in-memory SQLite database has nothing to back up or restore into.")
    return Path(database)


def _sqlite_source(database_url: str) -> Path:
    path = _sqlite_file(database_url)
    if not path.is_file():
        raise CliError(f"The SQLite database {path} does not exist; check SAMVERKA_DATABASE_URL.")
    return path


@contextmanager
def _sqlite(path: Path, what: str) -> Iterator[sqlite3.Connection]:
    """A stdlib connection whose errors become one sentence naming the file."""
    try:
        with closing(sqlite3.connect(path, timeout=CONNECT_TIMEOUT_SECONDS)) as connection:
            yield connection
    except sqlite3.Error as exc:
        raise CliError(f"SQLite could not use {what} {path} ({type(exc).__name__}).") from None


def _sqlite_copy(source: Path, target: Path) -> None:
    """The online backup API copies every page in one step: a consistent snapshot."""
    with _sqlite(source, "the database") as src, _sqlite(target, "the backup file") as dst:
        src.backup(dst)
        # One self-contained file: no -wal or -shm beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise CliError(
                f"The copy {target} fails SQLite's integrity check; nothing was written."
            )


def _sqlite_restore(source: Path, target: Path) -> None:
    """Copy the backup into the (empty) target file through the backup API, which writes it
    in one transaction and handles the target's own journal correctly."""
    if not target.parent.is_dir():
        raise CliError(f"The folder {target.parent} does not exist.")
    with _sqlite(source, "the backup") as src:
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "not a database"?
        with _sqlite(target, "the database") as dst:
            if dst.execute(_SQLITE_USER_RELATIONS).fetchone() != (0,):
                raise _not_empty(str(target))
            src.backup(dst)


# Restore --------------------------------------------------------------------------------------


def restore_backup(
    settings: Settings, source: Path, *, timeout: float | None = None
) -> RestoreResult:
    """Restore ``source`` into the configured, empty database and check the result."""
    timeout = timeout or DEFAULT_TIMEOUT_SECONDS
    url = settings.database_url
    _check_input(source, sqlite=settings.is_sqlite)
    started = time.monotonic()
    if settings.is_sqlite:
        _sqlite_restore(source, _sqlite_file(url))
    else:
        pg_restore = _pg_tool("pg_restore")
        _check_direct(settings, "restore")
        _check_empty(settings)
        conninfo, env = libpq_target(url)
        args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error"]
        _run(
            [*args, "--single-transaction", f"--dbname={conninfo}", str(source)], env, timeout, url
        )
    seconds = time.monotonic() - started
    return RestoreResult(source, masked_url(url), seconds, _check_restored(settings, source))


def _check_input(source: Path, *, sqlite: bool) -> None:
    if not source.is_file():
        raise CliError(f"The backup {source} does not exist.")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if sqlite and head.startswith(PG_ARCHIVE_MAGIC):
        raise CliError(f"{source} is a PostgreSQL backup; restore it into a PostgreSQL database.")
    if not sqlite and head == SQLITE_MAGIC:
        raise CliError(f"{source} is a SQLite backup; restore it into a SQLite database.")
    if head != SQLITE_MAGIC and not head.startswith(PG_ARCHIVE_MAGIC):
        raise CliError(f"{source} is not a Samverka backup (made by `samverka backup`).")


def _check_empty(settings: Settings) -> None:
    engine = open_engine(settings, require_head=False)
    try:
        with engine.connect() as connection:
            relations = connection.execute(_PG_USER_RELATIONS).scalar_one()
    finally:
        engine.dispose()
    if relations:
        raise _not_empty(masked_url(settings.database_url))


def _not_empty(target: str) -> CliError:
    return CliError(
        f"The database at {target} is not empty; a backup is restored only into an empty "
        "database, so nothing was changed."
    )


def _check_restored(settings: Settings, source: Path) -> ChainReport:
    """The restored database must be at the migration head and its access log intact."""
    target = masked_url(settings.database_url)
    engine: Engine = open_engine(settings, require_head=False)
    try:
        with engine.connect() as connection:
            at_head = is_at_head(connection)
        if not at_head:
            raise CliError(
                f"Restored {source} into the database at {target}, but it is not at the newest "
                "migration; run `samverka migrate`, then `samverka audit-verify`.",
                exit_code=EXIT_CHECK_FAILED,
            )
        with Session(engine) as session, session.begin():
            report = verify_chain(session)
    finally:
        engine.dispose()
    if not report.ok:
        raise CliError(
            f"Restored {source} into the database at {target}, but its access log is broken "
            f"at event #{report.first_broken_seq}: {report.reason}.",
            exit_code=EXIT_CHECK_FAILED,
        )
    return report

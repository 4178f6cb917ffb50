"""The ``samverka`` command: serve, worker, migrate, seed-demo, create-user, export-openapi,
audit-verify.

An operator sees one sentence per failure and an exit code (2: the command cannot run, 1: a
check failed), never a traceback and never a password: tracebacks and driver messages can hold
connection strings and personal data. ``--traceback`` shows the full error when it is needed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from getpass import getpass
from pathlib import Path
from typing import Protocol, cast

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from api.config import ConfigurationError, Environment, Settings, get_settings
from api.errors import AppError
from api.models.enums import Role

EXIT_OK, EXIT_CHECK_FAILED, EXIT_CANNOT_RUN, EXIT_INTERRUPTED = 0, 1, 2, 130
NEW_USER_PASSWORD_ENV = "SAMVERKA_NEW_USER_PASSWORD"  # noqa: S105 - a variable name
MIN_PASSWORD_LENGTH = 12
VERIFIER_MODULE = "api.audit.verify"
# uvicorn kills a worker that does not answer its health-check ping within this time and
# starts another. Its default, 5 s, is less than a spawned worker needs to import the app on a
# busy host (a restart after a crash, every service starting at once): each replacement was
# killed again and the server never served (bench/crash_test.py). A hung worker is now found
# within 30 s instead of 5.
WORKER_HEALTHCHECK_SECONDS = 30
DESCRIPTION = "Samverka: coordination platform for social intervention groups (SIG)."

Command = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A failure explained in one sentence for the operator."""

    def __init__(self, message: str, exit_code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ChainVerdict(Protocol):
    """What ``api.audit.verify.verify_chain`` answers."""

    @property
    def ok(self) -> bool: ...
    @property
    def checked(self) -> int: ...
    @property
    def first_broken_seq(self) -> int | None: ...
    @property
    def reason(self) -> str | None: ...


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_cleanly(args.command, args)


def run_cleanly(command: Command, args: argparse.Namespace) -> int:
    """The one error boundary of every command: a sentence on stderr and an exit code."""
    try:
        return command(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if getattr(args, "traceback", False):
            raise
        print(describe_failure(exc), file=sys.stderr)
        return exc.exit_code if isinstance(exc, CliError) else EXIT_CANNOT_RUN


def describe_failure(exc: Exception) -> str:
    """One sentence; never the exception's own text when that may quote data or secrets."""
    if isinstance(exc, CliError | ConfigurationError):
        return str(exc)
    if isinstance(exc, AppError):
        return exc.detail
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"SAMVERKA_{'_'.join(str(part) for part in error['loc']).upper()} ({error['msg']})"
            for error in exc.errors()
        )
        return f"The settings are not valid: {problems}."
    return f"The command failed unexpectedly ({type(exc).__name__}); run it with --traceback."


# The database -------------------------------------------------------------------------------


def masked_url(url: str) -> str:
    """The database address with its password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the configured address"


# Driver messages that mean the same to an operator, worded once.
_CONNECTION_REASONS = (
    ("does not exist", "the database or its user does not exist"),
    ("connection refused", "connection refused"),
    ("password authentication failed", "the password was not accepted"),
    ("no password supplied", "a password is required"),
    ("could not translate host name", "the host name is unknown"),
    ("name or service not known", "the host name is unknown"),
    ("timeout", "the connection timed out"),
    ("timed out", "the connection timed out"),
    ("unable to open database file", "the database file cannot be opened"),
)


def _connection_reason(exc: BaseException, url: str) -> str:
    lowered = _first_line(exc, url).lower()
    for needle, reason in _CONNECTION_REASONS:
        if needle in lowered:
            return reason
    return _first_line(exc, url)


def _first_line(exc: BaseException, url: str) -> str:
    """The driver's own first line, shortened, with the password masked should it appear."""
    text = str(getattr(exc, "orig", None) or exc)
    first_line = (text.strip().splitlines() or [type(exc).__name__])[0][:200]
    password = _password_of(url)
    return first_line.replace(password, "***") if password else first_line


def _password_of(url: str) -> str | None:
    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        return None


def _unreachable(exc: BaseException, url: str) -> CliError:
    if isinstance(exc, ArgumentError | ValueError):
        return CliError("SAMVERKA_DATABASE_URL is not a valid database URL.")
    target = masked_url(url)
    if isinstance(exc, ImportError):
        return CliError(
            f"The database driver for {target} is not installed ({exc.name}); for PostgreSQL "
            "write the URL as postgresql+psycopg://."
        )
    return CliError(
        f"Cannot reach the database at {target}: {_connection_reason(exc, url)}. "
        "Check SAMVERKA_DATABASE_URL."
    )


def open_engine(settings: Settings, *, require_head: bool = True) -> Engine:
    """An engine on a database that answers and, with ``require_head``, is fully migrated."""
    from api.db import build_engine
    from api.migrations_state import is_at_head

    engine: Engine | None = None
    try:
        engine = build_engine(settings)
        with engine.connect() as connection:
            at_head = is_at_head(connection)
    except (SQLAlchemyError, OSError, ImportError, ValueError) as exc:
        if engine is not None:
            engine.dispose()
        raise _unreachable(exc, settings.database_url) from None
    if require_head and not at_head:
        engine.dispose()
        raise CliError(
            f"The database at {masked_url(settings.database_url)} is not at the newest "
            "migration; run `samverka migrate` first."
        )
    return engine


@contextmanager
def database_session(settings: Settings) -> Iterator[Session]:
    """One transaction on a checked database: committed when the block ends, else rolled back."""
    engine = open_engine(settings)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except SQLAlchemyError as exc:
        # The driver's message may quote the rows involved: name the kind of error only.
        raise CliError(
            f"The database refused the change ({type(exc).__name__}); nothing was saved."
        ) from None
    finally:
        engine.dispose()


# Commands -----------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """Check settings and database first: a server that cannot work should not start."""
    settings = get_settings()
    open_engine(settings).dispose()
    import uvicorn

    from api.logging import configure_logging

    # log_config=None: uvicorn's own loggers (access lines carry query strings) go through the
    # app's JSON handler, which masks personnummer and tokens, instead of uvicorn's plain one.
    configure_logging()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
    return EXIT_OK


def cmd_worker(_args: argparse.Namespace) -> int:
    """Deliver the outbox (webhooks, e-mail) and run the scheduled checks until stopped."""
    settings = get_settings()
    engine = open_engine(settings)
    from sqlalchemy.orm import sessionmaker

    from api.audit.recorder import install_audit_hooks
    from api.logging import configure_logging
    from api.worker import run_worker

    configure_logging()
    install_audit_hooks()
    try:
        run_worker(sessionmaker(bind=engine, expire_on_commit=False), settings)
    finally:
        engine.dispose()
    return EXIT_OK


def cmd_migrate(_args: argparse.Namespace) -> int:
    from alembic import command

    from api.migrations_state import alembic_config

    settings = get_settings()
    open_engine(settings, require_head=False).dispose()
    target = masked_url(settings.database_url)
    try:
        command.upgrade(alembic_config(settings.database_url), "head")
    except SQLAlchemyError as exc:
        raise CliError(
            f"Migrating the database at {target} failed: {_first_line(exc, settings.database_url)}."
        ) from None
    print(f"The database at {target} is at the newest migration.")
    return EXIT_OK


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from api.clock import today
    from api.demo import seed_demo

    settings = get_settings()
    if settings.env is Environment.production:
        raise CliError("Demo data is never loaded in production (SAMVERKA_ENV=production).")
    if args.audit_events is not None and args.cases is None:
        raise CliError("--audit-events sizes the scaled municipality; give --cases too.")
    scaled = None
    with database_session(settings) as session:
        report = seed_demo(session, settings.demo_password.get_secret_value(), today())
        if args.cases is not None:
            from api.demo.scale import seed_scale  # the benchmark's data (issue #7)

            scaled = seed_scale(session, args.cases, today(), audit_events=args.audit_events)
    print(report.summary())
    if scaled is not None:
        print(scaled.summary())
    return EXIT_OK


def cmd_create_user(args: argparse.Namespace) -> int:
    from api.demo import create_user

    settings = get_settings()
    with database_session(settings) as session:
        user = create_user(
            session,
            args.username,
            display_name=args.display_name,
            password=_new_password(),
            roles=args.roles,
            organization_id=args.organization_id,
            unit_id=args.unit_id,
        )
        roles = ", ".join(sorted(user.role_set))
    print(f"Created user '{user.username}' with the roles {roles}.")
    return EXIT_OK


def _new_password() -> str:
    """From the environment (scripts) or typed twice (people); never a command-line argument,
    which other users of the machine could read in the process list."""
    password = os.environ.get(NEW_USER_PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise CliError(f"Set {NEW_USER_PASSWORD_ENV} or run the command in a terminal.")
        password = getpass("Password for the new user: ")
        if getpass("Type it again: ") != password:
            raise CliError("The two passwords differ; nothing was saved.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CliError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    return password


def cmd_export_openapi(args: argparse.Namespace) -> int:
    from api.main import create_app
    from api.openapi import export_yaml

    text = export_yaml(create_app())
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            raise CliError(
                f"{path} is out of date; run `samverka export-openapi --output {path}`.",
                exit_code=EXIT_CHECK_FAILED,
            )
        print(f"{path} is up to date.")
        return EXIT_OK
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}.")
    return EXIT_OK


def cmd_audit_verify(_args: argparse.Namespace) -> int:
    verify_chain = _chain_verifier()
    with database_session(get_settings()) as session:
        verdict = verify_chain(session)
    if not verdict.ok:
        raise CliError(
            f"Access log broken at event #{verdict.first_broken_seq}: {verdict.reason}",
            exit_code=EXIT_CHECK_FAILED,
        )
    print(f"Access log intact: {verdict.checked} events verified.")
    return EXIT_OK


def _chain_verifier() -> Callable[[Session], ChainVerdict]:
    """Imported when used, so the rest of the command works in builds without the audit log."""
    try:
        module = importlib.import_module(VERIFIER_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name is None or not VERIFIER_MODULE.startswith(exc.name):
            raise
        raise CliError("Access-log verification is not available in this version.") from None
    return cast(Callable[[Session], ChainVerdict], module.verify_chain)


def cmd_backup(args: argparse.Namespace) -> int:
    """The whole database to one file (pg_dump's custom format, or a SQLite copy)."""
    from api.backup import create_backup

    result = create_backup(get_settings(), args.output, force=args.force, timeout=args.timeout)
    print(result.summary())
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Into an empty database only; then check the migration head and the access log."""
    from api.backup import restore_backup

    result = restore_backup(get_settings(), args.input, timeout=args.timeout)
    print(result.summary())
    return EXIT_OK


# Arguments ----------------------------------------------------------------------------------


def _port(value: str) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return port


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be at least 0")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="samverka", description=DESCRIPTION)
    parser.add_argument(
        "--traceback", action="store_true", help="show the full error (may include data)"
    )
    commands = parser.add_subparsers(dest="name", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the API server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--workers", type=_positive, default=1)
    serve.set_defaults(command=cmd_serve)

    worker = commands.add_parser(
        "worker", help="deliver webhooks and e-mail, run the scheduled checks (until stopped)"
    )
    worker.set_defaults(command=cmd_worker)

    migrate = commands.add_parser("migrate", help="upgrade the database to the newest migration")
    migrate.set_defaults(command=cmd_migrate)
    seed = commands.add_parser("seed-demo", help="load the synthetic demo data (not in production)")
    seed.add_argument(
        "--cases", type=_positive, help="also add a municipality of N synthetic cases (benchmark)"
    )
    seed.add_argument(
        "--audit-events", type=_non_negative, help="access-log events with --cases (10 a case)"
    )
    seed.set_defaults(command=cmd_seed_demo)

    user = commands.add_parser(
        "create-user", help=f"add a login; the password comes from {NEW_USER_PASSWORD_ENV}"
    )
    user.add_argument("--username", required=True)
    user.add_argument("--display-name", required=True)
    user.add_argument("--organization-id", required=True, type=uuid.UUID)
    user.add_argument("--unit-id", type=uuid.UUID)
    user.add_argument(
        "--role", dest="roles", required=True, action="append", type=Role, choices=list(Role)
    )
    user.set_defaults(command=cmd_create_user)

    export = commands.add_parser("export-openapi", help="write the OpenAPI contract as YAML")
    export.add_argument("--output", type=Path, default=Path("openapi.yaml"))
    export.add_argument("--check", action="store_true", help="exit 1 when the file differs")
    export.set_defaults(command=cmd_export_openapi)

    audit = commands.add_parser("audit-verify", help="verify the access log's hash chain")
    audit.set_defaults(command=cmd_audit_verify)

    timeout_help = "seconds pg_dump or pg_restore may take (default: one hour)"
    backup = commands.add_parser("backup", help="write the whole database to one file")
    backup.add_argument("--output", type=Path, required=True)
    backup.add_argument("--force", action="store_true", help="replace an existing file")
    backup.add_argument("--timeout", type=_positive, help=timeout_help)
    backup.set_defaults(command=cmd_backup)

    restore = commands.add_parser(
        "restore", help="restore a backup into an empty database, then verify it"
    )
    restore.add_argument("--input", type=Path, required=True)
    restore.add_argument("--timeout", type=_positive, help=timeout_help)
    restore.set_defaults(command=cmd_restore)
    return parser


if __name__ == "__main__":
    sys.exit(main())

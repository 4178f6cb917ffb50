"""``make crash-test``: kill the server with SIGKILL under a write load, again and again, then
check that every acknowledged write is stored once and whole, and the access log verifies.

Run from the repository root with the project's virtualenv: ``.venv/bin/python -m
bench.crash_test`` (``make crash-test`` does). It creates the PostgreSQL database
``samverka_crash`` (dropped again at the end unless ``CRASH_KEEP_DB=1``), seeds the small demo,
serves it with ``samverka serve --workers 2`` on 127.0.0.1 in a process group of its own, and
writes journal entries and meetings from threads in this process while the main thread kills
the whole group ``CRASH_KILLS`` times and starts it again. Every request carries its own
``Idempotency-Key``; on a connection error, timeout or 5xx the client sends the same request
with the same key until it is answered, as a phone or an integration would. The database
checks are in bench/crash_checks.py; the figures go to bench/CRASH.md.

Everything it starts it stops, also on failure or Ctrl-C; it is bounded by ``CRASH_DEADLINE``.
"""

# ruff: noqa: S603, S311 - starts the project's own command; random only picks delays
from __future__ import annotations

import itertools
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.client import HTTPException
from pathlib import Path
from typing import Any, TextIO

from bench.crash_checks import Ack, Findings, check
from bench.run import (
    HOST,
    RAW,
    ROOT,
    SAMVERKA,
    Config,
    admin_sql,
    http,
    login,
    machine,
    samverka,
)

DATABASE = "samverka_crash"
OUTPUT = ROOT / "bench" / "CRASH.md"
COMMAND = "make crash-test"
REQUEST_TIMEOUT = 10  # seconds; a request hanging on a killed server is then retried

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Settings:
    pg_url: str = os.environ.get("CRASH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    port: int = int(os.environ.get("CRASH_PORT", "8766"))
    kills: int = int(os.environ.get("CRASH_KILLS", "20"))
    threads: int = int(os.environ.get("CRASH_THREADS", "8"))
    deadline: float = float(os.environ.get("CRASH_DEADLINE", "270"))  # the kill loop's bound
    ready_timeout: float = float(os.environ.get("CRASH_READY_TIMEOUT", "60"))  # one start
    keep_db: bool = os.environ.get("CRASH_KEEP_DB", "") == "1"
    # Self-test of the checks: pretend one acknowledged id came back different; must fail.
    sabotage: bool = os.environ.get("CRASH_SABOTAGE", "") == "1"
    password: str = os.environ.get("SAMVERKA_DEMO_PASSWORD", "demo")

    @property
    def give_up(self) -> float:
        """How long one request keeps retrying: two slow restarts and then some."""
        return 2 * self.ready_timeout + 30

    def bench_config(self) -> Config:
        """bench/run.py's settings, for its helpers (http, login, admin_sql)."""
        return Config(port=self.port, server_url=self.pg_url, database=DATABASE, pool_size="10")

    def db_url(self) -> str:
        return urllib.parse.urlsplit(self.pg_url)._replace(path=f"/{DATABASE}").geturl()


@dataclass(frozen=True)
class Op:
    """One logical write; every attempt sends exactly this (same body, same key)."""

    kind: str
    marker: str
    path: str
    token: str
    case_id: str
    body: dict[str, Any]
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0  # logical requests
    attempts: int = 0  # HTTP requests, retries included
    retried: int = 0  # requests that needed at least one retry after a crash
    replayed: int = 0  # answered from the stored first answer (Idempotent-Replayed)
    acks: list[Ack] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # answered, but not 201


# The server ------------------------------------------------------------------------------------


class Server:
    """``samverka serve --workers 2``, killed and started again; one log for every start."""

    def __init__(self, s: Settings, env: dict[str, str], log: TextIO) -> None:
        self.s, self.env, self.log = s, env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.ready_seconds: list[float] = []

    def start(self) -> None:
        started = time.monotonic()
        self.log.write(f"\n=== start {len(self.ready_seconds) + 1} at {datetime.now(UTC)} ===\n")
        self.log.flush()
        command = [str(SAMVERKA), "serve", "--host", HOST, "--port", str(self.s.port)]
        self.process = subprocess.Popen(
            [*command, "--workers", "2"],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: the server and both workers
        )
        while time.monotonic() - started < self.s.ready_timeout:
            if self.process.poll() is not None:
                raise Failure(f"The server exited ({self.process.returncode}); see {log_path()}.")
            try:
                if http(self.s.bench_config(), "GET", "/readyz")[0] == 200:
                    self.ready_seconds.append(time.monotonic() - started)
                    return
            except (OSError, HTTPException):
                pass
            time.sleep(0.1)
        raise Failure(
            f"The server was not ready within {self.s.ready_timeout:.0f} s{_why()}; "
            f"see {log_path()}."
        )

    def kill(self) -> None:
        """SIGKILL to the whole group: no shutdown handler, no rollback, no goodbye."""
        assert self.process is not None  # noqa: S101 - started first
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        # The workers die with the leader, but a new server can only bind once they are gone.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _port_open(self.s.port):
            time.sleep(0.05)

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((HOST, port)) == 0


def _why() -> str:
    """uvicorn kills a worker that does not answer its health check within 5 s; a worker
    still importing the app on a starved machine never does, and is replaced forever."""
    log = log_path().read_text(errors="replace")
    died = log[log.rfind("=== start") :].count("died")
    if not died:
        return ""
    load = os.getloadavg()[0]
    return (
        f": uvicorn killed {died} worker(s) that did not answer its 5 s health check "
        f"while starting (load average {load:.1f} on {os.cpu_count()} CPUs)"
    )


def log_path() -> Path:
    return RAW / "crash-server.log"


class Failure(Exception):
    """The run cannot go on; the message is the sentence printed."""


# The write load --------------------------------------------------------------------------------

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, never a proxy


def _attempt(s: Settings, op: Op, attempt: int) -> tuple[int, bytes, bool]:
    """One HTTP attempt: (status, body, replayed); status 0 when no answer came."""
    headers = {
        "Authorization": f"Bearer {op.token}",
        "Content-Type": "application/json",
        "Idempotency-Key": op.key,
        "X-Request-ID": f"{op.marker}.a{attempt}",  # ties the audit events to this write
    }
    url = f"http://{HOST}:{s.port}{op.path}"
    data = json.dumps(op.body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=REQUEST_TIMEOUT) as response:
            replayed = response.headers.get("Idempotent-Replayed") == "true"
            return response.status, response.read(), replayed
    except urllib.error.HTTPError as error:
        return error.code, error.read(), False
    except (OSError, HTTPException):
        return 0, b"", False  # refused, reset, cut off mid-answer, timed out: the server died


def send(s: Settings, op: Op, tally: Tally) -> None:
    """Send ``op`` until the server answers; retry only what a crash can cause."""
    started = time.monotonic()
    for attempt in itertools.count(1):
        status, answer, replayed = _attempt(s, op, attempt)
        with tally.lock:
            tally.attempts += 1
        processing = status == 409 and b"still being processed" in answer
        if status and status < 500 and not processing:
            ok = status == 201
            _settle(
                tally,
                op,
                crashed=attempt > 1,
                replayed=replayed,
                error=None if ok else f"{status} {answer[:200]!r}",
                row_id=str(json.loads(answer)["id"]) if ok else "",
            )
            return
        if time.monotonic() - started > s.give_up:
            _settle(tally, op, crashed=True, replayed=False, error=f"no answer in {s.give_up} s")
            return
        time.sleep(random.uniform(0.1, 0.3))


def _settle(
    tally: Tally, op: Op, *, crashed: bool, replayed: bool, error: str | None, row_id: str = ""
) -> None:
    with tally.lock:
        tally.sent += 1
        tally.retried += crashed
        tally.replayed += replayed
        if error is None:
            tally.acks.append(Ack(op.kind, op.marker, op.key, row_id, op.case_id))
        else:
            tally.refused.append(f"{op.kind} {op.marker}: {error}")


@dataclass(frozen=True)
class Writer:
    kind: str  # "journal" or "meeting"
    token: str
    case_id: str
    category: str = ""
    journal_kind: str = ""

    def op(self, marker: str, n: int) -> Op:
        now = datetime.now(UTC)
        if self.kind == "journal":
            path = f"/api/v1/cases/{self.case_id}/journal"
            body: dict[str, Any] = {
                "kind": self.journal_kind,
                "category_code": self.category,
                "occurred_at": (now - timedelta(minutes=1)).isoformat(timespec="seconds"),
                "body": f"{marker} Krocktest: en anteckning som ska finnas exakt en gång.",
            }
        else:
            path = f"/api/v1/cases/{self.case_id}/meetings"
            starts = (now + timedelta(days=30, minutes=n)).replace(microsecond=0)
            body = {
                "kind": "extra",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "location": marker,
            }
        return Op(self.kind, marker, path, self.token, self.case_id, body)


def write_loop(s: Settings, writer: Writer, prefix: str, stop: threading.Event, t: Tally) -> None:
    n = 0
    while not stop.is_set():  # a write in flight is finished (answered) before stopping
        n += 1
        send(s, writer.op(f"{prefix}-{n:05d}", n), t)


def writers(s: Settings, run_id: str, tally: Tally) -> list[Writer]:
    """Coordinator journal and meetings in the unit's active cases; police journal in a case
    they reach under a consent covering police information (found by trying, one write)."""
    cfg = s.bench_config()
    coordinator, police = login(cfg, "samordnare"), login(cfg, "polis")
    status, page = http(cfg, "GET", "/api/v1/cases?limit=50", token=coordinator)
    active = [c["id"] for c in (page or {}).get("items", []) if c["status"] == "active"]
    if status != 200 or not active:
        raise Failure(f"The coordinator sees no active case ({status}).")
    status, page = http(cfg, "GET", "/api/v1/cases?limit=50", token=police)
    police_cases = [c["id"] for c in (page or {}).get("items", [])]
    police_writer = None
    for n, case_id in enumerate(police_cases):
        candidate = Writer("journal", police, case_id, "police", "police_report")
        before = len(tally.acks)
        send(s, candidate.op(f"crash-{run_id}-probe-{n:05d}", 0), tally)
        if len(tally.acks) > before:
            police_writer = candidate
            break
    if police_writer is None:
        raise Failure("The police officer may write police information in none of their cases.")
    chosen = []
    for i in range(s.threads):
        case_id = active[i % len(active)]
        if i % 4 == 1:
            chosen.append(police_writer)
        elif i % 4 == 3:
            chosen.append(Writer("meeting", coordinator, case_id))
        else:
            chosen.append(Writer("journal", coordinator, case_id, "social_services", "note"))
    return chosen


# The run ---------------------------------------------------------------------------------------


def prepare(s: Settings, env: dict[str, str]) -> None:
    cfg = s.bench_config()
    admin_sql(
        cfg, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"'
    )
    samverka(env, "migrate")
    samverka(env, "seed-demo")


def crash_loop(s: Settings, server: Server, stop: threading.Event, started: float) -> int:
    kills = 0
    while kills < s.kills:
        time.sleep(random.uniform(0.5, 2.0))  # load on a server that is up
        server.kill()
        kills += 1
        print(f"  kill {kills:2d}/{s.kills}: SIGKILL to the group, restarting ...", flush=True)
        server.start()
        if time.monotonic() - started > s.deadline:
            raise Failure(f"The kill loop did not finish within {s.deadline:.0f} s.")
    time.sleep(random.uniform(0.5, 2.0))  # writes on the last restart too
    stop.set()
    return kills


def audit_verify(env: dict[str, str]) -> tuple[bool, str]:
    done = subprocess.run(
        [str(SAMVERKA), "audit-verify"], env=env, capture_output=True, text=True, check=False
    )
    said = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return done.returncode == 0, f"exit {done.returncode}: {said[-1] if said else ''}"


def summary(
    t: Tally, found: Findings, *, restarts: list[float], kills: int, verify: str, seconds: float
) -> Rows:
    journal = sum(a.kind == "journal" for a in t.acks)
    restart = f"{statistics.median(restarts):.1f} s / {max(restarts):.1f} s" if restarts else "-"
    return [
        ("SIGKILLs of the server's process group", str(kills)),
        ("server start to /readyz, median / max", restart),
        ("write requests sent, each with its own Idempotency-Key", str(t.sent)),
        ("HTTP attempts, retries included", str(t.attempts)),
        (
            "acknowledged (201)",
            f"{len(t.acks)}: {journal} journal, {len(t.acks) - journal} meeting",
        ),
        ("retried after a crash (same request, same key)", str(t.retried)),
        ("answered by replay (committed before the kill)", str(t.replayed)),
        ("refused (answered, not 201)", str(len(t.refused))),
        ("rows of this run in the database", str(found.stored)),
        ("duplicates", str(len(found.duplicates))),
        ("missing (acknowledged, not stored)", str(len(found.missing))),
        ("half-written", str(len(found.half_written))),
        ("stored, never acknowledged", str(len(found.unacknowledged))),
        ("`samverka audit-verify`", verify),
        ("total time", f"{seconds:.0f} s"),
    ]


def _command() -> str:
    """The command as run, with the CRASH_* settings given (not the URL: it may hold a password)."""
    given = [
        f"{k}={v}"
        for k, v in sorted(os.environ.items())
        if k.startswith("CRASH_") and k != "CRASH_PG_URL"
    ]
    return " ".join([*given, COMMAND])


def write_report(s: Settings, rows: Rows, failures: list[str], load: float) -> Path:
    verdict = "PASS" if not failures else "FAIL: " + "; ".join(failures)
    info = machine()
    lines = [
        "# Crash test results",
        "",
        f"Written by `{COMMAND}` (bench/crash_test.py, issue #7): a write load from "
        f"{s.threads} threads (journal entries as coordinator and police, meetings with their "
        "invitations), the server (`samverka serve --workers 2`, 127.0.0.1) killed with SIGKILL "
        "and restarted, every unanswered request retried with its Idempotency-Key, then the "
        "database checked directly and the access log verified.",
        "",
        f"- date: {info['date']}; commit: {info['commit']}",
        f"- machine: {info['cpus']} CPUs, {info['memory']}; Python {info['python']}; "
        f"PostgreSQL {postgres_version(s)} on the same machine",
        f"- load average (1 min) at the start: {load:.1f} (other work on the machine slows "
        "the restarts, not the checks)",
        f"- command: `{_command()}` ({s.kills} kills, {s.threads} writer threads)",
        f"- result: {verdict}",
        "",
        "| check | value |",
        "|---|---:|",
        *(f"| {name} | {value} |" for name, value in rows),
    ]
    target = RAW / "crash-sabotage.md" if s.sabotage else OUTPUT
    target.write_text("\n".join(lines) + "\n")
    return target


def postgres_version(s: Settings) -> str:
    import psycopg

    with psycopg.connect(s.pg_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split(" ")[0] if row else "?"


def run(s: Settings, env: dict[str, str], server: Server) -> tuple[Rows, list[str]]:
    started = time.monotonic()
    print(f"Creating {DATABASE}, migrating, seeding the demo ...", flush=True)
    prepare(s, env)
    server.start()
    run_id, tally, stop = secrets.token_hex(3), Tally(), threading.Event()
    threads = [
        threading.Thread(
            target=write_loop, args=(s, w, f"crash-{run_id}-w{i}", stop, tally), daemon=True
        )
        for i, w in enumerate(writers(s, run_id, tally))
    ]
    print(f"Load: {len(threads)} writers; killing the server {s.kills} times ...", flush=True)
    for thread in threads:
        thread.start()
    try:
        kills = crash_loop(s, server, stop, started)
    except BaseException:
        stop.set()  # Ctrl-C or a failure: the writers are daemons and end with the process
        raise
    for thread in threads:  # each finishes the request in flight, answered
        thread.join(timeout=s.give_up + REQUEST_TIMEOUT)
    if any(thread.is_alive() for thread in threads):
        raise Failure("A writer did not finish its last request.")
    server.stop()
    print("Checking the database and the access log ...", flush=True)
    acks = list(tally.acks)
    if s.sabotage and acks:  # the checks must catch a lost write: pretend one id differs
        acks[0] = Ack(acks[0].kind, acks[0].marker, acks[0].key, str(uuid.uuid4()), acks[0].case_id)
    found = check(s.db_url(), run_id, acks)
    verified, verify = audit_verify(env)
    failures = found.failures()
    if tally.refused:
        failures.append(f"{len(tally.refused)} write(s) refused: {tally.refused[:3]}")
    if not verified:
        failures.append(f"samverka audit-verify failed ({verify})")
    if kills < s.kills:
        failures.append(f"only {kills} of {s.kills} kills happened")
    rows = summary(
        tally,
        found,
        restarts=server.ready_seconds,
        kills=kills,
        verify=verify,
        seconds=time.monotonic() - started,
    )
    return rows, failures


def main() -> int:
    s = Settings()
    if not 1 <= s.kills <= 100 or not 1 <= s.threads <= 32:
        sys.exit("CRASH_KILLS must be 1-100 and CRASH_THREADS 1-32.")
    cfg = s.bench_config()
    env = {
        **os.environ,
        "SAMVERKA_ENV": "development",
        "SAMVERKA_DATABASE_URL": cfg.database_url(),
        "SAMVERKA_SECRET_KEY": secrets.token_urlsafe(48),  # the same for every restart
        "SAMVERKA_DB_POOL_SIZE": cfg.pool_size,
        "SAMVERKA_ACCESS_TOKEN_MINUTES": "240",  # outlasts the run
        "SAMVERKA_DEMO_PASSWORD": s.password,
    }
    RAW.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    with log_path().open("w") as log:
        server = Server(s, env, log)
        try:
            rows, failures = run(s, env, server)
        except Failure as failure:
            print(f"Crash test FAILED: {failure}", file=sys.stderr)
            return 1
        finally:
            server.stop()
            if not s.keep_db:
                admin_sql(cfg, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    width = max(len(name) for name, _ in rows)
    print("\n".join(f"  {name:<{width}}  {value}" for name, value in rows))
    print(f"Wrote {write_report(s, rows, failures, load).relative_to(ROOT)}.")
    if failures:
        print("Crash test FAILED: " + "; ".join(failures) + ".", file=sys.stderr)
        return 1
    print(f"Crash test passed: {s.kills} kills, every acknowledged write stored once and whole.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

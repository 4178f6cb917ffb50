"""``make bench``: seed a scaled municipality, serve it, load it with wrk, write RESULTS.md.

Run from the repository root with the project's virtualenv (``make bench`` does). Everything
it starts it stops again, also on failure or Ctrl-C; the load goes to 127.0.0.1 only and
every wrk run is bounded in time. Settings come from ``BENCH_*`` variables (bench/README.md).
"""

# ruff: noqa: S603 - a harness that starts the project's own command, git and wrk
from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RAW = BENCH / "raw"  # git-ignored: wrk output, the server log, EXPLAIN plans
SAMVERKA = ROOT / ".venv" / "bin" / "samverka"
HOST = "127.0.0.1"  # never anywhere else
MAX_DURATION, MAX_CONNECTIONS = 120, 200


@dataclass(frozen=True)
class Config:
    cases: int = int(os.environ.get("BENCH_CASES", "10000"))
    audit_events: str = os.environ.get("BENCH_AUDIT_EVENTS", "")  # empty: ten per case
    duration: int = int(os.environ.get("BENCH_DURATION", "15"))
    concurrency: tuple[int, ...] = tuple(
        int(c) for c in os.environ.get("BENCH_CONCURRENCY", "10,50,200").split(",")
    )
    port: int = int(os.environ.get("BENCH_PORT", "8765"))
    server_url: str = os.environ.get(
        "BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    database: str = os.environ.get("BENCH_DATABASE", "samverka_bench")
    pool_size: str = os.environ.get("BENCH_POOL_SIZE", "20")
    keep_db: bool = os.environ.get("BENCH_KEEP_DB", "") == "1"
    # Measure again on the database a BENCH_KEEP_DB run left, without seeding it anew.
    reuse_db: bool = os.environ.get("BENCH_REUSE_DB", "") == "1"
    verify: bool = os.environ.get("BENCH_VERIFY", "1") == "1"
    explain: bool = os.environ.get("BENCH_EXPLAIN", "1") == "1"
    output: Path = Path(os.environ.get("BENCH_OUTPUT", str(BENCH / "RESULTS.md")))
    password: str = os.environ.get("SAMVERKA_DEMO_PASSWORD", "demo")

    def check(self) -> None:
        if not 1 <= self.duration <= MAX_DURATION:
            sys.exit(f"BENCH_DURATION must be 1-{MAX_DURATION} seconds.")
        if not all(1 <= c <= MAX_CONNECTIONS for c in self.concurrency):
            sys.exit(f"BENCH_CONCURRENCY values must be 1-{MAX_CONNECTIONS}.")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", self.database):
            sys.exit("BENCH_DATABASE must be a plain lower-case identifier.")

    def database_url(self) -> str:
        parts = urllib.parse.urlsplit(self.server_url)
        return urllib.parse.urlunsplit(
            ("postgresql+psycopg", parts.netloc, f"/{self.database}", "", "")
        )


@dataclass
class Target:
    name: str  # as shown in the table
    script: str  # bench/wrk/<script>
    path: str
    token: str = ""
    expect: int = 200
    case_id: str = ""


@dataclass
class Result:
    target: Target
    concurrency: int
    rps: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    busy: int  # 503 service-busy answers: back-pressure, not errors
    errors: int
    error_detail: str
    load: float  # one-minute load average right after the run: the noise indicator


@dataclass
class Seeded:
    how: str  # how the data came to be, for the report
    counts: dict[str, int] = field(default_factory=dict)
    verify: str = "not run"


# Setting up ----------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk with apt-get ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        steps = [install]
        steps += [["apt-get", "update", "-qq"], install]  # the package lists may be stale
        for step in steps:
            if shutil.which("wrk"):
                break
            subprocess.run(step, env=env, stdout=subprocess.DEVNULL, check=False)
    found = shutil.which("wrk")
    if not found:
        sys.exit("The benchmark needs wrk: as root, apt-get install wrk (Debian/Ubuntu).")
    return found


def admin_sql(cfg: Config, *statements: str, database: str | None = None) -> None:
    import psycopg

    url = cfg.server_url
    if database is not None:
        url = urllib.parse.urlsplit(url)._replace(path=f"/{database}").geturl()
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def samverka(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(SAMVERKA), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"samverka {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def seed(cfg: Config, env: dict[str, str]) -> Seeded:
    if cfg.reuse_db:
        samverka(env, "migrate")  # a kept database may predate the newest migration
        counts = table_counts(cfg)
        return Seeded(f"the database `{cfg.database}` of an earlier run, reused", counts)
    admin_sql(
        cfg,
        f'DROP DATABASE IF EXISTS "{cfg.database}" WITH (FORCE)',
        f'CREATE DATABASE "{cfg.database}"',
    )
    samverka(env, "migrate")
    extra = ["--audit-events", cfg.audit_events] if cfg.audit_events else []
    print(f"Seeding {cfg.cases} cases ...", flush=True)
    started = time.monotonic()
    summary = samverka(env, "seed-demo", "--cases", str(cfg.cases), *extra)
    how = f"`samverka seed-demo --cases {cfg.cases}` in {time.monotonic() - started:.0f} s"
    seeded = Seeded(how)
    print(summary, flush=True)
    # A fresh bulk load has no planner statistics yet; production tables have them.
    admin_sql(cfg, "VACUUM (ANALYZE)", database=cfg.database)
    seeded.counts = table_counts(cfg)
    if cfg.verify:
        started = time.monotonic()
        verdict = samverka(env, "audit-verify")
        seeded.verify = f"{verdict} ({time.monotonic() - started:.0f} s)"
        print(seeded.verify, flush=True)
    return seeded


def table_counts(cfg: Config) -> dict[str, int]:
    import psycopg

    tables: tuple[str, ...] = (
        "cases",
        "persons",
        "case_members",
        "consents",
        "action_plan_items",
        "meetings",
    )
    tables += ("meeting_attendances", "journal_entries", "audit_events")
    url = urllib.parse.urlsplit(cfg.server_url)._replace(path=f"/{cfg.database}").geturl()
    with psycopg.connect(url) as connection:
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        counts = {
            t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]  # noqa: S608 - fixed names
            for t in tables
        }
    counts["database MB"] = round(size[0] / 2**20) if size else 0
    return counts


@contextmanager
def server(cfg: Config, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``samverka serve --workers 2`` in a process group of its own, stopped on the way out."""
    RAW.mkdir(parents=True, exist_ok=True)
    log = (RAW / "server.log").open("wb")
    command = [str(SAMVERKA), "serve", "--host", HOST, "--port", str(cfg.port), "--workers", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_ready(cfg, process)
        yield process
    finally:
        stop(process)
        log.close()


def wait_ready(cfg: Config, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped (exit {process.returncode}); see {RAW / 'server.log'}.")
        try:
            if http(cfg, "GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"The server did not become ready in {timeout:.0f} s; see {RAW / 'server.log'}.")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # our own group: the server and its two workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Talking to the server ------------------------------------------------------------------------


def http(
    cfg: Config,
    method: str,
    path: str,
    *,
    token: str = "",
    form: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
) -> tuple[int, Any]:
    data, headers = None, {"Accept": "application/json"}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = f"http://{HOST}:{cfg.port}{path}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def login(cfg: Config, username: str) -> str:
    form = {"grant_type": "password", "username": username, "password": cfg.password}
    status, answer = http(cfg, "POST", "/api/v1/auth/token", form=form)
    if status != 200:
        sys.exit(f"Logging in as {username} failed ({status}): {answer}")
    return str(answer["access_token"])


def targets(cfg: Config) -> list[Target]:
    police, coordinator = login(cfg, "polis"), login(cfg, "samordnare")
    listed: dict[str, list[dict[str, Any]]] = {}
    for who, token in (("police", police), ("coordinator", coordinator)):
        status, page = http(cfg, "GET", "/api/v1/cases?limit=50", token=token)
        if status != 200 or not page["items"]:
            sys.exit(f"The {who} case list answered {status} with no cases; is the seed scaled?")
        listed[who] = page["items"]
    active = [c for c in listed["coordinator"] if c["status"] == "active"]
    if not active:
        sys.exit("The coordinator's first page has no active case to open.")
    case_id, police_case = active[0]["id"], listed["police"][0]["id"]
    n_police, n_coord = len(listed["police"]), len(listed["coordinator"])
    cases, one = "/api/v1/cases?limit=50", f"/api/v1/cases/{case_id}"
    journal = f"/api/v1/cases/{police_case}/journal"
    return [
        Target("GET /healthz (floor)", "get.lua", "/healthz"),
        # The cheapest authenticated request: token, user, one read of the caller's profile.
        # What every API request costs before its own work, so no path can be faster.
        Target("GET /me as police (authenticated floor)", "get.lua", "/api/v1/me", police),
        Target(f"GET /cases?limit=50 as police ({n_police} rows)", "get.lua", cases, police),
        Target(
            f"GET /cases?limit=50 as coordinator ({n_coord} rows)", "get.lua", cases, coordinator
        ),
        Target(
            "GET /cases/{id} + /action-plan as coordinator",
            "case_and_plan.lua",
            one,
            coordinator,
            case_id=case_id,
        ),
        Target("GET /me/tasks as police", "get.lua", "/api/v1/me/tasks", police),
        Target(
            "POST /cases/{id}/journal as police", "journal.lua", journal, police, 201, police_case
        ),
    ]


def smoke(cfg: Config, target: Target) -> None:
    """One request before the load: a path answering the wrong status would be measured
    as fast errors, so the run stops instead."""
    body = None
    if target.script == "journal.lua":
        occurred = datetime.now(UTC).isoformat(timespec="seconds")
        body = {"kind": "police_report", "category_code": "police", "occurred_at": occurred}
        body["body"] = "Belastningstest: kontroll."
    method = "POST" if body else "GET"
    paths = [target.path] + (
        [f"{target.path}/action-plan"] if target.script == "case_and_plan.lua" else []
    )
    for path in paths:
        status, answer = http(cfg, method, path, token=target.token, body=body)
        if status != target.expect:
            sys.exit(f"{method} {path} answered {status}, not {target.expect}: {answer}")


# Load -----------------------------------------------------------------------------------------

_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT[unit]


def parse(output: str) -> dict[str, Any]:
    """wrk's ``--latency`` text (p50, p90, p99, non-2xx) and our done() line (p95, counts)."""
    found: dict[str, Any] = {"non2xx": 0}
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.MULTILINE)
        found[f"p{pct}"] = _ms(match.group(1)) if match else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    found["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    line = re.search(r"^BENCH_RESULT (.*)$", output, re.MULTILINE)
    if line is None:
        sys.exit(f"wrk printed no BENCH_RESULT line:\n{output}")
    found |= {k: float(v) for k, v in (pair.split("=") for pair in line.group(1).split())}
    return found


def run_wrk(cfg: Config, wrk: str, target: Target, concurrency: int) -> Result:
    env = {**os.environ, "BENCH_WRK_DIR": str(BENCH / "wrk"), "BENCH_TOKEN": target.token}
    env["BENCH_CASE_ID"] = target.case_id
    command = [
        wrk, "-t2", f"-c{concurrency}", f"-d{cfg.duration}s", "--latency", "--timeout", "10s",
        "-s", str(BENCH / "wrk" / target.script), f"http://{HOST}:{cfg.port}{target.path}",
    ]  # fmt: skip
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=cfg.duration + 60, check=False
    )
    slug = re.sub(r"[^a-z0-9]+", "-", target.name.lower()).strip("-")
    (RAW / f"wrk-c{concurrency}-{slug}.txt").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        sys.exit(f"wrk failed for {target.name}: {done.stderr.strip()}")
    found = parse(done.stdout)
    socket = {k: int(found[k]) for k in ("connect", "read", "write", "timeout")}
    busy, other_non2xx = int(found["busy"]), found["non2xx"] - int(found["busy"])
    errors = other_non2xx + sum(socket.values())
    detail = ", ".join(f"{k} {v}" for k, v in socket.items() if v)
    if other_non2xx:
        detail = ", ".join(filter(None, [f"non-2xx {other_non2xx}", detail]))
    # req/s counts the answers that did the work: a 503 is quick and would flatter the rate.
    answered = int(found["requests"]) - found["non2xx"]
    rps = answered / (found["duration_us"] / 1e6) if found["duration_us"] else 0.0
    return Result(
        target, concurrency, rps, found["p50"], found["p90"], found["p95_us"] / 1000,
        found["p99"], int(found["requests"]), busy, int(errors), detail, os.getloadavg()[0],
    )  # fmt: skip


# Report ---------------------------------------------------------------------------------------


def _command(*args: str) -> str:
    done = subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _proc(name: str, pattern: str) -> str | None:
    path = Path("/proc") / name
    match = re.search(pattern, path.read_text()) if path.exists() else None
    return match.group(1).strip() if match else None


# The tables the harnesses write (make fuzz runs just before): a fresh FUZZ.md is not a change
# to what was measured.
_NOT_OUTPUTS = (
    ".",
    ":(exclude,glob)bench/RESULTS*.md",
    ":(exclude)bench/FUZZ.md",
    ":(exclude)bench/CRASH.md",
)


def machine() -> dict[str, str]:
    mem_kb = _proc("meminfo", r"MemTotal:\s+(\d+) kB")
    cpu = _proc("cpuinfo", r"model name\s*:\s*(.+)") or platform.machine()
    dirty = _command("git", "status", "--porcelain", "--untracked-files=no", "--", *_NOT_OUTPUTS)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _command("git", "rev-parse", "--short", "HEAD")
        + (" (with uncommitted changes)" if dirty else ""),
        "cpus": f"{os.cpu_count()} ({cpu})",
        "memory": f"{int(mem_kb) / 2**20:.1f} GiB" if mem_kb else "unknown",
        "python": platform.python_version(),
        "wrk": _command("wrk", "--version").split(" Copyright")[0] if shutil.which("wrk") else "?",
    }


HEADER = (
    "| path | req/s | p50 ms | p95 ms | p99 ms | requests | 503 busy | errors "
    "| ratio to /healthz | load after |"
)


def write_report(
    cfg: Config, seeded: Seeded, results: list[Result], info: dict[str, str], load: float
) -> None:
    sizes = ", ".join(f"{name} {count:,}" for name, count in seeded.counts.items())
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); bench/README.md says how to run and read it.",
        "",
        f"- date: {info['date']}; commit: {info['commit']}",
        f"- machine: {info['cpus']} CPUs, {info['memory']}; Python {info['python']}",
        f"- load average (1 min) before the runs: {load:.2f} (when near or above the CPU "
        "count, other work shared the machine and the numbers are noisy)",
        f"- data: {seeded.how}: {sizes}",
        f"- access log: {seeded.verify}",
        f"- server: `samverka serve --workers 2` on {HOST}, access log on, "
        f"SAMVERKA_DB_POOL_SIZE={cfg.pool_size}, PostgreSQL on the same machine",
        f"- load: {info['wrk']}, `wrk -t2 -c<C> -d{cfg.duration}s --latency` from a second "
        "process; req/s counts the expected answers only; 503 busy is back-pressure (waited "
        "too long for a slot, not started); errors are other non-2xx/3xx answers plus socket "
        "errors and timeouts (wrk gives up after 10 s)",
    ]
    for concurrency in cfg.concurrency:
        rows = [r for r in results if r.concurrency == concurrency]
        floor = rows[0].rps if rows and rows[0].rps else float("nan")
        lines += ["", f"## {concurrency} connections", "", HEADER, "|---" + "|---:" * 9 + "|"]
        for r in rows:
            errors = f"{r.errors} ({r.error_detail})" if r.errors else "0"
            cells = (
                r.target.name,
                f"{r.rps:,.1f}",
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
                f"{r.p99_ms:.1f}",
                f"{r.requests:,}",
                f"{r.busy:,}",
                errors,
                f"{r.rps / floor:.3f}",
                f"{r.load:.1f}",
            )
            lines.append("| " + " | ".join(cells) + " |")
    cfg.output.write_text("\n".join(lines) + "\n")
    print(f"Wrote {cfg.output}.")


# EXPLAIN ----------------------------------------------------------------------------------------


def explain(cfg: Config) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the list queries exactly as the services build them."""
    os.environ["SAMVERKA_DATABASE_URL"] = cfg.database_url()
    sys.path.insert(0, str(ROOT))
    from bench.explain import explain_queries

    (RAW / "explain.txt").write_text(explain_queries())
    print(f"Wrote {RAW / 'explain.txt'}.")


def main() -> int:
    cfg = Config()
    cfg.check()
    wrk = ensure_wrk()
    env = {
        **os.environ,
        "SAMVERKA_ENV": "development",
        "SAMVERKA_DATABASE_URL": cfg.database_url(),
        "SAMVERKA_SECRET_KEY": secrets.token_urlsafe(48),
        "SAMVERKA_DB_POOL_SIZE": cfg.pool_size,
        "SAMVERKA_ACCESS_TOKEN_MINUTES": "240",  # outlasts every run
        "SAMVERKA_DEMO_PASSWORD": cfg.password,
    }
    RAW.mkdir(parents=True, exist_ok=True)
    try:
        seeded = seed(cfg, env)
        info, load_before, results = machine(), os.getloadavg()[0], []
        with server(cfg, env):
            chosen = targets(cfg)
            for target in chosen:
                smoke(cfg, target)
            for concurrency in cfg.concurrency:
                for target in chosen:
                    print(f"c={concurrency} {target.name} ...", flush=True)
                    results.append(run_wrk(cfg, wrk, target, concurrency))
        write_report(cfg, seeded, results, info, load_before)
        if cfg.explain:
            explain(cfg)
    finally:
        if not (cfg.keep_db or cfg.reuse_db):
            admin_sql(cfg, f'DROP DATABASE IF EXISTS "{cfg.database}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())

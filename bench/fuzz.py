"""``make fuzz``: schemathesis against the live server as five roles, stateful links included,
until at least ``FUZZ_REQUESTS`` (10,000) requests have been sent; no answer may be a 5xx.

Run from the repository root with the project's virtualenv: ``.venv/bin/python -m bench.fuzz``
(``make fuzz`` does). It creates the PostgreSQL database ``samverka_fuzz`` (dropped again at the
end unless ``FUZZ_KEEP_DB=1``), seeds the small demo, serves it with ``samverka serve --workers
2`` on 127.0.0.1 in a process group of its own (``bench.run.server``) and runs ``st run`` on the
published openapi.yaml once per role, each with its own token: all four phases (examples,
coverage, fuzzing, stateful), the checks of the contract tests (tests/contract). A 4xx the
contract documents (401, 403, 404, 409, 412, 422, 428, ...) is an answer, not a failure.

Requests are counted in the server's access log, verdicts read from schemathesis's NDJSON
report (bench/fuzz_results.py); the run fails on any 5xx, any failed check, any request that got
no answer and on fewer requests than asked for. The figures go to bench/FUZZ.md.
"""

# ruff: noqa: S603 - starts the project's own command and schemathesis
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from bench.fuzz_results import Outcome, read_access_log, read_report
from bench.run import HOST, RAW, ROOT, Config, http, login, machine, samverka, server
from bench.server import app_env, drop_database, fresh_database

DATABASE = "samverka_fuzz"
SPEC = ROOT / "openapi.yaml"
ST = ROOT / ".venv" / "bin" / "st"
HOOKS = ROOT / "bench" / "fuzz_hooks.py"  # keeps the harness's own accounts logged in
WORK = RAW / "fuzz"  # git-ignored: configs, NDJSON reports, st's output and its example store
SERVER_LOG = RAW / "server.log"  # where bench.run.server sends the server's output
OUTPUT = ROOT / "bench" / "FUZZ.md"
COMMAND = "make fuzz"
PHASES = ("examples", "coverage", "fuzzing", "stateful")
# As the contract tests (tests/contract): server errors, undocumented statuses, wrong media
# types, bodies that break the schema. Not positive_data_acceptance (schema-valid input that
# breaks a domain rule is refused by design) nor ensure_resource_availability (a proposer may
# not read the proposal it created: 404 by design).
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
MAX_ROUNDS = 5  # all roles again, with new seeds, while fewer requests than asked were sent
STATEFUL_STEPS = 10  # per scenario (schemathesis: 6); chains such as create -> read -> change
KNOWN_CASE_SHARE = 0.8  # how often a generated case_id is one the role can read


@dataclass(frozen=True)
class Role:
    name: str
    login: str  # user name, or the client id of an integration client
    client: bool = False  # client credentials instead of the password grant


ROLES = (
    Role("coordinator", "samordnare"),  # full access to the unit's assigned cases
    Role("police", "polis"),  # member of groups, limited to what consents cover
    Role("unit manager", "chef"),
    Role("integration client", "polisens-system", client=True),
    # Last: it may deactivate or reset the accounts of the roles before it.
    Role("admin", "admin"),
)


@dataclass(frozen=True)
class Settings:
    pg_url: str = os.environ.get("FUZZ_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    port: int = int(os.environ.get("FUZZ_PORT", "8767"))
    requests: int = int(os.environ.get("FUZZ_REQUESTS", "10000"))  # at least, in total
    examples: int = int(os.environ.get("FUZZ_EXAMPLES", "10"))  # per operation and phase
    scenarios: int = int(os.environ.get("FUZZ_SCENARIOS", "200"))  # stateful, per role
    workers: int = int(os.environ.get("FUZZ_WORKERS", "2"))
    seed: str = os.environ.get("FUZZ_SEED", "")
    role_timeout: float = float(os.environ.get("FUZZ_ROLE_TIMEOUT", "900"))  # one st run
    keep_db: bool = os.environ.get("FUZZ_KEEP_DB", "") == "1"
    password: str = os.environ.get("SAMVERKA_DEMO_PASSWORD", "demo")

    def check(self) -> None:
        if not 1 <= self.workers <= 2:
            sys.exit("FUZZ_WORKERS must be 1 or 2 (the machine is shared).")
        if self.requests < 1 or self.examples < 1 or self.scenarios < 1:
            sys.exit("FUZZ_REQUESTS, FUZZ_EXAMPLES and FUZZ_SCENARIOS must be positive.")
        if self.seed and not self.seed.isdigit():
            sys.exit("FUZZ_SEED must be a non-negative integer.")

    def bench_config(self) -> Config:
        """bench/run.py's settings, for its helpers (server, http, login, admin_sql)."""
        return Config(
            port=self.port,
            server_url=self.pg_url,
            database=DATABASE,
            pool_size="10",
            password=self.password,
        )


# Before the run ----------------------------------------------------------------------------


def token_for(cfg: Config, role: Role) -> str:
    if not role.client:
        return login(cfg, role.login)
    form = {
        "grant_type": "client_credentials",
        "client_id": role.login,
        "client_secret": cfg.password,
    }
    status, answer = http(cfg, "POST", "/api/v1/auth/token", form=form)
    if status != 200:
        sys.exit(f"The client credentials of {role.login} were refused ({status}): {answer}")
    return str(answer["access_token"])


def account_id(cfg: Config, token: str) -> str:
    """The id of the user or client the token belongs to (``GET /me``)."""
    status, me = http(cfg, "GET", "/api/v1/me", token=token)
    if status != 200:
        sys.exit(f"GET /api/v1/me answered {status} to a fresh token.")
    return str(me["id"]).lower()


def readable_cases(cfg: Config, token: str) -> list[str]:
    """The cases the role can open, so that generated requests reach more than 404."""
    status, page = http(cfg, "GET", "/api/v1/cases?limit=200", token=token)
    return [str(case["id"]) for case in page["items"]] if status == 200 else []


def st_config(s: Settings, case_ids: list[str]) -> str:
    """One role's schemathesis.toml; the token is read from FUZZ_TOKEN, never written down."""
    lines = [
        "# Written by bench/fuzz.py for one role.",
        f"hooks = {json.dumps(str(HOOKS))}",
        "",
        "[headers]",
        'Authorization = "Bearer ${FUZZ_TOKEN}"',
        "",
        "[phases.stateful]",
        f"max-steps = {STATEFUL_STEPS}",
        "",
        "[phases.stateful.generation]",
        f"max-examples = {s.scenarios}",
    ]
    if case_ids:
        binding = f'{{ dictionary = "readable-cases", probability = {KNOWN_CASE_SHARE} }}'
        lines += [
            "",
            "[dictionaries.readable-cases]",
            f"values = {json.dumps(case_ids)}",
            "",
            "[parameters]",
            f'"path.case_id" = {binding}',
        ]
    return "\n".join(lines) + "\n"


# The run ---------------------------------------------------------------------------------------


def st_command(s: Settings, config: Path, report: Path, seed: int) -> list[str]:
    return [
        str(ST), "--config-file", str(config), "run", str(SPEC),
        "--url", f"http://{HOST}:{s.port}", "--workers", str(s.workers),
        "--phases", ",".join(PHASES), "--checks", ",".join(CHECKS),
        "--max-examples", str(s.examples), "--request-timeout", "30", "--seed", str(seed),
        "--report", "ndjson", "--report-ndjson-path", str(report), "--no-color",
    ]  # fmt: skip


@dataclass(frozen=True)
class Session:
    """What the harness knows about one role before fuzzing starts."""

    token: str
    case_ids: list[str]


def run_role(s: Settings, role: Role, session: Session, own: str, seed: int) -> Outcome:
    """One ``st run`` as ``role``; its requests are the server log's lines written meanwhile.
    ``own`` lists the harness's accounts, which the hooks keep from being logged out."""
    slug = role.name.replace(" ", "-")
    config, report = WORK / f"{slug}.toml", WORK / f"{slug}.ndjson"
    config.write_text(st_config(s, session.case_ids))
    report.unlink(missing_ok=True)
    outcome = Outcome(role.name, role.login)
    start, started = SERVER_LOG.stat().st_size, time.monotonic()
    with (WORK / f"{slug}.txt").open("w") as output:
        try:
            done = subprocess.run(
                st_command(s, config, report, seed),
                cwd=WORK,  # schemathesis keeps its example database in the working directory
                env={**os.environ, "FUZZ_TOKEN": session.token, "FUZZ_OWN_ACCOUNTS": own},
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=s.role_timeout,
                check=False,
            )
            outcome.exit_code = done.returncode
        except subprocess.TimeoutExpired:
            outcome.errors.append(f"st run did not finish within {s.role_timeout:.0f} s")
    outcome.seconds = time.monotonic() - started
    time.sleep(0.5)  # the access line of the last answer is written just after it is sent
    read_access_log(SERVER_LOG, start, SERVER_LOG.stat().st_size, outcome)
    if report.exists():
        read_report(report, outcome)
    else:
        outcome.errors.append("st run wrote no NDJSON report")
    return outcome


def fuzz(s: Settings, cfg: Config) -> list[Outcome]:
    """Every role once (tokens taken before any of them runs), again while too few requests."""
    tokens = {role: token_for(cfg, role) for role in ROLES}
    sessions = {role: Session(token, readable_cases(cfg, token)) for role, token in tokens.items()}
    own = ",".join(account_id(cfg, token) for token in tokens.values())
    seed = int(s.seed) if s.seed else secrets.randbits(64)
    outcomes: list[Outcome] = []
    for round_ in range(1, MAX_ROUNDS + 1):
        for n, role in enumerate(ROLES):
            session = sessions[role]
            print(f"  {role.name} ({len(session.case_ids)} readable cases) ...", flush=True)
            outcome = run_role(s, role, session, own, seed + 100 * (round_ - 1) + n)
            if round_ > 1:
                outcome.role += f" (round {round_})"
            outcomes.append(outcome)
            print(f"    {summary_line(outcome)}", flush=True)
            if only_crashed(outcome):
                # Once more with another seed; a second crash fails the run (failures_of).
                print(f"    schemathesis crashed: {outcome.tool_crashes[0]}; again", flush=True)
                again = run_role(s, role, session, own, seed + 100 * (round_ - 1) + n + 50)
                again.role = f"{outcome.role} (again after a schemathesis crash)"
                outcome.run_again = True
                outcomes.append(again)
                print(f"    {summary_line(again)}", flush=True)
        if sum(o.requests for o in outcomes) >= s.requests:
            break
    return outcomes


# The verdict and the report --------------------------------------------------------------------


def only_crashed(o: Outcome) -> bool:
    """schemathesis itself crashed and the run found nothing: worth one more run, not a verdict."""
    return bool(o.tool_crashes) and not (o.server_errors or o.failures or o.errors)


def summary_line(o: Outcome) -> str:
    return (
        f"{o.requests} requests, {len(o.server_errors)} 5xx, {o.check_failures} other check "
        f"failures, {len(o.errors)} errors, {len(o.links)} links followed, {o.seconds:.0f} s"
    )


def failures_of(s: Settings, outcomes: list[Outcome]) -> list[str]:
    found = []
    total = sum(o.requests for o in outcomes)
    if total < s.requests:
        found.append(f"only {total} requests were sent (FUZZ_REQUESTS={s.requests})")
    for o in outcomes:
        if o.server_errors:
            found.append(f"{o.role}: {len(o.server_errors)} 5xx, first {o.server_errors[0]}")
        if o.failures:
            found.append(f"{o.role}: failed checks {sorted(o.failures)[:5]}")
        if o.errors:
            found.append(f"{o.role}: {len(o.errors)} errors, first {o.errors[0]}")
        if o.tool_crashes and not o.run_again:
            found.append(f"{o.role}: schemathesis crashed, {o.tool_crashes[0]}")
        if o.exit_code and not (o.server_errors or o.failures or o.errors or o.tool_crashes):
            found.append(f"{o.role}: st run exited with {o.exit_code}; see {WORK}")
    return found


def declared_links() -> int:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return sum(
        len(response.get("links", {}))
        for item in spec["paths"].values()
        for operation in item.values()
        for response in operation.get("responses", {}).values()
    )


TABLE = (
    "| role | login | requests | 2xx | 4xx | 5xx | other check failures | stateful requests "
    "| links followed (declared) | time |"
)


def table(outcomes: list[Outcome]) -> list[str]:
    rows = [TABLE, "|---|---" + "|---:" * 8 + "|"]
    for o in outcomes:
        cells = (
            o.role,
            f"`{o.login}`",
            f"{o.requests:,}",
            f"{o.statuses['2xx']:,}",
            f"{o.statuses['4xx']:,}",
            str(len(o.server_errors)),
            str(o.check_failures),
            f"{o.phases['stateful']:,}",
            f"{len(o.links)} ({len(o.explicit_links)})",
            f"{o.seconds:.0f} s",
        )
        rows.append("| " + " | ".join(cells) + " |")
    total = sum(o.requests for o in outcomes)
    server_errors = sum(len(o.server_errors) for o in outcomes)
    other = sum(o.check_failures for o in outcomes)
    seconds = sum(o.seconds for o in outcomes)
    rows.append(
        f"| **total** | | **{total:,}** | | | **{server_errors}** | **{other}** | | | "
        f"{seconds:.0f} s |"
    )
    return rows


def _command() -> str:
    """The command as run, with the FUZZ_* settings given (not the URL: it may hold a password)."""
    given = [
        f"{k}={v}"
        for k, v in sorted(os.environ.items())
        if k.startswith("FUZZ_") and k not in ("FUZZ_PG_URL", "FUZZ_TOKEN")
    ]
    return " ".join([*given, COMMAND])


def write_report(
    s: Settings, outcomes: list[Outcome], failures: list[str], seconds: float, load: float
) -> None:
    info = machine()
    phases = sum((o.phases for o in outcomes), start=Counter[str]())
    per_phase = ", ".join(f"{name} {phases[name]:,}" for name in PHASES)
    verdict = "PASS" if not failures else "FAIL: " + "; ".join(failures)
    unhandled = sum((o.unhandled for o in outcomes), start=Counter[str]())
    lines = [
        "# Fuzzing results",
        "",
        f"Written by `{COMMAND}` (bench/fuzz.py, issue #7): schemathesis {version('schemathesis')}"
        " `st run` on the published openapi.yaml against the live server (`samverka serve "
        f"--workers 2` on {HOST}, the small demo in PostgreSQL), once per role with its own "
        f"token, {s.workers} schemathesis workers. Phases: {', '.join(PHASES)}; the stateful "
        f"phase follows the {declared_links()} links openapi.yaml declares and those "
        f"schemathesis infers. Checks: {', '.join(CHECKS)}. A documented 4xx is an answer; any "
        "5xx, failed check or request without an answer fails the run.",
        "",
        f"- date: {info['date']}; commit: {info['commit']}",
        f"- machine: {info['cpus']} CPUs, {info['memory']}; Python {info['python']}",
        f"- load average (1 min) at the start: {load:.1f}",
        f"- command: `{_command()}` (`--max-examples {s.examples}`, "
        f"{s.scenarios} stateful scenarios per role)",
        f"- result: {verdict}",
        f"- duration: {seconds:.0f} s in total (database, seed and server start included)",
        f"- requests per phase (as schemathesis recorded them): {per_phase}",
        "- requests are counted in the server's access log; 2xx and 4xx are its answers",
        f"- unhandled exceptions in the server log: {sum(unhandled.values())}",
        "- schemathesis crashes (the role then ran once more): "
        + ("; ".join(f"{o.role}: {c}" for o in outcomes for c in o.tool_crashes) or "none"),
        "- seeds (`FUZZ_SEED=<the first>` repeats the generation, not how two workers "
        "interleave): " + ", ".join(f"{o.role} {o.seed}" for o in outcomes),
        "",
        *table(outcomes),
    ]
    OUTPUT.write_text("\n".join(lines) + "\n")


def main() -> int:
    s = Settings()
    s.check()
    cfg = s.bench_config()
    env = app_env(cfg)
    WORK.mkdir(parents=True, exist_ok=True)
    load, started = os.getloadavg()[0], time.monotonic()
    try:
        print(f"Creating {DATABASE}, migrating, seeding the demo ...", flush=True)
        fresh_database(cfg, env)
        samverka(env, "seed-demo")
        with server(cfg, env):
            print(f"Fuzzing as {len(ROLES)} roles (st output in {WORK}) ...", flush=True)
            outcomes = fuzz(s, cfg)
    finally:
        if not s.keep_db:
            drop_database(cfg)
    failures = failures_of(s, outcomes)
    print("\n".join(table(outcomes)))
    write_report(s, outcomes, failures, time.monotonic() - started, load)
    print(f"Wrote {OUTPUT.relative_to(ROOT)}.")
    if failures:
        print("Fuzzing FAILED: " + "; ".join(failures) + ".", file=sys.stderr)
        return 1
    total = sum(o.requests for o in outcomes)
    print(f"Fuzzing passed: {total:,} requests, no server error, every answer as documented.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

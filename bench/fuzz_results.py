"""What one schemathesis run did, from the two records that cannot disagree by accident: the
server's access log (every request that reached the app, and its status) and schemathesis's
NDJSON report (every check's verdict and every request it could not complete).

No request or response body is kept: the demo data are invented, but the harness reports
operations, statuses and check names only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# uvicorn's access line, as the app's JSON log carries it in "event".
_ACCESS = re.compile(r' - "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})$')


@dataclass
class Outcome:
    """One role's run: counted by the server and judged by schemathesis."""

    role: str
    login: str
    requests: int = 0  # access-log lines: requests the server answered
    statuses: Counter[str] = field(default_factory=Counter)  # "2xx", "4xx", "5xx", ...
    server_errors: list[str] = field(default_factory=list)  # "POST /path 500"
    unhandled: Counter[str] = field(default_factory=Counter)  # "KeyError at /path"
    cases: int = 0  # requests schemathesis recorded
    phases: Counter[str] = field(default_factory=Counter)  # requests per phase
    failures: Counter[str] = field(default_factory=Counter)  # "check: METHOD /path"
    errors: list[str] = field(default_factory=list)  # requests schemathesis could not complete
    tool_crashes: list[str] = field(default_factory=list)  # the interpreter's own faults
    run_again: bool = False  # after a crash that found nothing, the role ran once more
    links: set[str] = field(default_factory=set)  # distinct links followed (stateful)
    explicit_links: set[str] = field(default_factory=set)  # of those, declared in openapi.yaml
    seed: str = ""
    seconds: float = 0.0
    exit_code: int = 0

    @property
    def check_failures(self) -> int:
        """Distinct failing (check, operation) pairs other than the server-error check."""
        return sum(1 for key in self.failures if not key.startswith("not_a_server_error:"))


def read_access_log(log: Path, start: int, end: int, into: Outcome) -> None:
    """Count the requests between two byte offsets of the server's log (one role's window)."""
    with log.open("rb") as stream:
        stream.seek(start)
        window = stream.read(end - start).decode(errors="replace")
    for line in window.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a traceback's lines, or uvicorn before logging is configured
        event = str(entry.get("event", ""))
        if event == "unhandled_error":
            into.unhandled[f"{entry.get('error_type')} at {entry.get('path')}"] += 1
        access = _ACCESS.search(event)
        if access is None:
            continue
        status = access["status"]
        into.requests += 1
        into.statuses[f"{status[0]}xx"] += 1
        if status.startswith("5"):
            path = access["path"].split("?", 1)[0]
            into.server_errors.append(f"{access['method']} {path} {status}")


def read_report(ndjson: Path, into: Outcome) -> None:
    """Recorded requests, failed checks and errors from schemathesis's NDJSON events."""
    for kind, event in _events(ndjson):
        if kind == "Initialize":
            into.seed = str(event.get("seed", ""))
        elif kind in ("NonFatalError", "FatalError", "Interrupted"):
            described = f"{kind}: {event.get('label', '')}".strip(": ")
            if _is_interpreter_fault(event):
                into.tool_crashes.append(f"{described} ({_INTERPRETER_FAULT})")
            else:
                into.errors.append(described)
        elif kind == "ScenarioFinished":
            _read_scenario(event, into)


# CPython 3.11 raises this SystemError now and then when threads parse source at once
# (python/cpython gh-106905); schemathesis's workers do. It says nothing about the server.
_INTERPRETER_FAULT = "AST constructor recursion depth mismatch"


def _is_interpreter_fault(event: dict[str, Any]) -> bool:
    value = str(event.get("value", ""))
    return "'type': 'SystemError'" in value and _INTERPRETER_FAULT in value


def _events(ndjson: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with ndjson.open(encoding="utf-8") as stream:
        for line in stream:
            [(kind, event)] = json.loads(line).items()
            yield kind, event


def _read_scenario(event: dict[str, Any], into: Outcome) -> None:
    recorder = event.get("recorder", {})
    cases = recorder.get("cases", {})
    for case_id, interaction in recorder.get("interactions", {}).items():
        into.cases += 1
        into.phases[event.get("phase", "?")] += 1
        if interaction.get("response") is None:
            into.errors.append(f"no response in {recorder.get('label')}")
        transition = cases.get(case_id, {}).get("transition")
        if transition:
            into.links.add(transition["id"])
            if not transition.get("is_inferred"):
                into.explicit_links.add(transition["id"])
    for case_id, checks in recorder.get("checks", {}).items():
        case = cases.get(case_id, {}).get("value", {})
        where = f"{case.get('method', '?')} {case.get('path', recorder.get('label'))}"
        for check in checks:
            if check.get("status") == "failure":
                into.failures[f"{check['name']}: {where}"] += 1

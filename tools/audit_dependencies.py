"""`make security`: pip-audit against the locked dependencies (uv.lock, dev group included).

Fails on a known vulnerability unless tools/pip-audit-exceptions.txt lists it with a reason.
Where the vulnerability service cannot be reached (no network, a mirror without PyPI's
per-release JSON API) it prints one notice and passes: the audit runs where the registry is
reachable (issue #7), and an offline build must not fail for it. Any other pip-audit failure
fails the build.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "tools" / "pip-audit-exceptions.txt"
EXPORT = ("export", "--frozen", "--quiet", "--format", "requirements-txt", "--no-hashes")
EXPORT_OPTIONS = ("--no-emit-project",)  # the project itself is not on PyPI
# --no-deps: the export is the complete, pinned set; --disable-pip: nothing is installed.
AUDIT = ("-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off")
AUDIT_OPTIONS = ("--timeout", "10", "--format", "json")
USAGE = "usage: python tools/audit_dependencies.py UV_EXECUTABLE"
NOT_ON_SERVICE = "Dependency not found on PyPI"
# What a failed connection to the service leaves in pip-audit's output (requests' errors).
NETWORK_ERRORS = ("ConnectionError", "ProxyError", "Timeout", "SSLError", "ServiceError")


def read_exceptions(path: Path) -> dict[str, str]:
    """Vulnerability id -> reason; a line without a reason is an error."""
    accepted: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        vuln_id, _, reason = entry.partition(" ")
        if not reason.strip():
            sys.exit(f"{path.name}:{number}: {vuln_id} needs a reason after the id")
        accepted[vuln_id] = reason.strip()
    return accepted


def run_audit(uv: str, folder: Path) -> tuple[dict[str, Any] | None, str]:
    """The pip-audit JSON report of the lock (None when pip-audit wrote none), and its log."""
    requirements, report = folder / "requirements.txt", folder / "report.json"
    subprocess.run(  # noqa: S603 (fixed argument lists, no shell)
        [uv, *EXPORT, *EXPORT_OPTIONS, "--output-file", str(requirements)], check=True, cwd=ROOT
    )
    audit = subprocess.run(  # noqa: S603 (fixed argument lists, no shell)
        [sys.executable, *AUDIT, *AUDIT_OPTIONS, "-r", str(requirements), "-o", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    log = audit.stdout + audit.stderr
    if not report.exists() or not report.read_text(encoding="utf-8").strip():
        return None, log
    loaded: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return loaded, log


def unreachable(why: str) -> int:
    print(f"pip-audit: the vulnerability service cannot be reached ({why}); audit skipped.")
    return 0


def main(uv: str) -> int:
    accepted = read_exceptions(EXCEPTIONS)
    with tempfile.TemporaryDirectory() as folder:
        report, log = run_audit(uv, Path(folder))
    if report is None:
        if any(error in log for error in NETWORK_ERRORS):
            return unreachable(log.strip().splitlines()[-1][:160])
        print(log, file=sys.stderr)
        print("pip-audit failed without a report (see above).", file=sys.stderr)
        return 1
    return judge(report, accepted)


def judge(report: dict[str, Any], accepted: dict[str, str]) -> int:
    """Print every finding; 1 when one is not accepted."""
    deps = report["dependencies"]
    audited = [d for d in deps if "skip_reason" not in d]
    if not audited and any(NOT_ON_SERVICE in d["skip_reason"] for d in deps):
        return unreachable(f"PyPI's JSON API knows none of the {len(deps)} locked releases")
    findings = [(d, v) for d in audited for v in d["vulns"]]
    refused = 0
    for dep, vuln in findings:
        ids = [vuln["id"], *vuln.get("aliases", [])]
        reason = next((accepted[i] for i in ids if i in accepted), None)
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        verdict = f"accepted: {reason}" if reason else f"fix: {fixed}"
        print(f"pip-audit: {dep['name']} {dep['version']} {vuln['id']} ({verdict})")
        refused += reason is None
    skipped = len(deps) - len(audited)
    note = f", {skipped} not known to the service" if skipped else ""
    print(f"pip-audit: {len(audited)} locked packages audited{note}; {refused} refused findings.")
    return 1 if refused else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(USAGE)
    sys.exit(main(sys.argv[1]))

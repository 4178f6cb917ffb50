"""The published contract: ``openapi.yaml`` is the app's spec, and every operation follows the
conventions of API.md and STYLE.md. The checks walk the whole spec, so new routes are held to
them as soon as they are added."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.errors import PROBLEM_MEDIA_TYPE

SPEC_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OPERATION_ID = re.compile(r"^[a-z][a-z_-]*:[a-z][a-z_-]*$")
API_PREFIX = "/api/v1/"
# Outside the versioned API by convention: the orchestrator's probes and the token signing keys.
UNVERSIONED_PATHS = {"/healthz", "/readyz", "/.well-known/jwks.json"}

Spec = dict[str, Any]


@pytest.fixture(scope="module")
def spec() -> Spec:
    """The running app's spec (not the file), so the rules below see routes not yet exported."""
    from api.main import create_app

    return create_app().openapi()


def operations(spec: Spec) -> Iterator[tuple[str, dict[str, Any]]]:
    """(``"GET /path"``, operation) for every operation in the spec."""
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def report(problems: list[str]) -> str:
    return "\n".join(["", *problems])


def test_committed_spec_is_current(spec: Spec) -> None:
    committed = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    if committed == spec:
        return
    current = yaml.safe_dump(spec, sort_keys=True, allow_unicode=True).splitlines()
    stale = yaml.safe_dump(committed, sort_keys=True, allow_unicode=True).splitlines()
    diff = list(difflib.unified_diff(stale, current, "openapi.yaml", "app", lineterm="", n=2))
    shown = "\n".join(diff[:80]) + ("\n..." if len(diff) > 80 else "")
    pytest.fail(
        f"openapi.yaml is not the app's current spec: run `make openapi` and commit it.\n{shown}"
    )


def test_spec_has_operations(spec: Spec) -> None:
    assert list(operations(spec)), "the spec lists no operations"


def test_operations_have_id_summary_and_tag(spec: Spec) -> None:
    problems = []
    for where, operation in operations(spec):
        operation_id = operation.get("operationId", "")
        if not OPERATION_ID.fullmatch(operation_id):
            problems.append(f"{where}: operation id {operation_id!r} is not `domain:verb`")
        if not str(operation.get("summary", "")).strip():
            problems.append(f"{where}: no summary")
        if not operation.get("tags"):
            problems.append(f"{where}: no tag")
    assert not problems, report(problems)


def test_operation_ids_are_unique(spec: Spec) -> None:
    counts = Counter(operation.get("operationId") for _, operation in operations(spec))
    duplicates = sorted(str(op_id) for op_id, count in counts.items() if count > 1)
    assert not duplicates, f"operation ids used more than once: {duplicates}"


def test_paths_are_versioned(spec: Spec) -> None:
    stray = [
        path
        for path in spec["paths"]
        if not path.startswith(API_PREFIX) and path not in UNVERSIONED_PATHS
    ]
    assert not stray, f"paths outside {API_PREFIX}: {stray}"


def test_client_errors_are_problem_details(spec: Spec) -> None:
    """Each documented 4xx (including a `4XX` range) is RFC 9457 problem details (API.md)."""
    problems = []
    for where, operation in operations(spec):
        for status, response in operation.get("responses", {}).items():
            if not str(status).startswith("4"):
                continue
            content = response.get("content", {})
            if PROBLEM_MEDIA_TYPE not in content:
                problems.append(f"{where} {status}: not documented as {PROBLEM_MEDIA_TYPE}")
            elif "schema" not in content[PROBLEM_MEDIA_TYPE]:
                problems.append(f"{where} {status}: {PROBLEM_MEDIA_TYPE} without a schema")
    assert not problems, report(problems)

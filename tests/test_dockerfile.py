"""The Dockerfile's essentials, read from its text (no Docker engine is needed to run this)."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, instruction: str) -> list[str]:
        return [args for name, args in self.instructions if name == instruction]


def _logical_lines(text: str) -> list[str]:
    """Instructions with their backslash continuations joined and comments dropped."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def parse(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for line in _logical_lines(text):
        instruction, _, args = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            match = re.fullmatch(r"(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.I)
            assert match, f"unreadable FROM: {line}"
            stages.append(Stage(base=match[1], name=match[2]))
        elif stages:
            stages[-1].instructions.append((instruction, args.strip()))
    return stages


def _command(args: str) -> list[str]:
    """An ENTRYPOINT/CMD as a list: exec form (JSON) or shell form."""
    if args.startswith("["):
        value = json.loads(args)
        assert isinstance(value, list)
        return [str(part) for part in value]
    return ["/bin/sh", "-c", args]


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse((ROOT / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runtime(stages: list[Stage]) -> Stage:
    return stages[-1]


def test_multi_stage_on_slim_python(stages: list[Stage], runtime: Stage) -> None:
    assert len(stages) >= 2, "a builder stage and a runtime stage"
    assert runtime.base.startswith("python:3.11-slim")
    assert any(stage.name for stage in stages[:-1]), "the builder stage is named"
    assert runtime.args("COPY"), "the runtime copies the virtualenv from the builder"
    assert all("--from=" in copy for copy in runtime.args("COPY"))


def test_dependencies_come_from_the_lock(stages: list[Stage]) -> None:
    builder_steps = [step for stage in stages[:-1] for step in stage.instructions]
    copies = " ".join(args for name, args in builder_steps if name == "COPY")
    syncs = [args for name, args in builder_steps if name == "RUN" and "uv sync" in args]
    assert "uv.lock" in copies
    assert syncs, "dependencies are installed with uv sync"
    for sync in syncs:
        assert "--frozen" in sync, "the lock is used as it is, never re-resolved"
        assert "--no-dev" in sync, "no test or lint tools in the image"


def test_runs_as_a_non_root_user(runtime: Stage) -> None:
    users = runtime.args("USER")
    assert users, "the runtime stage sets USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_healthcheck_probes_healthz(runtime: Stage) -> None:
    checks = runtime.args("HEALTHCHECK")
    assert checks
    assert "/healthz" in checks[-1]
    assert "curl" not in checks[-1], "the slim image has no curl"


def test_migrates_before_serving(runtime: Stage) -> None:
    entrypoint = [_command(args) for args in runtime.args("ENTRYPOINT")][-1:]
    cmd = [_command(args) for args in runtime.args("CMD")][-1:]
    startup = " ".join(part for command in entrypoint + cmd for part in command)
    assert "samverka migrate" in startup
    assert "samverka serve" in startup
    assert startup.index("samverka migrate") < startup.index("samverka serve")
    for option in ("--host 0.0.0.0", "--port 8000", "--workers"):
        assert option in startup


def test_port_data_directory_and_no_baked_secrets(runtime: Stage) -> None:
    assert "8000" in " ".join(runtime.args("EXPOSE"))
    runs = " ".join(runtime.args("RUN"))
    assert "/app/var" in runs, "a writable directory for the SQLite default"
    assert "chown" in runs
    env = " ".join(runtime.args("ENV"))
    assert "SAMVERKA_SECRET_KEY" not in env, "secrets come from the environment at run time"


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; a match on a parent folder counts."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        glob = pattern.removeprefix("!").strip("/")
        globs = {glob, glob.removeprefix("**/")}
        if any(fnmatch.fnmatchcase(c, g) for c in candidates for g in globs):
            ignored = not negated
    return ignored


def test_build_context_has_what_the_build_copies() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for needed in ("pyproject.toml", "uv.lock", "README.md", "alembic.ini", "api/main.py"):
        assert not _ignored(needed, patterns), f"{needed} is needed by the build"
    assert not _ignored("migrations/env.py", patterns)
    for unwanted in (".env", ".venv/bin/python", "var/samverka.db", ".git/HEAD"):
        assert _ignored(unwanted, patterns), f"{unwanted} must stay out of the image"
    assert _ignored("tools/openapi-lint/node_modules/x.js", patterns)
    assert _ignored("api/__pycache__/main.cpython-311.pyc", patterns)

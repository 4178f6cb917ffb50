"""The commands against a real, fresh database of the backend under test."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from api import cli
from api.auth.passwords import verify_secret
from api.config import get_settings
from api.demo.directory import USERNAMES, org_id
from api.models import User
from api.models.enums import Role
from tests.cli.conftest import Configure
from tests.cli.test_errors import one_line
from tests.conftest import engine_for

NEW_PASSWORD = "a-new-users-password"


@pytest.fixture
def engine(cli_database: str) -> Iterator[Engine]:
    """An engine on the CLI's database, to look at what the commands stored."""
    engine = engine_for(cli_database)
    yield engine
    engine.dispose()


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def run(app: str, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr("uvicorn.run", run)
    return calls


def _users(engine: Engine) -> dict[str, User]:
    with Session(engine) as session:
        return {u.username: u for u in session.scalars(select(User))}


class TestServeAndMigrate:
    def test_serve_starts_the_app_factory(
        self, cli_database: str, uvicorn_calls: list[dict[str, Any]]
    ) -> None:
        assert cli.main(["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3"]) == 0  # noqa: S104
        assert uvicorn_calls == [
            {
                "app": "api.main:create_app",
                "factory": True,
                "host": "0.0.0.0",  # noqa: S104
                "port": 9000,
                "workers": 3,
                "log_config": None,  # uvicorn's loggers go through the masking JSON handler
                "timeout_worker_healthcheck": 30,  # workers starting on a busy host
            }
        ]

    def test_serve_refuses_an_unmigrated_database(
        self,
        empty_database: str,
        uvicorn_calls: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        assert cli.main(["serve"]) == 2
        assert "run `samverka migrate` first" in one_line(capsys.readouterr().err)
        assert uvicorn_calls == []

    def test_migrate_then_serve(
        self,
        empty_database: str,
        uvicorn_calls: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        assert cli.main(["migrate"]) == 0
        assert "at the newest migration" in capsys.readouterr().out
        assert cli.main(["migrate"]) == 0  # nothing left to do
        assert cli.main(["serve"]) == 0
        assert len(uvicorn_calls) == 1


class TestSeedDemo:
    def test_seeds_once_then_reports_no_change(
        self, configure: Configure, engine: Engine, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure(SAMVERKA_DEMO_PASSWORD="demo-from-env")

        assert cli.main(["seed-demo"]) == 0
        assert "Demo data created" in capsys.readouterr().out
        users = _users(engine)
        assert set(USERNAMES) <= set(users)
        assert verify_secret("demo-from-env", users["chef"].password_hash)[0]

        assert cli.main(["seed-demo"]) == 0
        assert "nothing was changed" in capsys.readouterr().out
        assert len(_users(engine)) == len(users)

    def test_refuses_to_seed_an_unmigrated_database(
        self, empty_database: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert cli.main(["seed-demo"]) == 2
        assert "run `samverka migrate` first" in one_line(capsys.readouterr().err)


class TestCreateUser:
    @pytest.fixture
    def seeded(self, cli_database: str) -> None:
        assert cli.main(["seed-demo"]) == 0

    def _argv(self, username: str, *roles: str, unit: str | None = None) -> list[str]:
        organization = org_id(unit or "police")
        argv = ["create-user", "--username", username, "--display-name", "Ny Person"]
        argv += ["--organization-id", str(organization)]
        if unit:
            argv += ["--unit-id", str(org_id(unit))]
        for role in roles:
            argv += ["--role", role]
        return argv

    def test_password_from_the_environment(
        self,
        seeded: None,
        configure: Configure,
        engine: Engine,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        configure(SAMVERKA_NEW_USER_PASSWORD=NEW_PASSWORD)

        argv = self._argv("ny.handlaggare", "case_officer", "coordinator", unit="unit2")
        assert cli.main(argv) == 0

        out = capsys.readouterr().out
        assert "ny.handlaggare" in out
        assert NEW_PASSWORD not in out
        user = _users(engine)["ny.handlaggare"]
        assert user.role_set == {Role.case_officer, Role.coordinator}
        assert user.unit_id == org_id("unit2")
        assert verify_secret(NEW_PASSWORD, user.password_hash)[0]

    def test_password_typed_twice(
        self,
        seeded: None,
        configure: Configure,
        engine: Engine,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        configure(SAMVERKA_NEW_USER_PASSWORD=None)
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
        monkeypatch.setattr(cli, "getpass", lambda _prompt: NEW_PASSWORD)

        assert cli.main(self._argv("ny.polis", "professional")) == 0
        assert verify_secret(NEW_PASSWORD, _users(engine)["ny.polis"].password_hash)[0]

    @pytest.mark.parametrize(
        ("env", "typed", "argv_roles", "message"),
        [
            (None, None, ("professional",), "Set SAMVERKA_NEW_USER_PASSWORD"),
            (None, ["one-password-here", "another-password"], ("professional",), "differ"),
            ("short", None, ("professional",), "at least 12 characters"),
            (NEW_PASSWORD, None, ("case_officer",), "social-services unit"),
        ],
    )
    def test_refusals_are_one_sentence(
        self,
        seeded: None,
        configure: Configure,
        *,
        engine: Engine,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        env: str | None,
        typed: list[str] | None,
        argv_roles: tuple[str, ...],
        message: str,
    ) -> None:
        configure(SAMVERKA_NEW_USER_PASSWORD=env)
        if typed is None:
            monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
        else:
            answers = iter(typed)
            monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
            monkeypatch.setattr(cli, "getpass", lambda _prompt: next(answers))

        assert cli.main(self._argv("nobody", *argv_roles)) == 2

        assert message in one_line(capsys.readouterr().err)
        assert "nobody" not in _users(engine)

    def test_taken_user_name(
        self, seeded: None, configure: Configure, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure(SAMVERKA_NEW_USER_PASSWORD=NEW_PASSWORD)
        assert cli.main(self._argv("polis", "professional")) == 2
        assert one_line(capsys.readouterr().err) == "The user name 'polis' is already taken."

    def test_unknown_role_is_an_argument_error(self) -> None:
        with pytest.raises(SystemExit) as exit_info:
            cli.main(self._argv("someone", "superuser"))
        assert exit_info.value.code == 2


class TestDatabaseSession:
    def test_database_refusal_is_reported_without_details(self, cli_database: str) -> None:
        with (
            pytest.raises(cli.CliError, match=r"refused the change \(IntegrityError\)"),
            cli.database_session(get_settings()) as session,
        ):
            session.execute(text("INSERT INTO user_roles (user_id, role) VALUES (NULL, 'x')"))


class TestExportOpenapi:
    def test_writes_yaml_and_checks_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        output = tmp_path / "openapi.yaml"

        assert cli.main(["export-openapi", "--output", str(output)]) == 0
        spec = yaml.safe_load(output.read_text(encoding="utf-8"))
        assert spec["openapi"].startswith("3.")
        assert "/healthz" in spec["paths"]

        assert cli.main(["export-openapi", "--output", str(output), "--check"]) == 0
        output.write_text(output.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        capsys.readouterr()
        assert cli.main(["export-openapi", "--output", str(output), "--check"]) == 1
        assert "out of date" in one_line(capsys.readouterr().err)

    def test_check_fails_when_the_file_is_missing(self, tmp_path: Path) -> None:
        missing = tmp_path / "missing.yaml"
        assert cli.main(["export-openapi", "--output", str(missing), "--check"]) == 1
        assert not missing.exists()


@dataclass(frozen=True)
class FakeVerdict:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


class TestAuditVerify:
    def _install(self, monkeypatch: pytest.MonkeyPatch, verdict: FakeVerdict) -> None:
        module = types.ModuleType(cli.VERIFIER_MODULE)
        module.verify_chain = lambda _session: verdict  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, cli.VERIFIER_MODULE, module)

    def test_intact(
        self,
        cli_database: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        self._install(monkeypatch, FakeVerdict(ok=True, checked=42))
        assert cli.main(["audit-verify"]) == 0
        assert capsys.readouterr().out.strip() == "Access log intact: 42 events verified."

    def test_broken(
        self,
        cli_database: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        verdict = FakeVerdict(ok=False, checked=7, first_broken_seq=7, reason="hash mismatch")
        self._install(monkeypatch, verdict)
        assert cli.main(["audit-verify"]) == 1
        assert one_line(capsys.readouterr().err) == "Access log broken at event #7: hash mismatch"

    def test_verifier_not_installed(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setitem(sys.modules, cli.VERIFIER_MODULE, None)
        assert cli.main(["audit-verify"]) == 2
        assert "not available" in one_line(capsys.readouterr().err)

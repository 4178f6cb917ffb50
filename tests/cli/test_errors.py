"""Every failure is one sentence on stderr with exit code 2: no traceback, no password."""

from __future__ import annotations

import argparse

import pytest

from api import cli
from tests.cli.conftest import Configure

UNREACHABLE = "postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:1/none"


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server must not start")

    monkeypatch.setattr("uvicorn.run", refuse)


@pytest.mark.parametrize("command", ["serve", "migrate", "seed-demo", "audit-verify"])
def test_unreachable_database(
    command: str, configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(SAMVERKA_DATABASE_URL=UNREACHABLE)

    assert cli.main([command]) == 2

    captured = capsys.readouterr()
    message = one_line(captured.err)
    assert message == (
        "Cannot reach the database at postgresql+psycopg://postgres:***@127.0.0.1:1/none: "
        "connection refused. Check SAMVERKA_DATABASE_URL."
    )
    assert "s3cret-pw" not in captured.err + captured.out


def test_malformed_database_url_is_not_echoed(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(SAMVERKA_DATABASE_URL="postgresql+psycopg://user:pa ss@@host:port/db")

    assert cli.main(["migrate"]) == 2

    err = capsys.readouterr().err
    assert one_line(err) == "SAMVERKA_DATABASE_URL is not a valid database URL."
    assert "pa ss" not in err


def test_production_without_secret(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(SAMVERKA_ENV="production", SAMVERKA_SECRET_KEY=None)

    assert cli.main(["serve"]) == 2

    message = one_line(capsys.readouterr().err)
    assert message.startswith("SAMVERKA_SECRET_KEY must be set")
    assert message.endswith(".")


def test_invalid_setting_names_the_variable_not_the_value(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(SAMVERKA_DB_POOL_SIZE="plenty")

    assert cli.main(["serve"]) == 2

    message = one_line(capsys.readouterr().err)
    assert "SAMVERKA_DB_POOL_SIZE" in message
    assert "plenty" not in message


def test_seed_demo_refuses_production_before_touching_the_database(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(
        SAMVERKA_ENV="production",
        SAMVERKA_SECRET_KEY="a-production-secret-that-is-long-enough-0123456789",
        SAMVERKA_DATABASE_URL=UNREACHABLE,
    )

    assert cli.main(["seed-demo"]) == 2

    assert one_line(capsys.readouterr().err) == (
        "Demo data is never loaded in production (SAMVERKA_ENV=production)."
    )


def test_unexpected_error_does_not_quote_its_message(capsys: pytest.CaptureFixture[str]) -> None:
    def crash(_args: argparse.Namespace) -> int:
        raise RuntimeError("row for 19121212-1212 broke")

    assert cli.run_cleanly(crash, argparse.Namespace(traceback=False)) == 2

    message = one_line(capsys.readouterr().err)
    assert "RuntimeError" in message
    assert "1212" not in message


def test_traceback_flag_shows_the_error() -> None:
    def crash(_args: argparse.Namespace) -> int:
        raise RuntimeError("details")

    with pytest.raises(RuntimeError, match="details"):
        cli.run_cleanly(crash, argparse.Namespace(traceback=True))


def test_interrupt(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(_args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    assert cli.run_cleanly(interrupted, argparse.Namespace(traceback=False)) == 130
    assert one_line(capsys.readouterr().err) == "Interrupted."


def test_a_command_is_required() -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("argv", [["serve", "--port", "0"], ["serve", "--workers", "0"]])
def test_serve_arguments_are_checked(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2

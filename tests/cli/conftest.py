"""CLI tests run ``main()`` in-process with ``SAMVERKA_*`` set for the test only."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from api import config
from tests.conftest import DatabaseFactory, migrate

Configure = Callable[..., None]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """``export-openapi`` builds the app, which points the root logger at the stderr of the
    moment (here a capture closed after the test); later tests must not log into it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers = handlers
    root.setLevel(level)


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Configure]:
    """Set environment variables for the CLI; the settings cache is cleared before the run and
    after the test, so later tests read the restored environment again."""

    def apply(**env: str | None) -> None:
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        config.get_settings.cache_clear()

    yield apply
    config.get_settings.cache_clear()


@pytest.fixture
def empty_database(databases: DatabaseFactory, configure: Configure) -> str:
    """A fresh database without tables, which the CLI is pointed at."""
    url = databases.new_url("cli")
    configure(SAMVERKA_DATABASE_URL=url)
    return url


@pytest.fixture
def cli_database(empty_database: str) -> str:
    """A fresh migrated database, which the CLI is pointed at (the CLI commits for real)."""
    migrate(empty_database)
    return empty_database

"""The worker thread pool is as large as the database pool, so under load a request waits
for a thread in the event loop rather than timing out while waiting for a connection."""

from __future__ import annotations

from collections.abc import Iterator

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from api import config
from api.main import create_app


@pytest.fixture
def pool_of_seven(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SAMVERKA_DB_POOL_SIZE", "7")
    config.get_settings.cache_clear()
    yield
    monkeypatch.undo()
    config.get_settings.cache_clear()


def _thread_tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


@pytest.mark.usefixtures("pool_of_seven")
def test_the_thread_pool_takes_the_database_pool_size_at_start_up() -> None:
    with TestClient(create_app()) as client:  # the context runs the lifespan
        assert client.portal is not None
        assert client.portal.call(_thread_tokens) == 7

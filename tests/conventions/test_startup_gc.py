"""A worker freezes what start-up built, so the cyclic garbage collector's full collections
stop walking the app's long-lived objects (each took about 110 ms with requests stalled)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import SettingsEnv


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The test process as it was before: nothing of the suite stays frozen afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_start_up_freezes_the_objects_it_built(settings_env: SettingsEnv, unfrozen: None) -> None:
    settings_env()
    app = create_app()
    assert gc.get_freeze_count() == 0

    with TestClient(app) as client:  # the context runs the lifespan
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 0
        # The app's own objects are among the frozen: the collector no longer lists them.
        assert gc.is_tracked(app.router)
        assert id(app.router) not in {id(o) for o in gc.get_objects()}

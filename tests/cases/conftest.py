from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.world import World, build_world


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)

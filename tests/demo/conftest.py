from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from api.demo import SeedReport, seed_demo

SEED_DAY = date(2026, 11, 30)
DEMO_PASSWORD = "demo-password"


@pytest.fixture
def seeded(session: Session) -> SeedReport:
    return seed_demo(session, DEMO_PASSWORD, SEED_DAY)

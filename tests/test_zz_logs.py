"""Application logs hold no personnummer, names or tokens (issue #3).

Collected last (file name), so it reads what the whole run logged, plus the traffic below,
which puts a personnummer in a URL and a token in a header on purpose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import User
from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.conftest import APPLICATION_LOG

# Standing alone, as the masker reads one: ten digits inside a hex request id are no personnummer.
PERSONAL_NUMBER = re.compile(r"(?<![^\W_])(19|20)?\d{6}[-+]?\d{4}(?![^\W_])")
TOKEN = re.compile(r"eyJ[\w-]*\.[\w-]+\.[\w-]*")
SYNTHETIC_NAMES = ("Testnamn", "Testsson")


def test_application_logs_hold_no_personal_data_or_tokens(
    session: Session, client_as: Callable[[User], TestClient], api: TestClient
) -> None:
    user = f.make_user(session, f.make_org(session, OrganizationKind.police), Role.professional)
    client = client_as(user)
    client.get("/api/v1/cases", params={"personnummer": "200803142389"})
    client.get("/api/v1/nowhere/19121212-1212")
    api.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": "x", "password": "y"}
    )

    lines = [line for line in APPLICATION_LOG.getvalue().splitlines() if line.strip()]
    assert any("/api/v1/nowhere" in line for line in lines), "the traffic above was not logged"
    for line in lines:
        json.loads(line)  # JSON lines only
        assert not PERSONAL_NUMBER.search(line), line
        assert not TOKEN.search(line), line
        assert not any(name in line for name in SYNTHETIC_NAMES), line
        assert f.TEST_PASSWORD not in line

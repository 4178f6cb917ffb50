"""Cross-origin use by the separately deployed web app: the middlewares' own answers (413,
503) carry the CORS headers too, or the browser would hide them behind a network error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import SettingsEnv

ORIGIN = "https://app.samverka.example"


@pytest.fixture
def client(settings_env: SettingsEnv) -> TestClient:
    settings_env(cors_origins=ORIGIN)
    return TestClient(create_app())


def test_a_body_refused_by_the_size_limit_is_readable_across_origins(client: TestClient) -> None:
    response = client.post(
        "/api/v1/cases",
        content=b"x" * (1024 * 1024 + 1),
        headers={"Origin": ORIGIN, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_the_app_can_read_the_file_name_and_retry_after_headers(client: TestClient) -> None:
    response = client.get("/healthz", headers={"Origin": ORIGIN})
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"content-disposition", "retry-after", "etag", "x-request-id"} <= exposed


def test_another_origin_gets_no_cors_headers(client: TestClient) -> None:
    response = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.db import get_engine


def test_liveness(database_url: str) -> None:
    from api.main import create_app

    response = TestClient(create_app()).get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ready_when_migrated(database_url: str) -> None:
    from api.main import create_app

    response = TestClient(create_app()).get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "current"}


def test_not_ready_when_migrations_are_behind(database_url: str) -> None:
    from api.main import create_app

    with get_engine().begin() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        response = TestClient(create_app()).get("/readyz")
    finally:
        with get_engine().begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": head}
            )
    assert response.status_code == 503
    assert response.json()["migrations"] == "behind"

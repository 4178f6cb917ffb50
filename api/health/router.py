"""Liveness and readiness probes for the orchestrator (no authentication, no personal data)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db import get_engine
from api.migrations_state import is_at_head

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    status: str
    database: str | None = None
    migrations: str | None = None


@router.get("/healthz", name="health:live", summary="Liveness")
def healthz() -> HealthStatus:
    """The process is alive."""
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    name="health:ready",
    summary="Readiness",
    responses={503: {"model": HealthStatus, "description": "Not ready"}},
)
def readyz(response: Response) -> HealthStatus:
    """The database answers and its schema is at the newest migration."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
            current = is_at_head(connection)
    except SQLAlchemyError:
        response.status_code = 503
        return HealthStatus(status="unavailable", database="unreachable")
    if not current:
        response.status_code = 503
        return HealthStatus(status="unavailable", database="ok", migrations="behind")
    return HealthStatus(status="ok", database="ok", migrations="current")

"""Liveness and readiness probes for the orchestrator (no authentication, no personal data)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict

from api.health.service import Readiness, check_readiness

router = APIRouter(tags=["health"])


class HealthStatus(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "ok", "database": "ok", "migrations": "current"},
                {"status": "unavailable", "database": "ok", "migrations": "behind"},
            ]
        }
    )

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
    readiness = check_readiness()
    if readiness is Readiness.database_unreachable:
        response.status_code = 503
        return HealthStatus(status="unavailable", database="unreachable")
    if readiness is Readiness.migrations_behind:
        response.status_code = 503
        return HealthStatus(status="unavailable", database="ok", migrations="behind")
    return HealthStatus(status="ok", database="ok", migrations="current")

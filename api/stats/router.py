"""Follow-up statistics: suppressed aggregates for unit managers and the municipality."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from api import clock
from api.auth.dependencies import StatsReader
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, NotFound, Unauthorized, error_responses
from api.schemas import IsoDate
from api.stats import export, service
from api.stats.schemas import StatsRead

router = APIRouter(prefix="/api/v1", tags=["statistics"])

ERRORS = error_responses(Unauthorized, Forbidden, NotFound, InvalidInput)
CSV_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The same cells as `stats:get`, one row each, with a header row.",
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "section,dimension,value,count,suppressed\r\n"
                "cases_by_status,status,total,42,false\r\n"
                "cases_by_status,status,assessing,,true\r\n",
            }
        },
    }
}


def stats_query(
    from_: Annotated[
        IsoDate | None,
        Query(
            alias="from",
            description="First day of the period (YYYY-MM-DD, inclusive); default 12 months "
            "before `to`.",
        ),
    ] = None,
    to: Annotated[
        IsoDate | None,
        Query(description="Last day of the period (YYYY-MM-DD, inclusive); default today."),
    ] = None,
    unit_id: Annotated[
        uuid.UUID | None,
        Query(description="One unit you may aggregate; default all of them."),
    ] = None,
) -> service.StatsQuery:
    return service.StatsQuery(first=from_, last=to, unit_id=unit_id)


Filters = Annotated[service.StatsQuery, Depends(stats_query)]


@router.get("/stats", name="stats:get", summary="Follow-up statistics", responses=ERRORS)
def get_stats(principal: StatsReader, session: DbSession, query: Filters) -> StatsRead:
    """Counts of young people for a period, cells under the minimum suppressed."""
    return service.statistics(session, principal, query, clock.now(), clock.today())


@router.get(
    "/stats.csv",
    name="stats:export",
    summary="Follow-up statistics as CSV",
    response_class=Response,
    responses={**CSV_CONTENT, **ERRORS},
)
def export_stats(principal: StatsReader, session: DbSession, query: Filters) -> Response:
    """The statistics table as CSV: section, dimension, value, count, suppressed."""
    stats = service.statistics(session, principal, query, clock.now(), clock.today())
    headers = {
        "Content-Disposition": f'attachment; filename="{export.filename(stats)}"',
        "Cache-Control": "no-store",
    }
    return Response(export.to_csv(stats), media_type=export.MEDIA_TYPE, headers=headers)

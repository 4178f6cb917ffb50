"""Read models of the follow-up statistics. Every count is of young people unless a section
says otherwise; a suppressed value is null with ``suppressed: true`` (api/stats/suppression.py).
Nullable fields have defaults: the published examples lose their nulls (FastAPI's
``exclude_none``) and must still validate."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from api.schemas import Schema


class Cell(Schema):
    value: str = Field(description="The code counted (a status, a reason) or `total`.")
    count: int | None = Field(default=None, description="Null when suppressed.")
    suppressed: bool


class Breakdown(Schema):
    """A total and the cells that add up to it."""

    dimension: str = Field(description="What the cells are split by, e.g. `status`.")
    total: Cell
    cells: list[Cell]


class Figure(Schema):
    value: int | float | None = Field(
        default=None, description="Null when suppressed or when there is nothing to compute."
    )
    suppressed: bool


class Period(Schema):
    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True)

    from_: date = Field(alias="from", description="First day, inclusive.")
    to: date = Field(description="Last day, inclusive.")


class Sections(Schema):
    """Every count table of the statistics; the CSV export has one row per cell of these."""

    cases_by_status: Breakdown = Field(
        description="Young people with a case open at any time in the period, by the status "
        "their case had at the end of it."
    )
    cases_by_target_group: Breakdown = Field(description="The same young people, by target group.")
    closures_by_reason: Breakdown = Field(
        description="Young people whose case was closed in the period, by closure reason."
    )
    proposals: Breakdown = Field(
        description="Young people proposed in the period, by whether a consent was signed by "
        "the end of it."
    )
    consent_to_intervention: Breakdown = Field(
        description="Young people whose first consent was signed in the period: intervention "
        "started within the goal, later (or not yet, past the goal), or still within it."
    )
    meeting_cadence: Breakdown = Field(
        description="Young people with an active case now: network meetings on the 28-day "
        "cadence, or overdue."
    )
    plan_items: Breakdown = Field(
        description="Items (not people) of the current action plans due in the period, by "
        "outcome; suppressed by the young people behind them too."
    )
    consent_withdrawals: Breakdown = Field(
        description="Young people with a consent withdrawn in the period (a total only)."
    )

    def tables(self) -> list[tuple[str, Breakdown]]:
        """(section name, breakdown) in the order of the fields."""
        return [(name, getattr(self, name)) for name in type(self).model_fields]


class ConsentToIntervention(Schema):
    goal_days: int = Field(description="The reports' goal: interventions started within 28 days.")
    median_days: Figure = Field(description="Nearest-rank median, whole days.")
    p90_days: Figure = Field(description="Nearest-rank 90th percentile, whole days.")
    within_goal_share: Figure = Field(
        description="Within the goal, of those whose outcome is known (0-1, three decimals)."
    )


class MeetingCadence(Schema):
    as_of: datetime = Field(description="The cadence is a snapshot at this instant.")
    kept_share: Figure = Field(description="Share of active cases on cadence (0-1).")


class PlacementsAvoided(Schema):
    recorded: bool = Field(description="Always false: Samverka records no placements.")
    count: int | None = None


def _cells(dimension: str, total: int | None, cells: dict[str, int | None]) -> dict[str, Any]:
    def cell(value: str, count: int | None) -> dict[str, Any]:
        return {"value": value, "count": count, "suppressed": count is None}

    return {
        "dimension": dimension,
        "total": cell("total", total),
        "cells": [cell(value, count) for value, count in cells.items()],
    }


_STATUS = {"proposed": 6, "assessing": None, "decided": None, "active": 21, "closed": 9}
_EXAMPLE: dict[str, Any] = {
    "period": {"from": "2025-05-05", "to": "2026-05-04"},
    "unit_id": None,
    "min_cell": 5,
    "generated_at": "2026-05-04T09:00:00+02:00",
    "sections": {
        "cases_by_status": _cells("status", 42, _STATUS | {"rejected": 0}),
        "cases_by_target_group": _cells("target_group", 42, {"at_risk": 31, "defector": 11}),
        "closures_by_reason": _cells(
            "closure_reason",
            9,
            {
                "plan_completed": 5,
                "own_initiative": None,
                "consent_withdrawn": None,
                "moved_away": 0,
                "time_ended": 0,
                "other": 0,
            },
        ),
        "proposals": _cells("consent", 27, {"reached_consent": 19, "no_consent": 8}),
        "consent_to_intervention": _cells(
            "goal", 17, {"within_goal": 12, "beyond_goal": 5, "pending": 0}
        ),
        "meeting_cadence": _cells("cadence", 21, {"kept": None, "overdue": None}),
        "plan_items": _cells(
            "item_status", 88, {"done": 51, "not_done": 9, "overdue": 13, "upcoming": 15}
        ),
        "consent_withdrawals": _cells("withdrawn", None, {}),
    },
    "consent_to_intervention": {
        "goal_days": 28,
        "median_days": {"value": 17, "suppressed": False},
        "p90_days": {"value": 34, "suppressed": False},
        "within_goal_share": {"value": 0.706, "suppressed": False},
    },
    "meeting_cadence": {
        "as_of": "2026-05-04T09:00:00+02:00",
        "kept_share": {"value": None, "suppressed": True},
    },
    "placements_avoided": {"recorded": False, "count": None},
}


class StatsRead(Schema):
    """Aggregated follow-up figures of a period (synthetic example)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    period: Period
    unit_id: uuid.UUID | None = Field(
        default=None, description="The unit asked for; null for every unit the caller may see."
    )
    min_cell: int = Field(description="Cells counting fewer young people are suppressed.")
    generated_at: datetime
    sections: Sections
    consent_to_intervention: ConsentToIntervention
    meeting_cadence: MeetingCadence
    placements_avoided: PlacementsAvoided

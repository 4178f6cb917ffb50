"""Shared set-up for the action-plan tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import ActionPlanItem, ActionPlanVersion
from tests.world import World

Client = Callable[[Any], TestClient]


def plan_url(world: World, situation: str = "consented") -> str:
    return f"/api/v1/cases/{world.cases[situation].id}/action-plan"


def counts(session: Session) -> tuple[int, int]:
    """(plan versions, plan items) in the database."""
    return (
        session.scalar(select(func.count()).select_from(ActionPlanVersion)) or 0,
        session.scalar(select(func.count()).select_from(ActionPlanItem)) or 0,
    )


def fields(response: Any) -> dict[str, str]:
    return {e["field"]: e["rule"] for e in response.json().get("errors") or []}


def item_body(member_id: Any, **extra: Any) -> dict[str, Any]:
    return {
        "text": "Delta i undervisningen enligt det anpassade schemat.",
        "plain_text": "Du går till skolan enligt ditt schema.",
        "responsible_member_id": str(member_id),
        "category_code": "school",
        "completion_evidence": "Närvarorapport från skolan varje månad.",
        **extra,
    }

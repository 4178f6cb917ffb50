"""Which plan and items count, as SQL shared by every reader of plan items across cases:
my tasks and my notices (api/me, api/notices), the overdue checks (api/checks) and the
statistics (api/stats). One definition each, so a task, its notice and its figure agree."""

from __future__ import annotations

import uuid
from functools import lru_cache

from sqlalchemy import ColumnElement, ScalarSelect, and_, select
from sqlalchemy.orm import aliased

from api.models import ActionPlanItem, ActionPlanVersion, Case, CaseMember
from api.models.enums import PlanItemStatus, PlanStatus

OPEN_ITEM = (PlanItemStatus.planned, PlanItemStatus.in_progress)

# Aliases made once: a new alias per request cost SQLAlchemy its column proxies and a fresh
# cache key, about a third of ``/me/tasks``'s own Python time.
_DRAFT = aliased(ActionPlanVersion, name="draft")
# An item's responsible member. An alias, because the access filter's own membership subquery
# must not correlate to it.
RESPONSIBLE = aliased(CaseMember, name="responsible")


def responsible_now(user_id: uuid.UUID) -> ColumnElement[bool]:
    """The item's responsible member (``RESPONSIBLE``) is ``user_id``, in the group now.
    Correlated to ``ActionPlanItem`` and ``Case``."""
    return and_(
        RESPONSIBLE.id == ActionPlanItem.responsible_member_id,
        RESPONSIBLE.case_id == Case.id,
        RESPONSIBLE.user_id == user_id,
        RESPONSIBLE.left_at.is_(None),
    )


@lru_cache(maxsize=1)
def living_plan() -> ScalarSelect[uuid.UUID]:
    """The case's latest draft: the plan the group works on between two publications.
    Correlated to ``Case`` and free of parameters, so it is built once."""
    return (
        select(_DRAFT.id)
        .where(_DRAFT.case_id == Case.id, _DRAFT.status == PlanStatus.draft)
        .order_by(_DRAFT.created_at.desc(), _DRAFT.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )

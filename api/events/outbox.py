"""Write domain events to the outbox in the transaction of the change itself.

If the change commits, so does its event, and the worker (``samverka worker``) delivers it
later; if the change rolls back, there is no event. An event names ids and codes, never
personal data.

Who is told is decided here, when the change happens, by the access policy: the
organisations that reach the case after the change, plus those the change cut off (a
withdrawn consent, a member who left), who are told that once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from api import clock
from api.access.policy import organizations_reaching_case
from api.models import OutboxEvent
from api.models.enums import EventType

EventData = Mapping[str, str | int | bool | None]


def reaching_organizations(
    session: Session, case_id: uuid.UUID, today: date | None = None, category: str | None = None
) -> frozenset[uuid.UUID]:
    """The organisations that reach the case now (and see ``category`` in it, if given); call
    it before a change that may cut access, and pass the result to ``emit(reached_before=)``."""
    stmt = organizations_reaching_case(case_id, today or clock.today(), category)
    return frozenset(org for org in session.scalars(stmt) if org is not None)


def emit(
    session: Session,
    event_type: EventType,
    *,
    case_id: uuid.UUID,
    subject_type: str,
    subject_id: uuid.UUID,
    data: EventData | None = None,
    reached_before: frozenset[uuid.UUID] = frozenset(),
    category_code: str | None = None,
) -> OutboxEvent:
    """Add one event to the outbox in the session's transaction (flushed, not committed).

    ``category_code``: the subject's information category (a plan item's), so that only
    organisations whose consent covers it are told even that it exists; it is kept in the
    event's data for the check before each delivery."""
    session.flush()  # the change itself first: reach is computed from what it left
    after = reaching_organizations(session, case_id, category=category_code)
    if category_code is not None:
        data = {**(data or {}), "category_code": category_code}
    lost = reached_before - after
    event = OutboxEvent(
        type=event_type,
        occurred_at=clock.now(),
        case_id=case_id,
        subject_type=subject_type,
        subject_id=subject_id,
        data=dict(data or {}),
        reaching_organization_ids=sorted(str(org) for org in after),
        lost_organization_ids=sorted(str(org) for org in lost),
    )
    session.add(event)
    session.flush()
    return event

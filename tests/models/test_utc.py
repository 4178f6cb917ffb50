"""Instants are stored as UTC and come back timezone-aware on every database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from api.models import Organization
from api.models.enums import OrganizationKind

STOCKHOLM_SUMMER = timezone(timedelta(hours=2))


def test_aware_instant_round_trips_as_utc(session: Session) -> None:
    local = datetime(2026, 6, 1, 10, 30, tzinfo=STOCKHOLM_SUMMER)
    org = Organization(name="Enhet", kind=OrganizationKind.social_services, created_at=local)
    session.add(org)
    session.flush()
    session.expire_all()

    stored = session.scalars(select(Organization).where(Organization.id == org.id)).one()

    assert stored.created_at == local
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.created_at.hour == 8


def test_naive_instant_is_refused(session: Session) -> None:
    org = Organization(
        name="Enhet", kind=OrganizationKind.police, created_at=datetime(2026, 6, 1, 10, 30)
    )
    session.add(org)
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_version_increments_on_every_update(session: Session) -> None:
    org = Organization(name="Skola A", kind=OrganizationKind.school)
    session.add(org)
    session.flush()
    assert org.version == 1
    org.name = "Skola B"
    session.flush()
    assert org.version == 2

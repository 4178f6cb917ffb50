"""The time. Consent validity and due dates are Swedish calendar dates, so "today" is the date
in Europe/Stockholm, not in UTC (a consent valid until 2026-05-31 holds until midnight there)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(STOCKHOLM).date()

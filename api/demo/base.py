"""Deterministic ids and a clock relative to the seed day, shared by the demo builders.

Every demo row gets a uuid5 id derived from a readable key, so builders refer to each other by
key without passing objects around, and a second run can recognise what the first one made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from personnummer import personnummer

# Fixed for ever: changing it would make a second seed run create a second demo municipality.
DEMO_NAMESPACE = uuid.UUID("6f1c8e52-5a3b-4b8e-9d0c-2f7a1e4b9c31")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def demo_id(*parts: str) -> uuid.UUID:
    """The id of the demo row named by ``parts``, e.g. ``demo_id("user", "polis")``."""
    return uuid.uuid5(DEMO_NAMESPACE, "/".join(parts))


@dataclass(frozen=True, slots=True)
class Timeline:
    """Demo dates are relative to the seed day, so consents are active or expired and
    meetings recent or overdue whatever day the demo is loaded."""

    today: date

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int, minute: int = 0) -> datetime:
        """A local (Swedish) time of day, stored as a UTC instant."""
        local = datetime.combine(self.day(offset), time(hour, minute), tzinfo=STOCKHOLM)
        return local.astimezone(UTC)

    def born(self, age: int, days_since_birthday: int) -> date:
        """A birth date giving ``age`` completed years on the seed day (with fewer than 365
        days since the last birthday)."""
        year = self.today.year - age
        if (self.today.month, self.today.day) == (2, 29):
            anniversary = date(year, 2, 28)  # the birth year may have no 29 February
        else:
            anniversary = self.today.replace(year=year)
        return anniversary - timedelta(days=days_since_birthday)


def synthetic_personal_number(birth_date: date, serial: int) -> str:
    """A 12-digit number with a valid check digit for a made-up person.

    Demo persons use serial numbers 980-999 and birth dates computed from the seed day; they
    are not taken from any register. The check digit is whichever one the ``personnummer``
    package accepts, so the Luhn rule is not written again here.
    """
    stem = f"{birth_date:%Y%m%d}{serial:03d}"
    for digit in "0123456789":
        if personnummer.valid(stem + digit):
            return stem + digit
    raise ValueError("no valid check digit")  # unreachable: Luhn always has one

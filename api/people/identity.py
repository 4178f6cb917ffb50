"""Swedish identity numbers (personnummer, samordningsnummer) and ages.

The check digit and the date rules are the ``personnummer`` package's. This module adds what
the package cannot: the century is decided against an explicit reference date (the package
reads the system clock, which makes tests and back-dated imports depend on the day they run),
its failures become one domain error whose message never repeats the number (messages reach
logs and problem responses), and a person without a valid number is modelled explicitly, as
DOMAIN.md allows: "or, when unknown, by name and birth date".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from personnummer import personnummer

from api.errors import InvalidInput
from api.models.enums import IdentityKind

# Adult age: from 18 the young person consents alone; under 18 the guardians sign too.
ADULT_AGE = 18
# A samordningsnummer is a personnummer whose day of birth has 60 added.
COORDINATION_DAY_OFFSET = 60

_SHAPE = re.compile(
    r"(?P<century>1[89]|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})(?P<sep>[-+]?)(?P<serial>\d{4})"
)
_FORMAT_HINT = "write it as ÅÅMMDD-NNNN, ÅÅÅÅMMDD-NNNN or without the hyphen"


class InvalidIdentityNumber(InvalidInput):
    """The identity number cannot belong to anyone; the message says why without echoing it."""

    slug, title = "invalid-identity-number", "The identity number is not valid"


@dataclass(frozen=True, slots=True)
class Identity:
    """How a person is identified. The number and birth date stay out of ``repr`` so that an
    identity logged by mistake does not leak them."""

    number12: str | None = field(repr=False)
    kind: IdentityKind
    birth_date: date = field(repr=False)


def parse_identity_number(raw: str, *, today: date | None = None) -> Identity:
    """Normalise a personnummer or samordningsnummer to 12 digits and validate it.

    Accepts 10 or 12 digits, with or without ``-``; in the 10-digit form ``+`` marks a person
    aged 100 or more. ``today`` decides the century of the 10-digit form.
    """
    today = today or date.today()
    match = _SHAPE.fullmatch(raw.strip())
    if match is None:
        raise InvalidIdentityNumber(
            f"A personal identity number has 10 or 12 digits; {_FORMAT_HINT}."
        )
    yy, mm, dd = int(match["yy"]), int(match["mm"]), int(match["dd"])
    is_coordination = dd > COORDINATION_DAY_OFFSET
    birth_day = dd - COORDINATION_DAY_OFFSET if is_coordination else dd
    if match["century"]:
        year = int(match["century"] + match["yy"])
    else:
        year = _full_year(yy, (mm, birth_day), centenarian=match["sep"] == "+", today=today)
    birth_date = _birth_date(year, mm, birth_day)
    if birth_date > today:
        raise InvalidIdentityNumber("The birth date in the identity number lies in the future.")
    number12 = f"{year:04d}{mm:02d}{dd:02d}{match['serial']}"
    _check(number12)
    kind = IdentityKind.coordination_number if is_coordination else IdentityKind.personnummer
    return Identity(number12=number12, kind=kind, birth_date=birth_date)


def unverified_identity(birth_date: date, *, today: date | None = None) -> Identity:
    """A person whose number is unknown or not yet verified: identified by name and birth date."""
    if birth_date > (today or date.today()):
        raise InvalidIdentityNumber("The birth date lies in the future.")
    return Identity(number12=None, kind=IdentityKind.unverified, birth_date=birth_date)


def age_on(birth_date: date, on_date: date) -> int:
    """Completed years on ``on_date``.

    Someone born on 29 February has their birthday on 28 February in other years: when the
    corresponding day does not exist, the last day of the month counts (lag (1930:173) om
    beräkning av lagstadgad tid, 1 §).
    """
    if on_date < birth_date:
        raise ValueError("on_date lies before the birth date")
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < _birthday_in(birth_date, on_date.year):
        years -= 1
    return years


def is_minor_on(birth_date: date, on_date: date) -> bool:
    """Under 18: the guardians must sign a consent together with the young person."""
    return age_on(birth_date, on_date) < ADULT_AGE


def _birthday_in(birth_date: date, year: int) -> tuple[int, int]:
    if (birth_date.month, birth_date.day) == (2, 29) and not calendar.isleap(year):
        return (2, 28)
    return (birth_date.month, birth_date.day)


def _full_year(yy: int, month_day: tuple[int, int], *, centenarian: bool, today: date) -> int:
    """The century of a 10-digit number: the birth date lies within the last 100 years, or,
    with ``+``, at least 100 years back (Skatteverket's rule for the separator)."""
    base = today.year - 100 if centenarian else today.year
    year = base - (base - yy) % 100
    if year == base and month_day > (today.month, today.day):
        year -= 100
    return year


def _birth_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidIdentityNumber(
            "The identity number does not contain a valid date of birth."
        ) from None


def _check(number12: str) -> None:
    try:
        personnummer.parse(number12)
    except personnummer.PersonnummerInvalidException:
        raise InvalidIdentityNumber(
            "The check digit of the identity number does not match; check for a typing error."
        ) from None
    except personnummer.PersonnummerException:
        raise InvalidIdentityNumber(
            f"The identity number is not a valid personal identity number; {_FORMAT_HINT}."
        ) from None

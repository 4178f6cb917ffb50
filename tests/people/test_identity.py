"""Identity numbers: normalisation, check digit, century, coordination numbers, ages.

Only test numbers appear here: Skatteverket's example 19121212-1212, and numbers computed for
these tests (valid check digit, serial numbers 98x, birth dates chosen for the case at hand).
The computed ones are synthetic and marked so.
"""

from __future__ import annotations

from datetime import date

import pytest

from api.errors import InvalidInput
from api.models.enums import IdentityKind
from api.people.identity import (
    Identity,
    InvalidIdentityNumber,
    age_on,
    is_minor_on,
    parse_identity_number,
    unverified_identity,
)

TODAY = date(2026, 11, 30)
# Skatteverket's example number; with a 1950 reference date its 10-digit form means 1912.
EXAMPLE = "191212121212"
IN_1950 = date(1950, 1, 1)
# Synthetic: a minor born 2012-05-17, serial 982, check digit computed.
MINOR = "201205179821"
# Synthetic: a leap-day child born 2008-02-29, serial 982, check digit computed.
LEAP_DAY_CHILD = "200802299826"
# Synthetic: a coordination number for 1912-12-12 (day 12 + 60 = 72), check digit computed.
COORDINATION = "191212721219"


class TestNormalisation:
    @pytest.mark.parametrize(
        "raw",
        ["19121212-1212", "191212121212", " 19121212-1212 ", "19121212+1212"],
    )
    def test_twelve_digit_forms(self, raw: str) -> None:
        identity = parse_identity_number(raw, today=TODAY)
        assert identity.number12 == EXAMPLE
        assert identity.kind is IdentityKind.personnummer
        assert identity.birth_date == date(1912, 12, 12)

    @pytest.mark.parametrize("raw", ["121212-1212", "1212121212"])
    def test_ten_digit_forms_take_the_century_of_the_last_hundred_years(self, raw: str) -> None:
        assert parse_identity_number(raw, today=IN_1950).number12 == EXAMPLE

    def test_plus_means_a_hundred_years_or_more(self) -> None:
        identity = parse_identity_number("121212+1212", today=TODAY)
        assert identity.number12 == EXAMPLE
        assert identity.birth_date == date(1912, 12, 12)

    def test_ten_digit_minor(self) -> None:
        identity = parse_identity_number("120517-9821", today=TODAY)
        assert identity.number12 == MINOR
        assert identity.birth_date == date(2012, 5, 17)

    def test_birthday_later_this_year_belongs_to_the_previous_century(self) -> None:
        # Someone born 1912-12-12 is still 99 on 1 December 2012 and writes a hyphen.
        identity = parse_identity_number("121212-1212", today=date(2012, 12, 1))
        assert identity.number12 == EXAMPLE

    def test_centenarian_whose_birthday_has_not_come(self) -> None:
        # On 1 December 2112 the person born 2012-05-17 is 100 and writes a plus.
        identity = parse_identity_number("120517+9821", today=date(2112, 12, 1))
        assert identity.number12 == MINOR


class TestCoordinationNumbers:
    @pytest.mark.parametrize("raw", [COORDINATION, "19121272-1219", "121272+1219"])
    def test_day_plus_sixty(self, raw: str) -> None:
        identity = parse_identity_number(raw, today=TODAY)
        assert identity.number12 == COORDINATION
        assert identity.kind is IdentityKind.coordination_number
        assert identity.birth_date == date(1912, 12, 12)


class TestInvalid:
    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("19121212-1213", "check digit"),
            ("121212-121", "10 or 12 digits"),
            ("", "10 or 12 digits"),
            ("19121212--1212", "10 or 12 digits"),
            ("1912121a1212", "10 or 12 digits"),
            ("00121212-1212", "10 or 12 digits"),
            ("19121312-1212", "valid date"),
            ("19121232-1212", "valid date"),
            ("19121292-1212", "valid date"),
            ("19000229-9824", "valid date"),  # 1900 was not a leap year
            ("19121200-1212", "valid date"),
            ("19121212-0002", "not a valid personal identity number"),  # serial 000
            ("20281212-9824", "future"),
        ],
    )
    def test_refused_with_a_reason(self, raw: str, reason: str) -> None:
        with pytest.raises(InvalidIdentityNumber, match=reason) as caught:
            parse_identity_number(raw, today=TODAY)
        assert isinstance(caught.value, InvalidInput)
        assert caught.value.status == 422

    @pytest.mark.parametrize("raw", ["19121212-1213", "19121312-1212", "20281212-9824"])
    def test_message_never_echoes_the_number(self, raw: str) -> None:
        with pytest.raises(InvalidIdentityNumber) as caught:
            parse_identity_number(raw, today=TODAY)
        digits = raw.replace("-", "")
        assert digits[2:8] not in caught.value.detail
        # No chained exception (the package's messages quote the number).
        assert caught.value.__cause__ is None
        assert caught.value.__context__ is None or caught.value.__suppress_context__

    def test_leap_day_is_valid_in_a_leap_year(self) -> None:
        assert parse_identity_number(LEAP_DAY_CHILD, today=TODAY).birth_date == date(2008, 2, 29)

    def test_repr_hides_the_number_and_birth_date(self) -> None:
        text = repr(parse_identity_number(EXAMPLE, today=TODAY))
        assert "1212" not in text
        assert "1912" not in text


class TestUnverified:
    def test_birth_date_only(self) -> None:
        identity = unverified_identity(date(2011, 3, 4), today=TODAY)
        assert identity == Identity(
            number12=None, kind=IdentityKind.unverified, birth_date=date(2011, 3, 4)
        )

    def test_future_birth_date_refused(self) -> None:
        with pytest.raises(InvalidIdentityNumber, match="future"):
            unverified_identity(date(2027, 1, 1), today=TODAY)


class TestAge:
    @pytest.mark.parametrize(
        ("on", "age"),
        [
            (date(2026, 5, 16), 13),
            (date(2026, 5, 17), 14),
            (date(2026, 12, 31), 14),
            (date(2012, 5, 17), 0),
        ],
    )
    def test_birthday(self, on: date, age: int) -> None:
        assert age_on(date(2012, 5, 17), on) == age

    @pytest.mark.parametrize(
        ("on", "age"),
        [
            (date(2026, 2, 27), 17),
            (date(2026, 2, 28), 18),  # lag (1930:173) 1 §: the month's last day counts
            (date(2026, 3, 1), 18),
            (date(2028, 2, 28), 19),  # a leap year: the birthday is the 29th
            (date(2028, 2, 29), 20),
        ],
    )
    def test_leap_day_birthday(self, on: date, age: int) -> None:
        assert age_on(date(2008, 2, 29), on) == age

    def test_minor_until_the_eighteenth_birthday(self) -> None:
        assert is_minor_on(date(2008, 2, 29), date(2026, 2, 27))
        assert not is_minor_on(date(2008, 2, 29), date(2026, 2, 28))

    def test_date_before_birth_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="before the birth date"):
            age_on(date(2012, 5, 17), date(2012, 5, 16))

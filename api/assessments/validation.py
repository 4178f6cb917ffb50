"""Checks of an assessment's content that need the catalogue or the database.

Each problem names the offending field, and for ratings each offending item, so a form can
show every mistake at once instead of one per attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessments.instruments import CATALOGUE, ITEMS_BY_CODE
from api.assessments.schemas import RatingIn
from api.errors import FieldError, InvalidInput
from api.models import InformationCategory
from api.models.enums import Instrument


def _invalid(detail: str, errors: list[FieldError]) -> InvalidInput:
    return InvalidInput(detail, errors=errors)


def check_instrument(instrument: Instrument) -> None:
    """Only SAVRY's catalogue is held, so only SAVRY can be checked and compared; an ESTER
    assessment stored unchecked could not be compared over time."""
    if instrument is not Instrument.savry:
        message = (
            "Only SAVRY assessments can be registered; ESTER's item catalogue is not held "
            "in Samverka. Record an ESTER result as a journal entry instead."
        )
        raise _invalid(
            message,
            [FieldError(field="body.instrument", rule="instrument_not_supported", message=message)],
        )


def check_ratings(ratings: Sequence[RatingIn]) -> dict[str, str]:
    """Exactly one allowed rating for every SAVRY item (24 risk items, 6 protective factors);
    returns them by item code. Codes are matched case-insensitively (``h1`` is H1)."""
    errors: list[FieldError] = []
    seen: dict[str, str] = {}
    for rating in ratings:
        code = rating.item_code.upper()
        item = ITEMS_BY_CODE.get(code)
        field = f"body.ratings.{code}"
        if item is None:
            errors.append(FieldError(field=field, rule="unknown_item", message="Not a SAVRY item."))
            continue
        if code in seen:
            errors.append(
                FieldError(field=field, rule="duplicate_item", message="Rated more than once.")
            )
        elif rating.rating not in item.allowed_ratings:
            allowed = ", ".join(item.allowed_ratings)
            errors.append(
                FieldError(field=field, rule="invalid_rating", message=f"Rate it {allowed}.")
            )
        seen.setdefault(code, rating.rating)
    for item in CATALOGUE:
        if item.code not in seen:
            errors.append(
                FieldError(
                    field=f"body.ratings.{item.code}", rule="missing_item", message="Rate it."
                )
            )
    if errors:
        items = ", ".join(dict.fromkeys(e.field.removeprefix("body.ratings.") for e in errors))
        raise _invalid(f"Check the ratings of these items: {items}.", errors)
    return seen


def check_category(session: Session, code: str, field: str = "body.category_code") -> None:
    """Categories are data (API.md): the code must name an active one."""
    found = session.scalar(
        select(InformationCategory.code).where(
            InformationCategory.code == code, InformationCategory.is_active.is_(True)
        )
    )
    if found is None:
        message = "Not an information category in use. Choose one from the category list."
        raise _invalid(message, [FieldError(field=field, rule="unknown_category", message=message)])


def check_not_future(assessed_at: datetime, now: datetime) -> None:
    if assessed_at > now:
        message = "An assessment cannot be dated in the future."
        raise _invalid(
            message,
            [FieldError(field="body.assessed_at", rule="not_in_future", message=message)],
        )

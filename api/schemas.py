"""The schema bases every API model uses."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, field_validator
from pydantic_core import PydanticCustomError


class Schema(BaseModel):
    """Read models are built from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    return False


class InputSchema(BaseModel):
    """Request bodies: unknown fields are refused, so no server-owned field can be smuggled in.

    NUL characters are refused in every text: PostgreSQL cannot store them, and no form or
    integration has a reason to send one.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("text may not contain NUL characters")
        return value


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _text_not_number(value: Any) -> Any:
    """Dates and instants are ISO 8601 text. pydantic would read a number, or a text that is
    one, as Unix seconds: a school system's ``20271231`` would become a day in 1970."""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise PydanticCustomError(
            "iso_8601_text", "Input should be ISO 8601 text (YYYY-MM-DD, or a date and time)"
        )
    return value


# The input types of dates and instants (request bodies and query parameters).
IsoDate = Annotated[date, BeforeValidator(_text_not_number)]
IsoDateTime = Annotated[datetime, BeforeValidator(_text_not_number)]
IsoInstant = Annotated[AwareDatetime, BeforeValidator(_text_not_number)]

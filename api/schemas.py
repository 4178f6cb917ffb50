"""The schema bases every API model uses."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


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

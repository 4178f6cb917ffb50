"""The schema base every API model uses."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """Read models are built from ORM objects."""

    model_config = ConfigDict(from_attributes=True)


class InputSchema(BaseModel):
    """Request bodies: unknown fields are refused, so no server-owned field can be smuggled in."""

    model_config = ConfigDict(extra="forbid")

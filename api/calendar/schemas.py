"""What a person sees of their calendar feed. The token itself only in ``CalendarFeedCreated``,
once: it is stored as a hash and cannot be shown again."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from api.schemas import Schema


class CalendarFeedCreated(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://samverka.example.se/api/v1/calendar-feeds/"
                    "Xq3v0cJ9mB2kT7yLwP4sR8nD1fG6hA5eU0iO9zKcV3M.ics",
                    "created_at": "2026-05-04T09:00:00Z",
                }
            ]
        }
    )

    url: str = Field(
        description="The feed's address, to subscribe to in a calendar app. Shown only now: "
        "keep it secret, and create a new one if it leaks (the old one stops working)."
    )
    created_at: datetime


class CalendarFeedStatus(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "active": True,
                    "created_at": "2026-05-04T09:00:00Z",
                    "last_used_at": "2026-05-06T07:15:00Z",
                },
                {"active": False, "created_at": None, "last_used_at": None},
            ]
        }
    )

    active: bool = Field(description="Whether a feed address is in use.")
    created_at: datetime | None = None
    last_used_at: datetime | None = Field(
        default=None, description="When a calendar app last fetched the feed."
    )

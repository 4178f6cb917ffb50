"""Dates and instants in requests are ISO 8601 text: pydantic alone reads a number, or a text
that is one, as Unix seconds, so ``20271231`` from an integration would be a day in 1970."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from api.audit.schemas import AuditQuery
from api.consents.schemas import ConsentCreate
from api.meetings.schemas import MeetingUpdate
from api.plans.schemas import PlanItemUpdate

NUMBERS = [20271231, "20271231", 1700006400, "1700006400", 1.7e9, " 1700006400 ", "-1"]


@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize(
    ("model", "name"),
    [(PlanItemUpdate, "due_on"), (MeetingUpdate, "starts_at"), (AuditQuery, "since")],
)
def test_a_number_is_refused_where_a_date_or_instant_belongs(
    model: type[BaseModel], name: str, value: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate({name: value})
    [error] = refused.value.errors()
    assert (error["loc"], error["type"]) == ((name,), "iso_8601_text")


def test_iso_text_is_read_as_before() -> None:
    assert PlanItemUpdate.model_validate({"due_on": "2027-12-31"}).due_on == date(2027, 12, 31)
    starts = MeetingUpdate.model_validate({"starts_at": "2027-05-04T09:00:00+02:00"}).starts_at
    assert starts == datetime(2027, 5, 4, 9, tzinfo=timezone(timedelta(hours=2)))
    since = AuditQuery.model_validate({"since": "2027-05-04T07:00:00Z"}).since
    assert since == datetime(2027, 5, 4, 7, tzinfo=UTC)


def test_a_required_date_still_refuses_a_number() -> None:
    """The rule sits before the type's own parsing, for required fields as for optional ones."""
    with pytest.raises(ValidationError) as refused:
        ConsentCreate.model_validate({"valid_from": 20270101})
    assert ("valid_from",) in {
        e["loc"] for e in refused.value.errors() if e["type"] == "iso_8601_text"
    }

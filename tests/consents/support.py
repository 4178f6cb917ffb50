"""Helpers shared by the consent tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api import clock
from api.models import Case, Consent, ConsentCategory, ConsentGrantor, ConsentOrganization, Person
from tests import factories as f
from tests.world import World

Client = Callable[[Any], TestClient]


def consents_url(case: Case) -> str:
    return f"/api/v1/cases/{case.id}/consents"


def counts(session: Session) -> tuple[int, ...]:
    """Every table a registration writes: a refused request leaves them as they were."""
    return tuple(
        session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Consent, ConsentGrantor, ConsentOrganization, ConsentCategory)
    )


def assert_problem(response: Any, status: int, slug: str, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["type"] == f"https://samverka.se/problems/{slug}"
    if field is not None:
        assert field in [e["field"] for e in problem["errors"]], problem


def set_age(session: Session, case: Case, *, years: int, days: int = 0) -> Person:
    person = session.get_one(Person, case.young_person_id)
    person.birth_date = f.born_years_ago(years, days=days)
    session.flush()
    return person


def body_for(world: World, case: Case, *signers: uuid.UUID, **change: Any) -> dict[str, Any]:
    today = clock.today()
    body = {
        "grantors": [
            {"person_id": str(p), "signed_on": str(today)}
            for p in (signers or (case.young_person_id,))
        ],
        "organization_ids": [str(world.police.id), str(world.school.id)],
        "category_codes": ["police", "school"],
        "valid_from": str(today),
        "valid_until": str(today + timedelta(days=180)),
        "document_reference": "Samtyckesblankett 7, akt",
    }
    return body | change

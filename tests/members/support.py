"""Helpers shared by the member tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Case, CaseMember, Guardianship, Person
from tests import factories as f

Client = Callable[[Any], TestClient]


def members_url(case: Case) -> str:
    return f"/api/v1/cases/{case.id}/members"


def counts(session: Session) -> tuple[int, int, int]:
    """Members, persons and guardianships: what a refused request must leave untouched."""
    return (
        session.scalar(select(func.count()).select_from(CaseMember)) or 0,
        session.scalar(select(func.count()).select_from(Person)) or 0,
        session.scalar(select(func.count()).select_from(Guardianship)) or 0,
    )


def assert_problem(response: Any, status: int, type_slug: str, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["type"] == f"https://samverka.se/problems/{type_slug}"
    if field is not None:
        assert [e["field"] for e in problem["errors"]] == [field]


def guardian_body(**extra: Any) -> dict[str, Any]:
    born = f.born_years_ago(44)
    body = {
        "kind": "person",
        "group_role": "guardian",
        "given_name": "Maria",
        "family_name": "Testsson",
        "birth_date": str(born),
    }
    return body | extra

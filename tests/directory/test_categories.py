"""/api/v1/information-categories: the kinds of information, for every signed-in caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import InformationCategory
from tests.directory.conftest import Directory

BASE = "/api/v1/information-categories"


@pytest.mark.parametrize("who", ["admin", "coordinator", "professional", "police_client"])
def test_every_signed_in_caller_reads_the_categories(
    who: str, directory: Directory, client_as: Callable[[Any], TestClient]
) -> None:
    response = client_as(getattr(directory, who)).get(BASE)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    codes = {c["code"] for c in items}
    assert {"school", "police", "health", "social_services"} <= codes
    school = next(c for c in items if c["code"] == "school")
    assert school["name_sv"]
    assert school["name_en"]
    assert school["is_active"] is True


def test_anonymous_is_refused(api: TestClient) -> None:
    assert api.get(BASE).status_code == 401


def test_inactive_categories_only_on_request(
    session: Session, directory: Directory, client_as: Callable[[Any], TestClient]
) -> None:
    session.get_one(InformationCategory, "leisure").is_active = False
    session.flush()
    client = client_as(directory.professional)
    active = {c["code"] for c in client.get(BASE).json()["items"]}
    everything = {
        c["code"] for c in client.get(BASE, params={"include_inactive": True}).json()["items"]
    }
    assert "leisure" not in active
    assert "leisure" in everything


def test_pages_in_the_municipalitys_order(
    session: Session, directory: Directory, client_as: Callable[[Any], TestClient]
) -> None:
    expected = [
        c.code
        for c in session.scalars(
            select(InformationCategory)
            .where(InformationCategory.is_active.is_(True))
            .order_by(InformationCategory.sort_order, InformationCategory.code)
        )
    ]
    client = client_as(directory.professional)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get(BASE, params=params).json()
        seen += [c["code"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected

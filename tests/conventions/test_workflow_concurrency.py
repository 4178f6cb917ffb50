"""Concurrency through the real workflow endpoints, on real commits (issue #4 acceptance):
20 PATCHes of one case with the same ETag have one winner; 20 journal POSTs with one
Idempotency-Key store one entry."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.access.scopes import scopes_for_roles
from api.auth.principal import PrincipalKind
from api.auth.tokens import issue_access_token
from api.config import get_settings
from api.db import get_session, request_transaction
from api.main import create_app
from api.models import JournalEntry, User
from tests.world import World, build_world


@pytest.fixture
def stored_world(sessions: sessionmaker[Session]) -> World:
    with sessions() as session, session.begin():
        return build_world(session)


@pytest.fixture
def real_app(sessions: sessionmaker[Session]) -> FastAPI:
    app = create_app()

    def real_session() -> Iterator[Session]:
        with sessions() as session, request_transaction(session):
            yield session

    app.dependency_overrides[get_session] = real_session
    return app


def _token(user: User) -> str:
    return issue_access_token(
        subject=user.id,
        kind=PrincipalKind.user,
        organization_id=user.organization_id,
        roles=[r.value for r in user.role_set],
        scopes=[s.value for s in scopes_for_roles(user.role_set)],
        settings=get_settings(),
    ).token


def _burst(app: FastAPI, send: object, count: int = 20) -> list[int]:
    def one(n: int) -> int:
        with TestClient(app) as client:
            status: int = send(client, n).status_code  # type: ignore[operator]
            return status

    with ThreadPoolExecutor(max_workers=count) as pool:
        return sorted(pool.map(one, range(count)))


def test_concurrent_case_updates_with_one_etag(stored_world: World, real_app: FastAPI) -> None:
    case = stored_world.cases["consented"]
    headers = {
        "Authorization": f"Bearer {_token(stored_world.users['coordinator'])}",
        "If-Match": f'"v{case.version}"',
    }
    statuses = _burst(
        real_app,
        lambda client, n: client.patch(
            f"/api/v1/cases/{case.id}", json={"youth_goals": f"Mål {n}"}, headers=headers
        ),
    )
    assert statuses == [200] + [412] * 19


def test_concurrent_journal_posts_with_one_key(
    stored_world: World, real_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    case = stored_world.cases["consented"]
    headers = {
        "Authorization": f"Bearer {_token(stored_world.users['professional'])}",
        "Idempotency-Key": "police-system-retry-1",
    }
    body = {
        "kind": "police_report",
        "category_code": "police",
        "occurred_at": datetime.now(UTC).isoformat(),
        "body": "Misstänkt brott (syntetisk testtext).",
    }
    statuses = _burst(
        real_app,
        lambda client, n: client.post(
            f"/api/v1/cases/{case.id}/journal", json=body, headers=headers
        ),
    )
    assert set(statuses) <= {201, 409}
    assert 201 in statuses
    with sessions() as session:
        stored = session.scalar(
            select(func.count()).where(
                JournalEntry.case_id == case.id, JournalEntry.kind == "police_report"
            )
        )
    assert stored == 1

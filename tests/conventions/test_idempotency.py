"""Idempotency-Key: a retried POST returns the first response and creates nothing twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.models import IdempotencyKey, Organization


def _count(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).where(Organization.name == name)) or 0


def test_retry_replays_the_first_response(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    client = TestClient(probe_app)
    headers = {"Idempotency-Key": "retry-1"}
    first = client.post("/probe", json={"name": "Enhet A"}, headers=headers)
    second = client.post("/probe", json={"name": "Enhet A"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["idempotent-replayed"] == "true"
    assert _count(sessions, "Enhet A") == 1


def test_same_key_with_another_body_is_refused(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    client = TestClient(probe_app)
    headers = {"Idempotency-Key": "retry-2"}
    client.post("/probe", json={"name": "Enhet B"}, headers=headers)
    other = client.post("/probe", json={"name": "Enhet C"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert _count(sessions, "Enhet C") == 0


def test_without_a_key_every_post_creates(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    client = TestClient(probe_app)
    for _ in range(2):
        assert client.post("/probe", json={"name": "Enhet D"}).status_code == 201
    assert _count(sessions, "Enhet D") == 2


def test_a_failed_request_leaves_no_key_behind(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    client = TestClient(probe_app)
    headers = {"Idempotency-Key": "retry-3"}
    bad = client.post("/probe", json={"name": "Enhet E", "status": "x"}, headers=headers)
    assert bad.status_code == 422
    with sessions() as session:
        assert session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == "retry-3")) is None


def test_concurrent_duplicates_create_one_row(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    """20 clients send the same POST with the same key at once (issue #4 acceptance)."""

    def send(_: int) -> tuple[int, str]:
        with TestClient(probe_app) as client:
            response = client.post(
                "/probe", json={"name": "Enhet F"}, headers={"Idempotency-Key": "burst"}
            )
            return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(send, range(20)))

    assert _count(sessions, "Enhet F") == 1
    statuses = {status for status, _ in results}
    assert statuses <= {201, 409}, results
    bodies = {text for status, text in results if status == 201}
    assert len(bodies) == 1  # every success is the same (first) response

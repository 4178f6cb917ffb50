"""If-Match: 428 without it, 422 when it is no ETag, 412 when stale, and exactly one winner
among concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker


def _create(client: TestClient) -> tuple[str, str]:
    response = client.post("/probe", json={"name": "Original"})
    body = response.json()
    return body["id"], f'"v{body["version"]}"'


def test_missing_if_match_is_428(probe_app: FastAPI) -> None:
    client = TestClient(probe_app)
    org_id, _ = _create(client)
    response = client.patch(f"/probe/{org_id}", json={"name": "Ny"})
    assert response.status_code == 428
    assert response.headers["content-type"] == "application/problem+json"


def test_stale_if_match_is_412(probe_app: FastAPI) -> None:
    client = TestClient(probe_app)
    org_id, etag = _create(client)
    first = client.patch(f"/probe/{org_id}", json={"name": "Ett"}, headers={"If-Match": etag})
    assert first.status_code == 200
    assert first.headers["etag"] != etag
    stale = client.patch(f"/probe/{org_id}", json={"name": "Två"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_concurrent_writers_with_one_etag_have_one_winner(
    probe_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    """20 concurrent PATCHes with the same ETag: exactly one succeeds, the rest 412."""
    org_id, etag = _create(TestClient(probe_app))

    def send(n: int) -> int:
        with TestClient(probe_app) as client:
            response = client.patch(
                f"/probe/{org_id}", json={"name": f"Skrivare {n}"}, headers={"If-Match": etag}
            )
            status: int = response.status_code
            return status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(send, range(20)))

    assert statuses == [200] + [412] * 19


def test_a_blank_if_match_is_428_and_a_malformed_one_422(probe_app: FastAPI) -> None:
    """A blank header is a missing one; ``*`` or a stray text is no ETag of ours (``*`` would
    overwrite any change), so the answer names the header rather than claiming a conflict."""
    client = TestClient(probe_app)
    org_id, _ = _create(client)
    blank = client.patch(f"/probe/{org_id}", json={"name": "Ny"}, headers={"If-Match": " "})
    assert blank.status_code == 428
    for malformed in ("*", "v1", '"v1", garbage'):
        response = client.patch(
            f"/probe/{org_id}", json={"name": "Ny"}, headers={"If-Match": malformed}
        )
        assert response.status_code == 422, malformed
        assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
            ("header.If-Match", "etag")
        ]


def test_a_list_of_etags_matches_any_of_them(probe_app: FastAPI) -> None:
    client = TestClient(probe_app)
    org_id, etag = _create(client)
    either = {"If-Match": f'"v999", {etag}'}
    assert client.patch(f"/probe/{org_id}", json={"name": "Ny"}, headers=either).status_code == 200
    assert client.patch(f"/probe/{org_id}", json={"name": "Två"}, headers=either).status_code == 412

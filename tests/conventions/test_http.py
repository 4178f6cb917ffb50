"""Cross-cutting HTTP behaviour: request ids, problem details for bad input, body limits."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_request_id_is_echoed_or_made(probe_app: FastAPI) -> None:
    client = TestClient(probe_app)
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert made.headers["x-request-id"] != "bad id\nwith newline"
    assert len(made.headers["x-request-id"]) == 32


def test_invalid_body_names_the_field_and_the_rule(probe_app: FastAPI) -> None:
    response = TestClient(probe_app).post("/probe", json={"name": 5, "version": 9})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problems = {(e["field"], e["rule"]) for e in response.json()["errors"]}
    assert ("body.name", "string_type") in problems
    assert ("body.version", "extra_forbidden") in problems  # no mass assignment


def test_oversized_body_is_refused_before_parsing(probe_app: FastAPI) -> None:
    response = TestClient(probe_app).post(
        "/probe",
        content=b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_unknown_route_is_a_problem(probe_app: FastAPI) -> None:
    response = TestClient(probe_app).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"] == response.headers["x-request-id"]

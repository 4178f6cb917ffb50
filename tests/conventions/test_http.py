"""Cross-cutting HTTP behaviour: request ids, problem details for bad input, body limits,
the methods of a path."""

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


def test_a_wrong_method_names_every_method_of_the_path(probe_app: FastAPI) -> None:
    """Each method of a path is a route of its own; Allow must name them all, not the first."""
    client = TestClient(probe_app)
    case_path = "/api/v1/cases/0190a1b2-0000-7000-8000-000000000000"
    answers = {path: client.request("PUT", path) for path in ("/api/v1/cases", case_path)}
    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(answers, 405)
    assert answers["/api/v1/cases"].headers["allow"] == "GET, POST"
    assert answers[case_path].headers["allow"] == "GET, PATCH"
    assert answers[case_path].headers["content-type"] == "application/problem+json"

"""Managing webhook subscriptions through the API: the secret is shown once and stored
encrypted, targets are validated, and an organisation sees only its own."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Environment, get_settings
from api.models import OutboxEvent, WebhookSubscription
from api.webhooks import secrets, targets
from tests import factories as f
from tests.world import World

HOOK = "https://integration.polisen.example/samverka"


@pytest.fixture
def police(world: World, client_as: Callable[[Any], TestClient]) -> TestClient:
    return client_as(world.police_client)


def _create(client: TestClient, **changes: Any) -> Any:
    body = {"url": HOOK, "event_types": ["consent.withdrawn", "meeting.scheduled"]} | changes
    return client.post("/api/v1/webhooks", json=body)


def test_the_secret_is_shown_once_and_stored_encrypted(
    police: TestClient, session: Session
) -> None:
    created = _create(police)
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert created.headers["location"].endswith(created.json()["id"])
    read = police.get(f"/api/v1/webhooks/{created.json()['id']}")
    assert read.status_code == 200
    assert "secret" not in read.json()
    stored = session.scalars(select(WebhookSubscription)).one()
    assert secret not in stored.secret_ciphertext
    assert secrets.decrypt(stored.secret_ciphertext, get_settings()) == secret


def test_rotating_the_secret_replaces_it(police: TestClient, session: Session) -> None:
    created = _create(police).json()
    rotated = police.post(f"/api/v1/webhooks/{created['id']}/rotate-secret")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    stored = session.scalars(select(WebhookSubscription)).one()
    assert secrets.decrypt(stored.secret_ciphertext, get_settings()) == rotated.json()["secret"]


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("ftp://integration.polisen.example/x", "target_not_allowed"),
        ("https://127.0.0.1/hook", "target_not_allowed"),
        ("https://10.1.2.3/hook", "target_not_allowed"),
        ("https://[::1]/hook", "target_not_allowed"),
        ("https://169.254.169.254/latest", "target_not_allowed"),
        ("https://localhost/hook", "target_not_allowed"),
        ("https://user:pw@integration.polisen.example/x", "target_not_allowed"),
    ],
)
def test_targets_that_are_not_public_are_refused(police: TestClient, url: str, rule: str) -> None:
    response = _create(police, url=url)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("body.url", rule)


def test_production_requires_https() -> None:
    production = get_settings().model_copy(update={"env": Environment.production})
    with pytest.raises(targets.TargetRefused, match="https"):
        targets.check_url("http://integration.polisen.example/x", production)
    targets.check_url("https://integration.polisen.example/x", production)


def test_an_event_type_twice_or_unknown_is_refused(police: TestClient) -> None:
    twice = _create(police, event_types=["case.closed", "case.closed"])
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"].startswith("body.event_types")
    assert _create(police, event_types=["case.read"]).status_code == 422
    assert _create(police, event_types=[]).status_code == 422


def test_another_organisation_sees_none_of_them(
    police: TestClient, world: World, session: Session, client_as: Callable[[Any], TestClient]
) -> None:
    created = _create(police).json()
    school = client_as(f.make_client(session, world.school, ["webhooks:manage"]))
    assert school.get("/api/v1/webhooks").json()["items"] == []
    for method, path in (
        ("GET", ""),
        ("DELETE", ""),
        ("POST", "/rotate-secret"),
        ("GET", "/deliveries"),
    ):
        response = school.request(method, f"/api/v1/webhooks/{created['id']}{path}")
        assert response.status_code == 404, (method, path)
        assert response.headers["content-type"] == "application/problem+json"


def test_updates_need_the_current_etag(police: TestClient) -> None:
    created = _create(police).json()
    path = f"/api/v1/webhooks/{created['id']}"
    assert police.patch(path, json={"description": "x"}).status_code == 428
    assert (
        police.patch(path, json={"description": "x"}, headers={"If-Match": '"v9"'}).status_code
        == 412
    )
    changed = police.patch(
        path,
        json={"url": HOOK + "/v2", "event_types": ["plan.published"]},
        headers={"If-Match": '"v1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["event_types"] == ["plan.published"]
    refused = police.patch(path, json={"url": "https://10.0.0.1/x"}, headers={"If-Match": '"v2"'})
    assert refused.status_code == 422
    nulled = police.patch(path, json={"url": None}, headers={"If-Match": '"v2"'})
    assert nulled.status_code == 422


def test_delete_removes_it(police: TestClient) -> None:
    created = _create(police).json()
    assert police.delete(f"/api/v1/webhooks/{created['id']}").status_code == 204
    assert police.get(f"/api/v1/webhooks/{created['id']}").status_code == 404


def test_a_refused_change_writes_no_event(
    world: World, session: Session, client_as: Callable[[Any], TestClient]
) -> None:
    """The event is written in the change's own transaction: no change, no event."""
    case = world.cases["no_consent"]
    officer = client_as(world.users["case_officer"])
    refused = officer.post(f"/api/v1/cases/{case.id}/close", json={"closure_reason": "nonsense"})
    assert refused.status_code == 422
    assert session.scalars(select(OutboxEvent).where(OutboxEvent.case_id == case.id)).all() == []
    closed = officer.post(
        f"/api/v1/cases/{case.id}/close",
        json={"closure_reason": "plan_completed", "closure_summary": "Målen nåddes."},
    )
    assert closed.status_code == 200, closed.text
    again = officer.post(
        f"/api/v1/cases/{case.id}/close",
        json={"closure_reason": "plan_completed", "closure_summary": "Målen nåddes."},
    )
    assert again.status_code == 409
    [event] = session.scalars(select(OutboxEvent).where(OutboxEvent.case_id == case.id)).all()
    assert (event.type.value, event.subject_id) == ("case.closed", case.id)
    assert event.data == {"closure_reason": "plan_completed"}


def test_bad_input_is_a_problem_naming_the_field(police: TestClient) -> None:
    created = _create(police).json()
    path = f"/api/v1/webhooks/{created['id']}"
    cases = [
        (_create(police, description="x" * 201), "body.description"),
        (_create(police, url="https:/"), "body.url"),
        (
            police.patch(
                path,
                json={"event_types": ["case.closed", "case.closed"]},
                headers={"If-Match": '"v1"'},
            ),
            "body.event_types",
        ),
        (police.get(f"{path}/deliveries", params={"status": "lost"}), "query.status"),
    ]
    for response, field in cases:
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"].startswith(field), response.json()
    unknown = police.post(f"{path}/deliveries/{uuid.uuid4()}/replay")
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "There is no delivery with that id for this webhook."

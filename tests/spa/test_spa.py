"""The web app served by the API (api/spa.py): its files, the history fallback, caching,
security headers and the runtime config.json, with the API's own paths left as they were."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from api import config
from api.config import ConfigurationError, Settings
from api.demo.directory import USERS
from api.main import create_app
from tests.conftest import SettingsEnv

INDEX = "<!doctype html><title>Samverka</title><div id=root></div>"
APP_JS = "console.log('the app');"
SECRET = "outside-the-build-must-never-be-served"
STRONG_SECRET = "a-production-secret-key-that-is-long-enough-0123"

Serve = Callable[..., TestClient]


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A tiny build as `npm run build` leaves it, beside a file it must never serve."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "app-abc123.js").write_text(APP_JS)
    (dist / "config.json").write_text('{"api_base_url": "https://from-the-build.example"}')
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text(SECRET)
    return dist


@pytest.fixture
def serve(database_url: str, settings_env: SettingsEnv) -> Serve:
    """A client of an app built with these ``SAMVERKA_*`` settings (``spa_dir=...``)."""

    def make(**settings: str) -> TestClient:
        settings_env(**settings)
        return TestClient(create_app())

    return make


@pytest.fixture
def spa(serve: Serve, dist: Path) -> TestClient:
    return serve(spa_dir=str(dist))


def assert_index(response: Response) -> None:
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


def assert_problem_404(response: Response) -> None:
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


class TestFiles:
    def test_root_is_index(self, spa: TestClient) -> None:
        assert_index(spa.get("/"))

    def test_index_html_itself(self, spa: TestClient) -> None:
        assert_index(spa.get("/index.html"))

    @pytest.mark.parametrize("path", ["/cases/x/plan", "/cases/123/plan/", "/login"])
    def test_deep_link_is_index(self, spa: TestClient, path: str) -> None:
        assert_index(spa.get(path))

    def test_hashed_asset_is_cached_for_good(self, spa: TestClient) -> None:
        response = spa.get("/assets/app-abc123.js")
        assert response.status_code == 200
        assert response.text == APP_JS
        assert "javascript" in response.headers["content-type"]
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"

    def test_unhashed_file_is_revalidated(self, spa: TestClient) -> None:
        response = spa.get("/favicon.svg")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"

    def test_missing_asset_is_404_not_index(self, spa: TestClient) -> None:
        response = spa.get("/assets/missing.js")
        assert_problem_404(response)
        assert INDEX not in response.text

    def test_head(self, spa: TestClient) -> None:
        response = spa.head("/cases/x/plan")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"

    def test_revalidation_answers_not_modified(self, spa: TestClient) -> None:
        etag = spa.get("/").headers["etag"]
        response = spa.get("/", headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.headers["cache-control"] == "no-cache"

    # Percent-encoded, the dots reach the app undecoded by the client (scope path
    # "/../secret.txt"); StaticFiles resolves the path and refuses one outside the build.
    @pytest.mark.parametrize(
        "path",
        [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/assets/..%2f..%2fsecret.txt",
            "/assets/%2e%2e/%2e%2e/secret.txt",
            "/..%5csecret.txt",
            "/%2fetc%2fpasswd",
        ],
    )
    def test_traversal_is_refused(self, spa: TestClient, path: str) -> None:
        response = spa.get(path)
        assert SECRET not in response.text
        assert "root:" not in response.text
        assert response.status_code in (200, 404)  # the app's page or nothing, never the file


class TestSecurityHeaders:
    @pytest.mark.parametrize(
        "path", ["/", "/cases/x/plan", "/assets/app-abc123.js", "/config.json"]
    )
    def test_on_the_app(self, spa: TestClient, path: str) -> None:
        headers = spa.get(path).headers
        csp = headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ):
            assert directive in csp.split("; ")
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"

    def test_not_on_the_api(self, spa: TestClient) -> None:
        headers = spa.get("/healthz").headers
        assert "content-security-policy" not in headers
        assert "referrer-policy" not in headers


class TestApiPathsUnchanged:
    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/nope",
            "/api",
            "/api/v2/cases",
            "/docs/nope",
            "/docs-assets/nope.js",
            "/.well-known/nope",
            "/healthz/nope",
            "/readyz/x",
            "/openapi.json/x",
        ],
    )
    def test_unknown_api_path_is_a_problem_404(self, spa: TestClient, path: str) -> None:
        response = spa.get(path)
        assert_problem_404(response)
        assert response.json()["request_id"] == response.headers["x-request-id"]

    def test_api_routes_answer(self, spa: TestClient) -> None:
        assert spa.get("/healthz").json()["status"] == "ok"
        assert spa.get("/openapi.json").json()["openapi"].startswith("3.")
        assert spa.get("/docs").headers["content-type"].startswith("text/html")
        assert spa.get("/api/v1/cases").status_code == 401

    def test_a_route_added_later_still_wins(self, serve: Serve, dist: Path) -> None:
        serve(spa_dir=str(dist))
        app: FastAPI = create_app()
        app.add_api_route("/cases/later", lambda: {"later": True}, include_in_schema=False)
        assert TestClient(app).get("/cases/later").json() == {"later": True}

    def test_other_methods_are_not_the_app(self, spa: TestClient) -> None:
        assert_problem_404(spa.post("/cases/x/plan", json={}))
        assert_problem_404(spa.delete("/"))

    def test_nothing_in_the_schema(self, spa: TestClient) -> None:
        paths = spa.get("/openapi.json").json()["paths"]
        assert all(
            path.startswith(("/api/v1/", "/healthz", "/readyz", "/.well-known/")) for path in paths
        )
        assert "/config.json" not in paths


class TestConfigJson:
    def test_without_demo_mode_nothing_about_the_demo(self, spa: TestClient) -> None:
        response = spa.get("/config.json")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"
        assert response.json() == {"api_base_url": ""}  # the API's, not the build's file
        assert "demo" not in response.text

    def test_demo_mode_lists_the_demo_logins(self, serve: Serve, dist: Path) -> None:
        body = (
            serve(spa_dir=str(dist), demo_mode="true", demo_password="hemligt")
            .get("/config.json")
            .json()
        )
        assert set(body) == {"api_base_url", "demo_accounts", "demo_password"}
        assert body["api_base_url"] == ""
        assert body["demo_password"] == "hemligt"
        accounts = {account["username"]: account for account in body["demo_accounts"]}
        assert list(accounts) == [user.username for user in USERS]
        assert accounts["samordnare"] == {
            "username": "samordnare",
            "display_name": "Samir Samordnare",
            "role": "coordinator",
            "organization": "Socialtjänsten Exempelstad, Barn och unga Norr",
        }
        assert all("password" not in account for account in body["demo_accounts"])

    def test_demo_mode_refused_in_production(self, serve: Serve, dist: Path) -> None:
        with pytest.raises(ConfigurationError, match="SAMVERKA_DEMO_MODE"):
            serve(env="production", secret_key=STRONG_SECRET, spa_dir=str(dist), demo_mode="1")

    def test_production_without_demo_mode_starts(self) -> None:
        assert not Settings(env="production", secret_key=STRONG_SECRET).demo_mode


class TestDisabled:
    @pytest.mark.parametrize("setting", ["", "missing", "without-index"])
    def test_root_is_the_api_404_as_before(
        self, serve: Serve, tmp_path: Path, setting: str
    ) -> None:
        (tmp_path / "without-index").mkdir()
        client = serve(spa_dir=str(tmp_path / setting) if setting else "")
        assert_problem_404(client.get("/"))
        assert_problem_404(client.get("/cases/x/plan"))
        assert_problem_404(client.get("/config.json"))

    def test_default_is_the_repository_build_when_there_is_one(
        self, dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("SAMVERKA_SPA_DIR", raising=False)
        monkeypatch.setattr(config, "BUILT_SPA_DIR", dist)
        assert Settings().spa_dir == dist
        monkeypatch.setattr(config, "BUILT_SPA_DIR", tmp_path / "not-built")
        assert Settings().spa_dir is None

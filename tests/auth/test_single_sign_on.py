"""Tokens of the municipal identity provider through the HTTP API."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.auth import principals
from api.auth.jwks import JwksCache
from api.models import User
from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.auth.keys import FakeIdentityProvider, ec_key, rsa_key
from tests.conftest import SettingsEnv


@pytest.fixture
def idp(monkeypatch: pytest.MonkeyPatch, settings_env: SettingsEnv) -> FakeIdentityProvider:
    provider = FakeIdentityProvider()
    provider.publish("rsa-1", rsa_key("idp"))
    provider.publish("ec-1", ec_key("idp"))
    settings_env(
        oidc_issuer=provider.issuer,
        oidc_audience=provider.audience,
        oidc_jwks_url=provider.jwks_url,
    )
    cache = JwksCache(provider.jwks_url, transport=provider.transport)
    monkeypatch.setattr(principals, "jwks_cache_for", lambda _settings: cache)
    return provider


@pytest.fixture
def sso_user(session: Session) -> User:
    user = f.make_user(
        session, f.make_org(session, OrganizationKind.social_services), Role.coordinator
    )
    user.external_subject = "kommun-user-4711"
    session.flush()
    return user


@pytest.mark.parametrize(("kid", "algorithm"), [("rsa-1", "RS256"), ("ec-1", "ES256")])
def test_provider_token_logs_the_mapped_user_in(
    idp: FakeIdentityProvider, sso_user: User, app: FastAPI, kid: str, algorithm: str
) -> None:
    token = idp.token(kid, algorithm=algorithm)
    response = TestClient(app).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json()["id"] == str(sso_user.id)
    assert "cases:read" in response.json()["scopes"]


def test_unknown_subject_is_refused(
    idp: FakeIdentityProvider, sso_user: User, app: FastAPI
) -> None:
    token = idp.token("rsa-1", sub="somebody-else")
    response = TestClient(app).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_for_another_audience_is_refused(
    idp: FakeIdentityProvider, sso_user: User, app: FastAPI
) -> None:
    token = idp.token("rsa-1", aud="another-service")
    response = TestClient(app).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401

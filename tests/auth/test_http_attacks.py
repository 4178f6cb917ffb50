"""Token attacks through the HTTP API (issue #3): each answers 401 with a problem body, and an
oversized Authorization header 431. The app runs with RS256 here, the configuration in which
algorithm confusion (HS256 signed with the public key) is possible at all."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import config
from api.auth.jwks import rfc7638_thumbprint, rsa_public_jwk
from api.auth.principal import PrincipalKind
from api.auth.tokens import issue_access_token
from api.models import User
from api.models.enums import OrganizationKind, Role
from tests import factories as f
from tests.auth.keys import (
    forge,
    hmac_forge,
    public_der,
    public_pem,
    rsa_key,
    sign,
    write_key_files,
)
from tests.conftest import SettingsEnv

KEY = rsa_key("http-attacks")
KID = rfc7638_thumbprint(rsa_public_jwk(KEY.public_key()))


@pytest.fixture
def rs256(tmp_path: Path, settings_env: SettingsEnv) -> None:
    private_path, public_path = write_key_files(tmp_path, KEY)
    settings_env(
        jwt_algorithm="RS256", jwt_private_key_path=private_path, jwt_public_key_path=public_path
    )


@pytest.fixture
def officer(session: Session) -> User:
    return f.make_user(session, f.make_org(session, OrganizationKind.police), Role.professional)


def _claims(user: User, **overrides: Any) -> dict[str, Any]:
    settings = config.get_settings()
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(user.id),
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
        "kind": "user",
        "org": str(user.organization_id),
        "roles": ["professional"],
        "scope": "cases:read profile",
    }
    return {k: v for k, v in (claims | overrides).items() if v is not None}


def _issued(user: User, *, now_offset: int = 0, **settings: Any) -> str:
    base = config.get_settings()
    return issue_access_token(
        subject=user.id,
        kind=PrincipalKind.user,
        organization_id=user.organization_id,
        roles=["professional"],
        scopes=["profile"],
        settings=base.model_copy(update=settings),
        now=None if not now_offset else _utc_in(now_offset),
    ).token


def _utc_in(seconds: int):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    return datetime.now(UTC) + timedelta(seconds=seconds)


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _unsigned(alg: str, user: User) -> str:
    return forge({"alg": alg, "typ": "at+jwt"}, _claims(user))


ATTACKS: dict[str, Callable[[User], str]] = {
    **{f"alg-{alg}": partial(_unsigned, alg) for alg in ("none", "None", "NONE", "nOnE")},
    "hs256-with-public-pem": lambda u: hmac_forge(
        {"alg": "HS256", "typ": "at+jwt"}, _claims(u), public_pem(KEY)
    ),
    "hs256-with-public-der": lambda u: hmac_forge(
        {"alg": "HS256", "typ": "at+jwt"}, _claims(u), public_der(KEY)
    ),
    "expired": lambda u: _issued(u, now_offset=-3600),
    "not-yet-valid": lambda u: sign(
        KEY, _claims(u, nbf=int(time.time()) + 600), algorithm="RS256", **_h()
    ),
    "wrong-audience": lambda u: _issued(u, jwt_audience="another-api"),
    "wrong-issuer": lambda u: _issued(u, jwt_issuer="someone-else"),
    "tampered-payload": lambda u: _tampered(_issued(u)),
    "missing-jti": lambda u: sign(KEY, _claims(u, jti=None), algorithm="RS256", **_h()),
    "missing-exp": lambda u: sign(KEY, _claims(u, exp=None), algorithm="RS256", **_h()),
    "garbage": lambda u: "not.a.token",
}


def _h() -> dict[str, str]:
    return {"kid": KID, "typ": "at+jwt"}


def test_the_baseline_token_is_accepted(rs256: None, app: FastAPI, officer: User) -> None:
    """Guards the attack tests: a correctly made RS256 token passes, so 401s mean refusal."""
    client = TestClient(app)
    token = sign(KEY, _claims(officer), algorithm="RS256", **_h())
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_is_refused(rs256: None, app: FastAPI, officer: User, attack: str) -> None:
    token = ATTACKS[attack](officer)
    response = TestClient(app).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The access token is invalid or has expired."


def test_oversized_authorization_header(app: FastAPI) -> None:
    response = TestClient(app).get(
        "/api/v1/me", headers={"Authorization": "Bearer " + "a" * 20_000}
    )
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"

"""Keys, settings and hand-made tokens for tests of token verification.

Tests may use python-jose to forge tokens; the rule that only ``api/auth/tokens.py`` imports
it is about application code. JWK members are computed here independently of the app, so a
mistake in the app's encoding cannot cancel out in the tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jose import jwt
from pydantic import SecretStr

from api.config import Settings

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@cache
def rsa_key(label: str = "default", bits: int = 2048) -> rsa.RSAPrivateKey:
    """One generated key per label and size for the whole run: generation is slow."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@cache
def ec_key(label: str = "default", curve: str = "P-256") -> ec.EllipticCurvePrivateKey:
    curves = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}
    return ec.generate_private_key(curves[curve])


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_der(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def write_key_files(directory: Path, key: rsa.RSAPrivateKey) -> tuple[Path, Path]:
    """The key pair as PEM files; named by a fresh uuid so the app's key cache never mixes
    two tests' keys."""
    stem = directory / uuid.uuid4().hex
    private_path, public_path = stem.with_suffix(".key"), stem.with_suffix(".pub")
    private_path.write_bytes(private_pem(key))
    public_path.write_bytes(public_pem(key))
    return private_path, public_path


def hs256_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"jwt_algorithm": "HS256", "secret_key": SecretStr(TEST_SECRET)}
    return Settings(**(values | overrides))


def rs256_settings(
    directory: Path, key: rsa.RSAPrivateKey | None = None, **overrides: Any
) -> Settings:
    private_path, public_path = write_key_files(directory, key or rsa_key())
    values: dict[str, Any] = {
        "jwt_algorithm": "RS256",
        "jwt_private_key_path": private_path,
        "jwt_public_key_path": public_path,
    }
    return Settings(**(values | overrides))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value: object) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def forge(header: Mapping[str, Any], claims: Mapping[str, Any], signature: bytes = b"") -> str:
    """A compact JWT assembled by hand, with whatever signature bytes the test wants."""
    return f"{b64url_json(header)}.{b64url_json(claims)}.{b64url(signature)}"


def hmac_forge(header: Mapping[str, Any], claims: Mapping[str, Any], secret: bytes) -> str:
    """An HS256 token MACed with any bytes (python-jose refuses PEM secrets; an attacker
    would not ask it)."""
    signing_input = f"{b64url_json(header)}.{b64url_json(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def sign(key: PrivateKey, claims: Mapping[str, Any], *, algorithm: str, **headers: Any) -> str:
    return jwt.encode(dict(claims), private_pem(key).decode(), algorithm=algorithm, headers=headers)


def public_jwk(key: PrivateKey, kid: str, **extra: str) -> dict[str, str]:
    """The public half of a key as a JWK, computed from the key's numbers."""
    if isinstance(key, rsa.RSAPrivateKey):
        rsa_numbers = key.public_key().public_numbers()
        members = {"kty": "RSA", "n": _b64_uint(rsa_numbers.n), "e": _b64_uint(rsa_numbers.e)}
    else:
        ec_numbers = key.public_key().public_numbers()
        size = (key.curve.key_size + 7) // 8
        members = {
            "kty": "EC",
            "crv": {256: "P-256", 384: "P-384"}[key.curve.key_size],
            "x": b64url(ec_numbers.x.to_bytes(size, "big")),
            "y": b64url(ec_numbers.y.to_bytes(size, "big")),
        }
    return members | {"kid": kid, "use": "sig"} | extra


def _b64_uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeIdentityProvider:
    """The municipal identity provider in-process: signs tokens with its own keys and serves
    its JWKS through an ``httpx.MockTransport`` that counts requests."""

    issuer = "https://login.kommun.example.se"
    audience = "samverka-sso"
    jwks_url = "https://login.kommun.example.se/jwks"

    def __init__(self) -> None:
        self.keys: dict[str, PrivateKey] = {}
        self.requests = 0
        self.transport = httpx.MockTransport(self._serve)

    def publish(self, kid: str, key: PrivateKey) -> None:
        self.keys[kid] = key

    def withdraw(self, kid: str) -> None:
        del self.keys[kid]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(key, kid) for kid, key in self.keys.items()]}

    def _serve(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        assert str(request.url) == self.jwks_url
        return httpx.Response(200, json=self.jwks())

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "oidc_issuer": self.issuer,
            "oidc_audience": self.audience,
            "oidc_jwks_url": self.jwks_url,
            "oidc_algorithms": ["RS256", "ES256"],
        }
        return hs256_settings(**(values | overrides))

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "kommun-user-4711",
            "iat": now,
            "exp": now + 300,
        }
        return {k: v for k, v in (claims | overrides).items() if v is not None}

    def token(self, kid: str, *, algorithm: str = "RS256", **claims: Any) -> str:
        """A token signed with the published key ``kid``; a claim given as None is left out."""
        return sign(self.keys[kid], self.claims(**claims), algorithm=algorithm, kid=kid)

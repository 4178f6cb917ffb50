"""Access tokens; the only module that imports python-jose.

Built-in tokens are short-lived JWT access tokens in the RFC 9068 profile, signed with HS256
(a key derived from ``SAMVERKA_SECRET_KEY``) or RS256 (a configured key pair whose public half
is published at ``/.well-known/jwks.json``). Tokens of the municipal identity provider are
verified against its JWKS (``api/auth/jwks.py``).

python-jose leaves most checks optional: here every claim we rely on is required, each
verifier accepts exactly one algorithm family (never HMAC next to RSA/EC: CVE-2024-33663),
and the header's ``alg`` is compared with it before python-jose sees the token. Every failure
is one ``InvalidToken`` with one generic message, so a client never learns which check failed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives import serialization
from jose import jwk, jwt
from jose.backends.base import Key

from api.auth.jwks import (
    MIN_RSA_BITS,
    JwksCache,
    PublicJwk,
    load_rsa_private_key,
    load_rsa_public_key,
    rfc7638_thumbprint,
    rsa_public_jwk,
)
from api.auth.principal import PrincipalKind
from api.config import ConfigurationError, Settings
from api.errors import Unauthorized

ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 - the RFC 9068 "typ" header, not a secret
EXTERNAL_ALGORITHMS = frozenset({"RS256", "ES256"})  # never HMAC: the key would be public
MAX_TOKEN_LENGTH = 8 * 1024
LEEWAY_SECONDS = 5
MAX_EXTERNAL_LIFETIME_SECONDS = 24 * 3600
INVALID_TOKEN_DETAIL = "The access token is invalid or has expired."  # noqa: S105 - a message

# Domain separation: the HS256 key is derived from the secret key, so a MAC made with the
# secret key anywhere else in the system can never double as a token signature.
_HMAC_KEY_CONTEXT = b"samverka/access-token/v1"
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_TOKEN_ID = re.compile(r"[0-9a-f]{32}")
_SCOPE_TOKEN = re.compile(r"[!#-\[\]-~]+")  # RFC 6749 section 3.3 scope-token (NQCHAR)
_EXTERNAL_KEY_TYPES = {"RS256": ("RSA", None), "ES256": ("EC", "P-256")}


def _jose_options(required: Iterable[str], **extra: Any) -> Mapping[str, Any]:
    options: dict[str, Any] = {f"require_{claim}": True for claim in required}
    return MappingProxyType(options | {"leeway": LEEWAY_SECONDS} | extra)


_ACCESS_OPTIONS = _jose_options(("exp", "iat", "nbf", "aud", "iss", "sub", "jti"))
# ID tokens carry at_hash for the code flow; we hold no access token to compare it with.
_EXTERNAL_OPTIONS = _jose_options(("exp", "iat", "aud", "iss", "sub"), verify_at_hash=False)


class InvalidToken(Unauthorized):
    """A bearer token failed verification. ``reason`` names the failed check, for logs and
    tests only; the client gets the same generic detail whatever went wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(INVALID_TOKEN_DETAIL)
        self.reason = reason

    def headers(self) -> dict[str, str]:
        # RFC 6750 section 3.1: tells a client to get a new token rather than give up.
        return {"WWW-Authenticate": 'Bearer realm="samverka", error="invalid_token"'}


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    token_id: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AccessClaims:
    subject: uuid.UUID
    kind: PrincipalKind
    organization_id: uuid.UUID
    roles: tuple[str, ...]
    scopes: tuple[str, ...]
    token_id: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ExternalClaims:
    subject: str  # the value of settings.oidc_user_claim, matched to users.external_subject
    issuer: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class _BuiltinKeys:
    algorithm: str
    verifying_key: Key
    signing_key: Key | None  # None when only the public key is configured
    kid: str | None  # RS256: the RFC 7638 thumbprint
    public_jwk: Mapping[str, str] | None


# --- Built-in tokens ------------------------------------------------------------------------


def issue_access_token(
    *,
    subject: uuid.UUID,
    kind: PrincipalKind,
    organization_id: uuid.UUID,
    roles: Iterable[str],
    scopes: Iterable[str],
    settings: Settings,
    now: datetime | None = None,
) -> IssuedToken:
    """Sign a short-lived access token for a user or an integration client."""
    keys = _builtin_keys(settings)
    if keys.signing_key is None:
        raise ConfigurationError("Issuing tokens needs SAMVERKA_JWT_PRIVATE_KEY_PATH.")
    issued = _timestamp(now or datetime.now(UTC))
    expires = issued + _lifetime_seconds(settings)
    token_id = uuid.uuid4().hex
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(subject),
        "exp": expires,
        "iat": issued,
        "nbf": issued,
        "jti": token_id,
        "kind": PrincipalKind(kind).value,
        "org": str(organization_id),
        "roles": _scope_tokens(roles),
        "scope": " ".join(_scope_tokens(scopes)),
    }
    headers = {"typ": ACCESS_TOKEN_TYPE} | ({"kid": keys.kid} if keys.kid else {})
    token = jwt.encode(claims, keys.signing_key, algorithm=keys.algorithm, headers=headers)
    if len(token) > MAX_TOKEN_LENGTH:
        raise ValueError("The token would be longer than the verifier accepts.")
    return IssuedToken(token, token_id, datetime.fromtimestamp(expires, UTC))


def decode_access_token(token: str, settings: Settings) -> AccessClaims:
    """Verify a built-in access token against the wall clock; any failure is ``InvalidToken``."""
    keys = _builtin_keys(settings)  # outside the checks: a configuration error is not a 401
    header = _unverified_header(token)
    # Before python-jose sees the token: this rules out "none" in any casing and a token
    # signed with HMAC over our public key (RS256 configured, "alg": "HS256").
    if header.get("alg") != keys.algorithm:
        raise InvalidToken("algorithm not allowed")
    if header.get("typ") != ACCESS_TOKEN_TYPE:
        raise InvalidToken("not an access token (typ)")
    if header.get("kid") != keys.kid:
        raise InvalidToken("unknown key id")
    claims = _verified_claims(
        token,
        keys.verifying_key,
        keys.algorithm,
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options=_ACCESS_OPTIONS,
    )
    issued_at, expires_at = _validity(claims, _lifetime_seconds(settings))
    _int_claim(claims, "nbf")
    return AccessClaims(
        subject=_uuid_claim(claims, "sub"),
        kind=_kind_claim(claims),
        organization_id=_uuid_claim(claims, "org"),
        roles=_roles_claim(claims),
        scopes=_scope_claim(claims),
        token_id=_token_id_claim(claims),
        issued_at=issued_at,
        expires_at=expires_at,
    )


def jwks_document(settings: Settings) -> dict[str, Any]:
    """The public JWK set for ``/.well-known/jwks.json``; empty with HS256 (nothing public)."""
    keys = _builtin_keys(settings)
    return {"keys": [dict(keys.public_jwk)] if keys.public_jwk else []}


def check_token_settings(settings: Settings) -> None:
    """Fail at start-up, not at the first request, when keys or algorithms are misconfigured."""
    _builtin_keys(settings)
    _lifetime_seconds(settings)
    if settings.oidc_issuer or settings.oidc_audience or settings.oidc_jwks_url:
        issuer, _, _ = _external_config(settings)
        if issuer == settings.jwt_issuer:
            raise ConfigurationError("SAMVERKA_OIDC_ISSUER must differ from SAMVERKA_JWT_ISSUER.")


def _builtin_keys(settings: Settings) -> _BuiltinKeys:
    if settings.jwt_algorithm == "HS256":
        return _hmac_keys(settings.secret_key.get_secret_value())
    if settings.jwt_algorithm == "RS256":
        return _rsa_keys(settings.jwt_private_key_path, settings.jwt_public_key_path)
    raise ConfigurationError("SAMVERKA_JWT_ALGORITHM must be HS256 or RS256.")


@lru_cache(maxsize=4)
def _hmac_keys(secret: str) -> _BuiltinKeys:
    if not secret:
        raise ConfigurationError("HS256 tokens need SAMVERKA_SECRET_KEY.")
    derived = hmac.new(secret.encode(), _HMAC_KEY_CONTEXT, hashlib.sha256).digest()
    key = jwk.construct(derived, "HS256")
    return _BuiltinKeys("HS256", key, key, None, None)


@lru_cache(maxsize=4)
def _rsa_keys(private_path: Path | None, public_path: Path | None) -> _BuiltinKeys:
    """Load the key pair once per process (rotating keys means restarting)."""
    private = load_rsa_private_key(private_path) if private_path else None
    public = load_rsa_public_key(public_path) if public_path else None
    if private is not None:
        derived = private.public_key()
        if public is not None and public.public_numbers() != derived.public_numbers():
            raise ConfigurationError("The JWT private and public key files are not a pair.")
        public = derived
    if public is None:
        raise ConfigurationError("RS256 needs SAMVERKA_JWT_PRIVATE_KEY_PATH or _PUBLIC_KEY_PATH.")
    if public.key_size < MIN_RSA_BITS:
        raise ConfigurationError(f"The JWT RSA key must have at least {MIN_RSA_BITS} bits.")
    public_jwk = rsa_public_jwk(public)
    kid = rfc7638_thumbprint(public_jwk)
    public_pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing = None
    if private is not None:
        private_pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        signing = jwk.construct(private_pem, "RS256")
    published = MappingProxyType(public_jwk | {"kid": kid, "use": "sig", "alg": "RS256"})
    return _BuiltinKeys("RS256", jwk.construct(public_pem, "RS256"), signing, kid, published)


# --- External identity provider ---------------------------------------------------------------


def decode_external_token(token: str, settings: Settings, jwks: JwksCache) -> ExternalClaims:
    """Verify a token of the municipal identity provider with the key its header names."""
    issuer, audience, algorithms = _external_config(settings)
    header = _unverified_header(token)
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in algorithms:
        raise InvalidToken("algorithm not allowed")
    kid = header.get("kid")
    public_jwk = jwks.get(kid) if isinstance(kid, str) and kid else None
    if public_jwk is None:
        raise InvalidToken("unknown key id")
    claims = _verified_claims(
        token,
        _external_key(public_jwk, algorithm),
        algorithm,
        audience=audience,
        issuer=issuer,
        options=_EXTERNAL_OPTIONS,
    )
    subject = claims.get(settings.oidc_user_claim)
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise InvalidToken(f"no usable {settings.oidc_user_claim!r} claim")
    issued_at, expires_at = _validity(claims, MAX_EXTERNAL_LIFETIME_SECONDS)
    return ExternalClaims(subject, issuer, issued_at, expires_at)


def _external_config(settings: Settings) -> tuple[str, str, frozenset[str]]:
    issuer, audience = settings.oidc_issuer, settings.oidc_audience
    if not (issuer and audience and settings.oidc_jwks_url):
        raise ConfigurationError("Single sign-on needs SAMVERKA_OIDC_ISSUER, _AUDIENCE, _JWKS_URL.")
    algorithms = frozenset(settings.oidc_algorithms)
    if not algorithms or not algorithms <= EXTERNAL_ALGORITHMS:
        raise ConfigurationError("SAMVERKA_OIDC_ALGORITHMS may only list RS256 and ES256.")
    return issuer, audience, algorithms


def _external_key(public_jwk: PublicJwk, algorithm: str) -> Key:
    """A verifier for this algorithm only; a key of another type or curve is refused."""
    kty, curve = _EXTERNAL_KEY_TYPES[algorithm]
    if public_jwk.get("kty") != kty or public_jwk.get("crv") != curve:
        raise InvalidToken("key type does not match the algorithm")
    if public_jwk.get("alg", algorithm) != algorithm:
        raise InvalidToken("key is bound to another algorithm")
    try:
        return jwk.construct(dict(public_jwk), algorithm)
    except Exception as exc:  # a malformed key from the provider: no token can be verified
        raise InvalidToken("unusable provider key") from exc


def unverified_issuer(token: str) -> str | None:
    """The ``iss`` claim, read WITHOUT verifying anything.

    Only for choosing which verifier to run (built-in or identity provider); that verifier
    then checks signature and issuer itself. Never base any decision about trust on it.
    """
    if len(token) > MAX_TOKEN_LENGTH or not _COMPACT_JWS.fullmatch(token):
        return None
    try:
        issuer = jwt.get_unverified_claims(token).get("iss")
    except Exception:  # any unreadable token simply has no issuer
        return None
    return issuer if isinstance(issuer, str) else None


# --- Shared checks --------------------------------------------------------------------------


def _unverified_header(token: str) -> dict[str, Any]:
    """The header, for choosing the key; reading it costs little, so size and shape first."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("token too long")
    if not _COMPACT_JWS.fullmatch(token):
        raise InvalidToken("not a signed compact JWT")
    try:
        header = jwt.get_unverified_header(token)
    except Exception as exc:  # e.g. RecursionError from deeply nested JSON
        raise InvalidToken("unreadable header") from exc
    if "crit" in header:  # RFC 7515 section 4.1.11: we understand no extensions
        raise InvalidToken("critical header extension")
    return header


def _verified_claims(
    token: str,
    key: Key,
    algorithm: str,
    *,
    audience: str,
    issuer: str,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    try:
        return jwt.decode(
            token, key, algorithms=[algorithm], options=options, audience=audience, issuer=issuer
        )
    except Exception as exc:  # python-jose lets TypeError/OverflowError escape on odd claims
        raise InvalidToken(f"{type(exc).__name__}: {exc}") from exc


def _validity(claims: Mapping[str, Any], max_lifetime: int) -> tuple[datetime, datetime]:
    """python-jose checked exp and nbf (and accepts "123" or 1.5); insist on integers, refuse
    tokens issued in the future or living longer than we would ever issue them."""
    issued, expires = _int_claim(claims, "iat"), _int_claim(claims, "exp")
    if issued > _timestamp(datetime.now(UTC)) + LEEWAY_SECONDS:
        raise InvalidToken("issued in the future")
    if not 0 < expires - issued <= max_lifetime:
        raise InvalidToken("lifetime out of range")
    return datetime.fromtimestamp(issued, UTC), datetime.fromtimestamp(expires, UTC)


def _int_claim(claims: Mapping[str, Any], name: str) -> int:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidToken(f"{name} is not an integer")
    return value


def _uuid_claim(claims: Mapping[str, Any], name: str) -> uuid.UUID:
    value = claims.get(name)
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != value:  # canonical form only, as issued
        raise InvalidToken(f"{name} is not a UUID")
    return parsed


def _kind_claim(claims: Mapping[str, Any]) -> PrincipalKind:
    value = claims.get("kind")
    if not isinstance(value, str) or value not in {kind.value for kind in PrincipalKind}:
        raise InvalidToken("unknown principal kind")
    return PrincipalKind(value)


def _roles_claim(claims: Mapping[str, Any]) -> tuple[str, ...]:
    roles = claims.get("roles")
    if not isinstance(roles, list) or not all(
        isinstance(role, str) and _SCOPE_TOKEN.fullmatch(role) for role in roles
    ):
        raise InvalidToken("roles is not a list of names")
    return tuple(roles)


def _scope_claim(claims: Mapping[str, Any]) -> tuple[str, ...]:
    scope = claims.get("scope")
    if not isinstance(scope, str):
        raise InvalidToken("scope is not a string")
    scopes = tuple(scope.split(" ")) if scope else ()
    if not all(_SCOPE_TOKEN.fullmatch(item) for item in scopes):
        raise InvalidToken("scope is not space-separated scope tokens")
    return scopes


def _token_id_claim(claims: Mapping[str, Any]) -> str:
    value = claims.get("jti")
    if not isinstance(value, str) or not _TOKEN_ID.fullmatch(value):
        raise InvalidToken("jti is not a token id")
    return value


def _scope_tokens(values: Iterable[str]) -> list[str]:
    """Sorted, de-duplicated names; one with a space would split into two scopes."""
    names = sorted({str(value) for value in values})
    for name in names:
        if not _SCOPE_TOKEN.fullmatch(name):
            raise ValueError(f"Not a valid role or scope name: {name!r}")
    return names


def _lifetime_seconds(settings: Settings) -> int:
    if settings.access_token_minutes <= 0:
        raise ConfigurationError("SAMVERKA_ACCESS_TOKEN_MINUTES must be positive.")
    return settings.access_token_minutes * 60


def _timestamp(moment: datetime) -> int:
    if moment.utcoffset() is None:
        raise ValueError("Token times must be timezone-aware.")
    return int(moment.timestamp())

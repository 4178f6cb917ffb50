"""JSON Web Keys: our own RSA key pair's public JWK, and the external identity provider's
public signing keys, fetched from its JWKS URL and cached.

This module only loads, fetches, vets and caches keys; it never imports python-jose (only
``api/auth/tokens.py`` does), and it never decides whether a token is valid.

An unknown key id triggers a refetch, because providers rotate keys without notice; refetches
are throttled so that a stream of tokens with made-up key ids cannot turn this server into a
flood of requests against the provider. A successful fetch replaces the whole set, so a key
the provider withdrew stops being accepted at the next refresh.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import httpx
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.config import ConfigurationError, Settings

log = structlog.get_logger(__name__)

REFETCH_INTERVAL_SECONDS = 60.0
MAX_AGE_SECONDS = 3600.0
FETCH_TIMEOUT_SECONDS = 5.0
MAX_JWKS_BYTES = 256 * 1024
MAX_KEYS = 64
MIN_RSA_BITS = 2048
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Public members only: private parts ("d", "p", ...) a careless provider might publish are
# dropped, so a verifier can never be built as a signer.
_KEPT_MEMBERS = {"RSA": ("n", "e"), "EC": ("crv", "x", "y")}

PublicJwk = Mapping[str, str]


# --- Our own key pair ---------------------------------------------------------------------


def load_rsa_private_key(path: Path) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:  # TypeError: the key is encrypted
        raise ConfigurationError(f"Cannot load the JWT private key from {path}.") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ConfigurationError(f"The JWT private key at {path} is not an RSA key.")
    return key


def load_rsa_public_key(path: Path) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"Cannot load the JWT public key from {path}.") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise ConfigurationError(f"The JWT public key at {path} is not an RSA key.")
    return key


def rsa_public_jwk(key: rsa.RSAPublicKey) -> dict[str, str]:
    """The public members of an RSA key as a JWK (RFC 7518 section 6.3.1)."""
    numbers = key.public_numbers()
    return {"kty": "RSA", "n": _b64_uint(numbers.n), "e": _b64_uint(numbers.e)}


def rfc7638_thumbprint(public_jwk: Mapping[str, str]) -> str:
    """JWK thumbprint (RFC 7638): SHA-256 of the required members, sorted, no whitespace;
    a key id that changes exactly when the key does."""
    required = {name: public_jwk[name] for name in ("e", "kty", "n")}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_uint(value: int) -> str:
    return _b64(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


# --- The identity provider's keys ------------------------------------------------------------


class _TooLarge(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class _KeySet:
    keys: Mapping[str, PublicJwk]
    fetched_at: float | None  # clock reading of the last successful fetch


class JwksCache:
    """Thread-safe cache of one provider's signing keys, by key id.

    Lookups of known, fresh keys take no lock (the key set is replaced as one immutable
    snapshot); fetches are serialised, so concurrent requests with the same new key id cause
    one request to the provider.
    """

    def __init__(
        self,
        url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        refetch_interval: float = REFETCH_INTERVAL_SECONDS,
        max_age: float = MAX_AGE_SECONDS,
        timeout: float = FETCH_TIMEOUT_SECONDS,
    ) -> None:
        _check_url(url)
        self._url = url
        self._transport = transport
        self._clock = clock
        self._refetch_interval = refetch_interval
        self._max_age = max_age
        self._timeout = timeout
        self._snapshot = _KeySet(MappingProxyType({}), None)
        self._attempted_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(
        cls, settings: Settings, *, transport: httpx.BaseTransport | None = None
    ) -> JwksCache:
        if not settings.oidc_jwks_url:
            raise ConfigurationError("Single sign-on needs SAMVERKA_OIDC_JWKS_URL.")
        return cls(settings.oidc_jwks_url, transport=transport)

    def get(self, kid: str) -> PublicJwk | None:
        """The provider's key with this id, or None; refetches when the id is unknown or the
        set is older than ``max_age``, at most once per ``refetch_interval``."""
        snapshot = self._snapshot
        if kid in snapshot.keys and not self._is_stale(snapshot):
            return snapshot.keys[kid]
        with self._lock:
            snapshot = self._snapshot
            wanted = kid not in snapshot.keys or self._is_stale(snapshot)
            if wanted and self._may_fetch():
                self._refresh()
            return self._snapshot.keys.get(kid)

    def _is_stale(self, snapshot: _KeySet) -> bool:
        return snapshot.fetched_at is None or self._clock() - snapshot.fetched_at >= self._max_age

    def _may_fetch(self) -> bool:
        return (
            self._attempted_at is None
            or self._clock() - self._attempted_at >= self._refetch_interval
        )

    def _refresh(self) -> None:
        """Replace the key set; on failure keep the previous one (the provider being briefly
        unreachable must not log everybody out) and wait a full interval before retrying."""
        started = self._clock()
        self._attempted_at = started
        keys = self._fetch()
        if keys:
            self._snapshot = _KeySet(MappingProxyType(keys), started)

    def _fetch(self) -> dict[str, PublicJwk] | None:
        try:
            with (
                httpx.Client(
                    transport=self._transport, timeout=self._timeout, follow_redirects=False
                ) as client,
                client.stream("GET", self._url, headers={"Accept": "application/json"}) as reply,
            ):
                if reply.status_code != httpx.codes.OK:
                    log.warning("jwks_fetch_refused", url=self._url, status=reply.status_code)
                    return None
                body = _read_limited(reply, MAX_JWKS_BYTES)
            keys = parse_jwks(json.loads(body))
        except (httpx.HTTPError, ValueError, RecursionError) as exc:
            log.warning("jwks_fetch_failed", url=self._url, error=type(exc).__name__)
            return None
        if not keys:
            log.warning("jwks_without_usable_keys", url=self._url)
        return keys


def _check_url(url: str) -> None:
    """Keys fetched over plain HTTP could be swapped in transit; only loopback is exempt."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS:
        return
    raise ConfigurationError("SAMVERKA_OIDC_JWKS_URL must be an https:// URL.")


def _read_limited(reply: httpx.Response, limit: int) -> bytes:
    body = bytearray()
    for chunk in reply.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise _TooLarge(f"JWKS larger than {limit} bytes")
    return bytes(body)


def parse_jwks(document: object) -> dict[str, PublicJwk]:
    """The usable signing keys of a JWK set (RFC 7517), by kid; anything else is skipped."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return {}
    keys: dict[str, PublicJwk] = {}
    for entry in entries[:MAX_KEYS]:
        vetted = _vet_key(entry)
        if vetted is not None:
            keys.setdefault(vetted["kid"], vetted)
    return keys


def _vet_key(entry: object) -> dict[str, str] | None:
    """A signing key with a kid and string members, reduced to its public members."""
    if not isinstance(entry, dict):
        return None
    kid, kty, use = entry.get("kid"), entry.get("kty"), entry.get("use", "sig")
    members = _KEPT_MEMBERS.get(kty) if isinstance(kty, str) else None
    if not isinstance(kid, str) or not kid or len(kid) > 256 or use != "sig" or members is None:
        return None
    vetted = {"kid": kid, "kty": str(kty)}
    for name in (*members, "alg"):
        value = entry.get(name)
        if isinstance(value, str):
            vetted[name] = value
        elif name != "alg":
            return None
    if kty == "RSA" and _bit_length(vetted["n"]) < MIN_RSA_BITS:
        return None
    return vetted


def _bit_length(b64url_integer: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(b64url_integer + "=" * (-len(b64url_integer) % 4))
    except (binascii.Error, ValueError):
        return 0
    return int.from_bytes(raw, "big").bit_length()

"""Tokens of the municipal identity provider, and the cache of its published keys."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from api.auth.jwks import JwksCache, parse_jwks
from api.auth.tokens import ExternalClaims, InvalidToken, decode_external_token
from api.config import ConfigurationError
from tests.auth.keys import (
    FakeClock,
    FakeIdentityProvider,
    ec_key,
    forge,
    hmac_forge,
    public_der,
    public_jwk,
    public_pem,
    rsa_key,
    sign,
)


@pytest.fixture
def idp() -> FakeIdentityProvider:
    provider = FakeIdentityProvider()
    provider.publish("rsa-1", rsa_key("idp"))
    provider.publish("ec-1", ec_key("idp"))
    return provider


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache(idp: FakeIdentityProvider, clock: FakeClock) -> JwksCache:
    return JwksCache(idp.jwks_url, transport=idp.transport, clock=clock)


def verify(
    idp: FakeIdentityProvider, cache: JwksCache, token: str, **settings: Any
) -> ExternalClaims:
    return decode_external_token(token, idp.settings(**settings), cache)


def refused(idp: FakeIdentityProvider, cache: JwksCache, token: str, **settings: Any) -> str:
    with pytest.raises(InvalidToken) as caught:
        verify(idp, cache, token, **settings)
    return caught.value.reason


class TestExternalToken:
    @pytest.mark.parametrize(("kid", "algorithm"), [("rsa-1", "RS256"), ("ec-1", "ES256")])
    def test_accepted(
        self, idp: FakeIdentityProvider, cache: JwksCache, kid: str, algorithm: str
    ) -> None:
        claims = verify(idp, cache, idp.token(kid, algorithm=algorithm))
        assert claims.subject == "kommun-user-4711"
        assert claims.issuer == idp.issuer
        assert claims.expires_at > claims.issued_at

    def test_subject_from_configured_claim(
        self, idp: FakeIdentityProvider, cache: JwksCache
    ) -> None:
        token = idp.token("rsa-1", employee_id="E-1234")
        assert verify(idp, cache, token, oidc_user_claim="employee_id").subject == "E-1234"
        reason = refused(idp, cache, idp.token("rsa-1"), oidc_user_claim="employee_id")
        assert reason == "no usable 'employee_id' claim"

    def test_id_token_with_at_hash(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        assert verify(idp, cache, idp.token("rsa-1", at_hash="abc")).subject

    def test_wrong_issuer(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        token = idp.token("rsa-1", iss="https://evil.example")
        assert "Invalid issuer" in refused(idp, cache, token)

    def test_wrong_audience(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        token = idp.token("rsa-1", aud="another-service")
        assert "Invalid audience" in refused(idp, cache, token)

    def test_expired(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        now = int(time.time())
        token = idp.token("rsa-1", iat=now - 600, exp=now - 60)
        assert "ExpiredSignatureError" in refused(idp, cache, token)

    @pytest.mark.parametrize("missing", ["exp", "iat", "aud", "iss", "sub"])
    def test_missing_claim(self, idp: FakeIdentityProvider, cache: JwksCache, missing: str) -> None:
        omitted: dict[str, Any] = {missing: None}
        token = idp.token("rsa-1", **omitted)
        assert f'missing required key "{missing}"' in refused(idp, cache, token)

    def test_signed_by_someone_else(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        token = sign(rsa_key("attacker"), idp.claims(), algorithm="RS256", kid="rsa-1")
        assert "Signature verification failed" in refused(idp, cache, token)

    @pytest.mark.parametrize("encoding", ["pem", "der"])
    def test_hmac_with_provider_public_key(
        self, idp: FakeIdentityProvider, cache: JwksCache, encoding: str
    ) -> None:
        key = rsa_key("idp")
        secret = public_pem(key) if encoding == "pem" else public_der(key)
        token = hmac_forge({"alg": "HS256", "kid": "rsa-1"}, idp.claims(), secret)
        assert refused(idp, cache, token) == "algorithm not allowed"

    @pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE", "HS256", "RS512", "rs256"])
    def test_other_algorithms(self, idp: FakeIdentityProvider, cache: JwksCache, alg: str) -> None:
        token = forge({"alg": alg, "kid": "rsa-1"}, idp.claims(), b"sig")
        assert refused(idp, cache, token) == "algorithm not allowed"
        assert idp.requests == 0  # refused before any key lookup

    def test_algorithm_not_configured(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        token = idp.token("ec-1", algorithm="ES256")
        assert refused(idp, cache, token, oidc_algorithms=["RS256"]) == "algorithm not allowed"

    def test_key_of_another_type(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        """An RS256 header naming the EC key must not get an RSA verifier built from it."""
        token = forge({"alg": "RS256", "kid": "ec-1"}, idp.claims(), b"sig")
        assert refused(idp, cache, token) == "key type does not match the algorithm"

    def test_key_on_another_curve(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        idp.publish("ec-384", ec_key("idp", "P-384"))
        relabelled = forge({"alg": "ES256", "kid": "ec-384"}, idp.claims(), b"sig")
        assert refused(idp, cache, relabelled) == "key type does not match the algorithm"

    def test_key_bound_to_another_algorithm(self, clock: FakeClock) -> None:
        provider = FakeIdentityProvider()
        jwk = public_jwk(rsa_key("idp"), "rsa-1", alg="RS512")
        transport = httpx.MockTransport(lambda _: httpx.Response(200, json={"keys": [jwk]}))
        cache = JwksCache(provider.jwks_url, transport=transport, clock=clock)
        token = sign(rsa_key("idp"), provider.claims(), algorithm="RS256", kid="rsa-1")
        assert refused(provider, cache, token) == "key is bound to another algorithm"

    @pytest.mark.parametrize("kid", [None, "", 5])
    def test_missing_kid(self, idp: FakeIdentityProvider, cache: JwksCache, kid: object) -> None:
        token = sign(rsa_key("idp"), idp.claims(), algorithm="RS256", kid=kid)
        assert refused(idp, cache, token) == "unknown key id"

    def test_not_configured(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        with pytest.raises(ConfigurationError):
            verify(idp, cache, idp.token("rsa-1"), oidc_issuer=None)

    def test_hmac_never_configurable(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        with pytest.raises(ConfigurationError):
            verify(idp, cache, idp.token("rsa-1"), oidc_algorithms=["RS256", "HS256"])

    def test_oversized(self, idp: FakeIdentityProvider, cache: JwksCache) -> None:
        token = idp.token("rsa-1", padding="x" * 9000)
        assert refused(idp, cache, token) == "token too long"


class TestKeyRotation:
    def test_unknown_kid_refetches_once_per_minute(
        self, idp: FakeIdentityProvider, cache: JwksCache, clock: FakeClock
    ) -> None:
        verify(idp, cache, idp.token("rsa-1"))
        assert idp.requests == 1
        clock.advance(61)
        idp.publish("rsa-2", rsa_key("idp-next"))
        verify(idp, cache, idp.token("rsa-2"))  # rotated in: one refetch finds it
        assert idp.requests == 2

        clock.advance(10)
        idp.publish("rsa-3", rsa_key("idp-third"))
        assert refused(idp, cache, idp.token("rsa-3")) == "unknown key id"
        assert refused(idp, cache, idp.token("rsa-3")) == "unknown key id"
        assert idp.requests == 2  # within the minute: no request, however many tokens

        clock.advance(51)
        verify(idp, cache, idp.token("rsa-3"))
        assert idp.requests == 3

    def test_known_kid_needs_no_request(
        self, idp: FakeIdentityProvider, cache: JwksCache, clock: FakeClock
    ) -> None:
        for _ in range(5):
            verify(idp, cache, idp.token("rsa-1"))
            clock.advance(120)
        assert idp.requests == 1

    def test_withdrawn_key_stops_working_after_max_age(
        self, idp: FakeIdentityProvider, cache: JwksCache, clock: FakeClock
    ) -> None:
        token = idp.token("rsa-1")
        verify(idp, cache, token)
        idp.withdraw("rsa-1")
        clock.advance(3600)
        assert refused(idp, cache, token) == "unknown key id"
        assert idp.requests == 2


def transport_of(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


class Counting:
    """A transport handler that counts calls and answers what the test sets."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return self.responses[min(self.calls, len(self.responses)) - 1]


URL = "https://login.kommun.example.se/jwks"


class TestJwksCache:
    def test_redirect_not_followed(self, clock: FakeClock) -> None:
        handler = Counting(httpx.Response(302, headers={"Location": "https://evil.example/k"}))
        cache = JwksCache(URL, transport=transport_of(handler), clock=clock)
        assert cache.get("rsa-1") is None
        assert handler.calls == 1

    def test_server_error_then_throttled(self, clock: FakeClock) -> None:
        handler = Counting(httpx.Response(500))
        cache = JwksCache(URL, transport=transport_of(handler), clock=clock)
        assert cache.get("a") is None
        assert cache.get("b") is None
        assert handler.calls == 1

    def test_failure_keeps_previous_keys(self, clock: FakeClock) -> None:
        good = {"keys": [public_jwk(rsa_key("idp"), "rsa-1")]}
        handler = Counting(httpx.Response(200, json=good), httpx.Response(503))
        cache = JwksCache(URL, transport=transport_of(handler), clock=clock)
        assert cache.get("rsa-1") is not None
        clock.advance(3600)
        assert cache.get("rsa-1") is not None  # stale, refresh failed: still served
        assert handler.calls == 2

    @pytest.mark.parametrize(
        "body",
        [b"not json", b"[" * 100_000, b'{"keys": "no"}', b"[]", b'{"keys": []}'],
        ids=["text", "deep", "keys-not-list", "array", "empty"],
    )
    def test_unusable_documents(self, clock: FakeClock, body: bytes) -> None:
        handler = Counting(httpx.Response(200, content=body))
        cache = JwksCache(URL, transport=transport_of(handler), clock=clock)
        assert cache.get("rsa-1") is None

    def test_oversized_document(self, clock: FakeClock) -> None:
        jwk = public_jwk(rsa_key("idp"), "rsa-1")
        big = {"keys": [jwk], "padding": "x" * 300_000}
        cache = JwksCache(URL, transport=transport_of(Counting(httpx.Response(200, json=big))))
        assert cache.get("rsa-1") is None

    def test_network_error(self, clock: FakeClock) -> None:
        def fail(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectTimeout("timed out", request=request)

        cache = JwksCache(URL, transport=transport_of(fail), clock=clock)
        assert cache.get("rsa-1") is None

    @pytest.mark.parametrize(
        "url", ["http://login.kommun.example.se/jwks", "ftp://x/jwks", "https:///jwks", "jwks"]
    )
    def test_insecure_url_refused(self, url: str) -> None:
        with pytest.raises(ConfigurationError):
            JwksCache(url)

    def test_loopback_http_allowed(self) -> None:
        JwksCache("http://127.0.0.1:8080/jwks")

    def test_from_settings(self, idp: FakeIdentityProvider) -> None:
        cache = JwksCache.from_settings(idp.settings(), transport=idp.transport)
        assert cache.get("rsa-1") is not None
        with pytest.raises(ConfigurationError):
            JwksCache.from_settings(idp.settings(oidc_jwks_url=None))

    def test_concurrent_unknown_kid_fetches_once(self, idp: FakeIdentityProvider) -> None:
        """Sync endpoints run in a thread pool: a burst of tokens with a new key id must
        cause one request to the provider, not one per thread."""
        gate = threading.Event()

        def slow(request: httpx.Request) -> httpx.Response:
            gate.wait(timeout=5)
            return idp.transport.handle_request(request)

        cache = JwksCache(idp.jwks_url, transport=transport_of(slow))
        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = [pool.submit(cache.get, "rsa-1") for _ in range(32)]
            time.sleep(0.05)
            gate.set()
            results = [future.result(timeout=10) for future in futures]
        assert all(result is not None for result in results)
        assert idp.requests == 1


class TestParseJwks:
    def test_public_members_only(self) -> None:
        key = rsa_key("idp")
        numbers = key.private_numbers()
        leaked = public_jwk(key, "rsa-1") | {"d": str(numbers.d), "x5u": "https://evil.example"}
        (vetted,) = parse_jwks({"keys": [leaked]}).values()
        assert set(vetted) == {"kid", "kty", "n", "e"}

    @pytest.mark.parametrize(
        "entry",
        [
            {"kty": "oct", "kid": "k", "k": "c2VjcmV0"},
            public_jwk(rsa_key("weak", 1024), "weak"),
            public_jwk(rsa_key("idp"), "enc") | {"use": "enc"},
            {k: v for k, v in public_jwk(rsa_key("idp"), "no-kid").items() if k != "kid"},
            {k: v for k, v in public_jwk(ec_key("idp"), "no-x").items() if k != "x"},
            public_jwk(rsa_key("idp"), ""),
            "not-a-key",
        ],
        ids=["oct", "weak-rsa", "encryption", "no-kid", "ec-without-x", "empty-kid", "string"],
    )
    def test_skipped(self, entry: object) -> None:
        assert parse_jwks({"keys": [entry]}) == {}

    def test_first_of_duplicate_kids_wins(self) -> None:
        first, second = public_jwk(rsa_key("idp"), "k"), public_jwk(ec_key("idp"), "k")
        assert parse_jwks({"keys": [first, second]})["k"]["kty"] == "RSA"

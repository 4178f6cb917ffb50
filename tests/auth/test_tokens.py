"""Built-in access tokens: issue, verify, and every forgery we know of is refused."""

from __future__ import annotations

import ast
import base64
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jws, jwt

from api.auth.principal import PrincipalKind, Scope
from api.auth.tokens import (
    INVALID_TOKEN_DETAIL,
    MAX_TOKEN_LENGTH,
    AccessClaims,
    InvalidToken,
    check_token_settings,
    decode_access_token,
    issue_access_token,
    jwks_document,
    unverified_issuer,
)
from api.config import ConfigurationError, Settings
from api.errors import Unauthorized
from api.models.enums import Role
from tests.auth.keys import (
    b64url,
    b64url_json,
    ec_key,
    forge,
    hmac_forge,
    hs256_settings,
    private_pem,
    public_der,
    public_pem,
    rs256_settings,
    rsa_key,
    sign,
    write_key_files,
)

SUBJECT = uuid.UUID("0b0d8f5e-3f6c-4c4e-9a51-3d0d2f1a7c11")
ORGANIZATION = uuid.UUID("6f1c2b8a-9d4e-4f0a-8b7c-5e6d7f8a9b0c")
NONE_CASINGS = ["none", "None", "NONE", "nOnE"]


@pytest.fixture
def hs256() -> Settings:
    return hs256_settings()


@pytest.fixture
def rs256(tmp_path: Path) -> Settings:
    return rs256_settings(tmp_path)


@pytest.fixture(params=["HS256", "RS256"])
def any_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return hs256_settings() if request.param == "HS256" else rs256_settings(tmp_path)


def issue(settings: Settings, *, now: datetime | None = None) -> str:
    return issue_access_token(
        subject=SUBJECT,
        kind=PrincipalKind.user,
        organization_id=ORGANIZATION,
        roles=[Role.case_officer, Role.coordinator],
        scopes=[Scope.cases_read, Scope.cases_write],
        settings=settings,
        now=now,
    ).token


def refused(token: str, settings: Settings) -> InvalidToken:
    with pytest.raises(InvalidToken) as caught:
        decode_access_token(token, settings)
    return caught.value


def header_of(token: str) -> dict[str, Any]:
    return jwt.get_unverified_header(token)


def claims_of(token: str) -> dict[str, Any]:
    return jwt.get_unverified_claims(token)


def valid_claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """A complete claim set as the app issues it; a value of None leaves the claim out."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(SUBJECT),
        "exp": now + 300,
        "iat": now,
        "nbf": now,
        "jti": uuid.uuid4().hex,
        "kind": "user",
        "org": str(ORGANIZATION),
        "roles": ["case_officer"],
        "scope": "cases:read",
    }
    return {k: v for k, v in (claims | overrides).items() if v is not None}


def rs256_forge(settings: Settings, claims: dict[str, Any], **headers: Any) -> str:
    """A token signed with the configured private key, with any claims and headers."""
    kid = jwks_document(settings)["keys"][0]["kid"]
    values = {"typ": "at+jwt", "kid": kid} | headers
    return sign(rsa_key(), claims, algorithm="RS256", **values)


def _stable_id(overrides: dict[str, Any]) -> str:
    """Test ids must not contain the clock: parallel workers collect them separately."""
    claim, value = next(iter(overrides.items()))
    if claim in ("exp", "iat") and value is not None:
        return f"{claim}-as-{type(value).__name__}"
    return repr(overrides)


class TestRoundTrip:
    def test_claims_survive(self, any_settings: Settings) -> None:
        now = datetime.now(UTC).replace(microsecond=0)
        issued = issue_access_token(
            subject=SUBJECT,
            kind=PrincipalKind.client,
            organization_id=ORGANIZATION,
            roles=[Role.integration],
            scopes=[Scope.cases_read, Scope.proposals_create, Scope.cases_read],
            settings=any_settings,
            now=now,
        )
        claims = decode_access_token(issued.token, any_settings)
        assert claims == AccessClaims(
            subject=SUBJECT,
            kind=PrincipalKind.client,
            organization_id=ORGANIZATION,
            roles=("integration",),
            scopes=("cases:read", "proposals:create"),
            token_id=issued.token_id,
            issued_at=now,
            expires_at=now + timedelta(minutes=any_settings.access_token_minutes),
        )
        assert issued.expires_at == claims.expires_at

    def test_header_and_wire_claims(self, any_settings: Settings) -> None:
        token = issue(any_settings)
        header, claims = header_of(token), claims_of(token)
        assert header["typ"] == "at+jwt"
        assert header["alg"] == any_settings.jwt_algorithm
        assert claims["scope"] == "cases:read cases:write"
        assert claims["roles"] == ["case_officer", "coordinator"]
        assert claims["nbf"] == claims["iat"]
        assert set(claims) == {
            *("iss", "aud", "sub", "exp", "iat", "nbf", "jti", "kind", "org", "roles", "scope")
        }

    def test_rs256_kid_is_the_published_thumbprint(self, rs256: Settings) -> None:
        assert header_of(issue(rs256))["kid"] == jwks_document(rs256)["keys"][0]["kid"]

    def test_hs256_has_no_kid(self, hs256: Settings) -> None:
        assert "kid" not in header_of(issue(hs256))

    def test_token_ids_are_unique(self, hs256: Settings) -> None:
        assert len({claims_of(issue(hs256))["jti"] for _ in range(20)}) == 20

    def test_verify_only_process(self, tmp_path: Path, rs256: Settings) -> None:
        verifier = rs256.model_copy(update={"jwt_private_key_path": None})
        assert decode_access_token(issue(rs256), verifier).subject == SUBJECT
        with pytest.raises(ConfigurationError):
            issue(verifier)

    def test_other_secret_refused(self, hs256: Settings) -> None:
        other = hs256_settings(secret_key="another-secret-key-that-is-long-enough-987654")
        assert "JWTError" in refused(issue(hs256), other).reason

    def test_other_key_pair_refused(self, tmp_path: Path, rs256: Settings) -> None:
        other = rs256_settings(tmp_path, rsa_key("other"))
        assert refused(issue(rs256), other).reason == "unknown key id"

    def test_other_key_pair_with_copied_kid_refused(self, tmp_path: Path, rs256: Settings) -> None:
        kid = jwks_document(rs256)["keys"][0]["kid"]
        token = sign(
            rsa_key("other"), valid_claims(rs256), algorithm="RS256", typ="at+jwt", kid=kid
        )
        assert "JWTError" in refused(token, rs256).reason

    def test_naive_now_refused(self, hs256: Settings) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            issue(hs256, now=datetime(2026, 1, 1))

    def test_role_with_space_refused(self, hs256: Settings) -> None:
        with pytest.raises(ValueError, match="role or scope"):
            issue_access_token(
                subject=SUBJECT,
                kind=PrincipalKind.user,
                organization_id=ORGANIZATION,
                roles=["case_officer admin"],
                scopes=[],
                settings=hs256,
            )


class TestAlgorithm:
    @pytest.mark.parametrize("alg", NONE_CASINGS)
    @pytest.mark.parametrize("signature", [b"", b"x"], ids=["empty-signature", "some-signature"])
    def test_none_refused(self, any_settings: Settings, alg: str, signature: bytes) -> None:
        header = {"alg": alg, "typ": "at+jwt"}
        error = refused(forge(header, valid_claims(any_settings), signature), any_settings)
        expected = "not a signed compact JWT" if not signature else "algorithm not allowed"
        assert error.reason == expected

    @pytest.mark.parametrize("encoding", ["pem", "der"])
    def test_hmac_with_public_key_refused(self, rs256: Settings, encoding: str) -> None:
        """CVE-2024-33663 and its DER variant: HS256 'signed' with our public key."""
        secret = public_pem(rsa_key()) if encoding == "pem" else public_der(rsa_key())
        kid = jwks_document(rs256)["keys"][0]["kid"]
        header = {"alg": "HS256", "typ": "at+jwt", "kid": kid}
        assert refused(hmac_forge(header, valid_claims(rs256), secret), rs256).reason == (
            "algorithm not allowed"
        )

    def test_hmac_with_published_jwk_refused(self, rs256: Settings) -> None:
        published = json.dumps(jwks_document(rs256)["keys"][0]).encode()
        header = {"alg": "HS256", "typ": "at+jwt"}
        assert refused(hmac_forge(header, valid_claims(rs256), published), rs256).reason == (
            "algorithm not allowed"
        )

    @pytest.mark.parametrize("alg", ["RS512", "PS256", "ES256", "rs256", "HS512", ""])
    def test_other_algorithm_refused(self, rs256: Settings, alg: str) -> None:
        kid = jwks_document(rs256)["keys"][0]["kid"]
        token = forge({"alg": alg, "typ": "at+jwt", "kid": kid}, valid_claims(rs256), b"sig")
        assert refused(token, rs256).reason == "algorithm not allowed"

    def test_rs512_with_the_right_key_refused(self, rs256: Settings) -> None:
        kid = jwks_document(rs256)["keys"][0]["kid"]
        token = sign(rsa_key(), valid_claims(rs256), algorithm="RS512", typ="at+jwt", kid=kid)
        assert refused(token, rs256).reason == "algorithm not allowed"

    def test_rs256_token_refused_by_hs256_verifier(self, tmp_path: Path, hs256: Settings) -> None:
        assert refused(issue(rs256_settings(tmp_path)), hs256).reason == "algorithm not allowed"

    def test_alg_as_list_refused(self, hs256: Settings) -> None:
        token = forge({"alg": ["HS256"], "typ": "at+jwt"}, valid_claims(hs256), b"sig")
        assert refused(token, hs256).reason == "algorithm not allowed"


class TestClaims:
    def test_expired(self, any_settings: Settings) -> None:
        lifetime = timedelta(minutes=any_settings.access_token_minutes)
        token = issue(any_settings, now=datetime.now(UTC) - lifetime - timedelta(seconds=30))
        assert "ExpiredSignatureError" in refused(token, any_settings).reason

    def test_just_expired_within_leeway(self, hs256: Settings) -> None:
        """A few seconds of clock skew between our own servers must not log anyone out."""
        lifetime = timedelta(minutes=hs256.access_token_minutes)
        token = issue(hs256, now=datetime.now(UTC) - lifetime - timedelta(seconds=2))
        assert decode_access_token(token, hs256).subject == SUBJECT

    def test_not_yet_valid(self, any_settings: Settings) -> None:
        token = issue(any_settings, now=datetime.now(UTC) + timedelta(minutes=5))
        assert "not yet valid" in refused(token, any_settings).reason

    def test_nbf_in_the_future(self, rs256: Settings) -> None:
        token = rs256_forge(rs256, valid_claims(rs256, nbf=int(time.time()) + 120))
        assert "not yet valid" in refused(token, rs256).reason

    def test_issued_in_the_future(self, rs256: Settings) -> None:
        now = int(time.time())
        token = rs256_forge(rs256, valid_claims(rs256, iat=now + 120, exp=now + 300))
        assert refused(token, rs256).reason == "issued in the future"

    def test_lifetime_longer_than_configured(self, rs256: Settings) -> None:
        now = int(time.time())
        token = rs256_forge(rs256, valid_claims(rs256, exp=now + 24 * 3600))
        assert refused(token, rs256).reason == "lifetime out of range"

    def test_wrong_audience(self, any_settings: Settings) -> None:
        other = any_settings.model_copy(update={"jwt_audience": "another-api"})
        assert "Invalid audience" in refused(issue(any_settings), other).reason

    def test_wrong_issuer(self, any_settings: Settings) -> None:
        other = any_settings.model_copy(update={"jwt_issuer": "someone-else"})
        assert "Invalid issuer" in refused(issue(any_settings), other).reason

    def test_forged_wrong_audience_and_issuer(self, rs256: Settings) -> None:
        assert "audience" in refused(rs256_forge(rs256, valid_claims(rs256, aud="x")), rs256).reason
        assert "issuer" in refused(rs256_forge(rs256, valid_claims(rs256, iss="x")), rs256).reason

    @pytest.mark.parametrize(
        "change", [{"roles": ["admin"]}, {"scope": "audit:read"}, {"sub": str(uuid.uuid4())}]
    )
    def test_tampered_payload(self, any_settings: Settings, change: dict[str, Any]) -> None:
        header, _, signature = issue(any_settings).split(".")
        tampered = f"{header}.{b64url_json(claims_of(issue(any_settings)) | change)}.{signature}"
        assert "Signature verification failed" in refused(tampered, any_settings).reason

    @pytest.mark.parametrize("missing", ["jti", "exp", "iat", "nbf", "aud", "iss", "sub"])
    def test_missing_registered_claim(self, rs256: Settings, missing: str) -> None:
        token = rs256_forge(rs256, valid_claims(rs256, **{missing: None}))
        assert f'missing required key "{missing}"' in refused(token, rs256).reason

    def test_forged_baseline_is_accepted(self, rs256: Settings) -> None:
        """Guards the tests above: the forging helper makes valid tokens when asked to."""
        assert decode_access_token(rs256_forge(rs256, valid_claims(rs256)), rs256).roles == (
            "case_officer",
        )

    @pytest.mark.parametrize(
        "overrides",
        [
            {"sub": "admin"},
            {"sub": str(SUBJECT).upper()},
            {"sub": "{" + str(SUBJECT) + "}"},
            {"org": "municipality"},
            {"org": None},
            {"kind": "robot"},
            {"kind": ["user"]},
            {"kind": None},
            {"roles": "admin"},
            {"roles": [1]},
            {"roles": ["case officer"]},
            {"roles": None},
            {"scope": ["cases:read"]},
            {"scope": "cases:read  audit:read"},
            {"scope": None},
            {"jti": 12345},
            {"jti": "not-hex"},
            {"exp": str(int(time.time()) + 300)},
            {"iat": float(int(time.time()))},
            {"nbf": True},
            {"exp": None},
        ],
        ids=_stable_id,
    )
    def test_wrong_claim_types(self, rs256: Settings, overrides: dict[str, Any]) -> None:
        refused(rs256_forge(rs256, valid_claims(rs256, **overrides)), rs256)

    def test_exp_infinity_refused(self, rs256: Settings) -> None:
        """json.loads accepts Infinity; python-jose's int() then raises OverflowError, which
        it does not catch: the verifier must turn it into InvalidToken all the same."""
        kid = jwks_document(rs256)["keys"][0]["kid"]
        payload = json.dumps(valid_claims(rs256, exp=None))[:-1] + ', "exp": Infinity}'
        headers = {"typ": "at+jwt", "kid": kid}
        token = jws.sign(payload.encode(), private_pem(rsa_key()).decode(), headers, "RS256")
        assert "OverflowError" in refused(token, rs256).reason


class TestHeader:
    @pytest.mark.parametrize("typ", ["JWT", "AT+JWT", "application/jwt", None])
    def test_wrong_typ(self, rs256: Settings, typ: str | None) -> None:
        token = rs256_forge(rs256, valid_claims(rs256), typ=typ)
        assert refused(token, rs256).reason == "not an access token (typ)"

    def test_missing_typ(self, rs256: Settings) -> None:
        kid = jwks_document(rs256)["keys"][0]["kid"]
        token = forge({"alg": "RS256", "kid": kid}, valid_claims(rs256), b"sig")
        assert refused(token, rs256).reason == "not an access token (typ)"

    def test_crit_refused(self, rs256: Settings) -> None:
        token = rs256_forge(rs256, valid_claims(rs256), crit=["exp"])
        assert refused(token, rs256).reason == "critical header extension"

    def test_missing_kid_refused_for_rs256(self, rs256: Settings) -> None:
        token = rs256_forge(rs256, valid_claims(rs256), kid=None)
        assert refused(token, rs256).reason == "unknown key id"

    def test_oversized(self, rs256: Settings) -> None:
        token = rs256_forge(rs256, valid_claims(rs256, padding="x" * MAX_TOKEN_LENGTH))
        assert refused(token, rs256).reason == "token too long"

    @pytest.mark.parametrize(
        "garbage",
        [
            "",
            " ",
            "abc",
            "a.b",
            "a.b.c",
            "....",
            "a.b.c.d.e",
            "Bearer x.y.z",
            "åäö.åäö.åäö",
            "eyJ.eyJ.e",
            "\x00.\x00.\x00",
            f"{b64url(b'[]')}.{b64url(b'{}')}.c2ln",
            f"{b64url(b'{')}.{b64url(b'{}')}.c2ln",
            f"{b64url(b'[' * 5000)}.{b64url(b'{}')}.c2ln",
            "x" * (MAX_TOKEN_LENGTH + 1),
        ],
        ids=lambda value: repr(value)[:30],
    )
    def test_garbage(self, any_settings: Settings, garbage: str) -> None:
        refused(garbage, any_settings)

    def test_payload_not_an_object(self, hs256: Settings) -> None:
        header, _, signature = issue(hs256).split(".")
        refused(f"{header}.{b64url(b'[1, 2]')}.{signature}", hs256)


class TestInvalidToken:
    def test_generic_for_the_client(self) -> None:
        error = InvalidToken("lifetime out of range")
        assert isinstance(error, Unauthorized)
        assert error.status == 401
        assert error.detail == INVALID_TOKEN_DETAIL
        assert str(error) == INVALID_TOKEN_DETAIL
        assert "invalid_token" in error.headers()["WWW-Authenticate"]

    def test_same_detail_for_every_failure(self, hs256: Settings) -> None:
        details = {
            refused(token, hs256).detail
            for token in ("garbage", issue(hs256, now=datetime(2020, 1, 1, tzinfo=UTC)))
        }
        assert details == {INVALID_TOKEN_DETAIL}


class TestJwksDocument:
    def test_empty_for_hs256(self, hs256: Settings) -> None:
        assert jwks_document(hs256) == {"keys": []}

    def test_public_members_only(self, rs256: Settings) -> None:
        (key,) = jwks_document(rs256)["keys"]
        assert set(key) == {"kty", "n", "e", "kid", "use", "alg"}
        assert (key["kty"], key["use"], key["alg"], key["e"]) == ("RSA", "sig", "RS256", "AQAB")

    def test_kid_is_rfc7638_thumbprint(self, tmp_path: Path) -> None:
        """The example of RFC 7638 section 3.1."""
        n = (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSo"
            "c_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65Y"
            "GjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrd"
            "kt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKn"
            "qDKgw"
        )
        modulus = int.from_bytes(base64.urlsafe_b64decode(n + "=" * (-len(n) % 4)), "big")
        public = rsa.RSAPublicNumbers(65537, modulus).public_key()
        path = tmp_path / "rfc7638.pub"
        path.write_bytes(
            public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        settings = hs256_settings(jwt_algorithm="RS256", jwt_public_key_path=path)
        (key,) = jwks_document(settings)["keys"]
        assert key["n"] == n
        assert key["kid"] == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


class TestConfiguration:
    @pytest.mark.parametrize("algorithm", ["none", "HS512", "rs256", "ES256", ""])
    def test_unsupported_algorithm(self, algorithm: str) -> None:
        settings = hs256_settings(jwt_algorithm=algorithm)
        with pytest.raises(ConfigurationError):
            decode_access_token("a.b.c", settings)
        with pytest.raises(ConfigurationError):
            issue(settings)

    def test_key_files_that_are_not_a_pair(self, tmp_path: Path) -> None:
        private_path, _ = write_key_files(tmp_path, rsa_key())
        _, public_path = write_key_files(tmp_path, rsa_key("other"))
        settings = hs256_settings(
            jwt_algorithm="RS256",
            jwt_private_key_path=private_path,
            jwt_public_key_path=public_path,
        )
        with pytest.raises(ConfigurationError, match="not a pair"):
            check_token_settings(settings)

    def test_weak_rsa_key(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigurationError, match="at least 2048"):
            check_token_settings(rs256_settings(tmp_path, rsa_key("weak", 1024)))

    def test_ec_key_for_rs256(self, tmp_path: Path) -> None:
        path = tmp_path / "ec.key"
        path.write_bytes(private_pem(ec_key()))
        settings = hs256_settings(jwt_algorithm="RS256", jwt_private_key_path=path)
        with pytest.raises(ConfigurationError, match="not an RSA key"):
            check_token_settings(settings)

    def test_missing_key_files(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigurationError):
            check_token_settings(hs256_settings(jwt_algorithm="RS256"))
        missing = hs256_settings(jwt_algorithm="RS256", jwt_private_key_path=tmp_path / "none")
        with pytest.raises(ConfigurationError, match="Cannot load"):
            check_token_settings(missing)

    def test_configuration_error_is_not_a_401(self, tmp_path: Path) -> None:
        settings = hs256_settings(jwt_algorithm="RS256", jwt_public_key_path=tmp_path / "none")
        with pytest.raises(ConfigurationError):
            decode_access_token("garbage", settings)

    def test_non_positive_lifetime(self) -> None:
        with pytest.raises(ConfigurationError):
            check_token_settings(hs256_settings(access_token_minutes=0))

    @pytest.mark.parametrize("algorithms", [["HS256"], ["RS256", "HS256"], ["none"], []])
    def test_oidc_hmac_refused(self, algorithms: list[str]) -> None:
        settings = hs256_settings(
            oidc_issuer="https://idp.example.se",
            oidc_audience="samverka",
            oidc_jwks_url="https://idp.example.se/jwks",
            oidc_algorithms=algorithms,
        )
        with pytest.raises(ConfigurationError):
            check_token_settings(settings)

    def test_oidc_issuer_must_differ(self) -> None:
        settings = hs256_settings(
            oidc_issuer="samverka",
            oidc_audience="samverka",
            oidc_jwks_url="https://idp.example.se/jwks",
        )
        with pytest.raises(ConfigurationError, match="differ"):
            check_token_settings(settings)


class TestUnverifiedIssuer:
    def test_reads_iss(self, hs256: Settings) -> None:
        assert unverified_issuer(issue(hs256)) == hs256.jwt_issuer

    def test_does_not_verify(self) -> None:
        """Only for routing: a forged token yields its claimed issuer all the same."""
        assert unverified_issuer(forge({"alg": "none"}, {"iss": "anyone"}, b"x")) == "anyone"

    @pytest.mark.parametrize(
        "token",
        ["", "garbage", "a.b.c", forge({"alg": "none"}, {"iss": 5}, b"x"), "x" * 9000],
    )
    def test_none_for_unreadable(self, token: str) -> None:
        assert unverified_issuer(token) is None


def test_only_tokens_module_imports_jose() -> None:
    """STACK.md: python-jose is confined to api/auth/tokens.py, where its defaults are fixed."""
    api = Path(__file__).resolve().parents[2] / "api"
    importers = set()
    for path in api.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "jose" or name.startswith("jose.") for name in names):
                importers.add(path.relative_to(api.parent).as_posix())
    assert importers == {"api/auth/tokens.py"}

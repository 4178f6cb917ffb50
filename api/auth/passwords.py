"""Password and client-secret hashing (argon2 through pwdlib)."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash

# A valid hash of a random string: verifying against it costs the same as a real check,
# so an unknown login name takes as long to refuse as a wrong password.
_DUMMY_SECRET = "samverka-timing-equaliser"  # noqa: S105 - not a credential


@lru_cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


@lru_cache
def _dummy_hash() -> str:
    return _hasher().hash(_DUMMY_SECRET)


def hash_secret(secret: str) -> str:
    return _hasher().hash(secret)


def verify_secret(secret: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """Check a secret; returns (valid, new hash when the parameters should be upgraded).

    With no stored hash (unknown user, or no password) a dummy hash is checked so the
    timing does not tell whether the account exists.
    """
    if stored_hash is None:
        _hasher().verify(secret, _dummy_hash())
        return False, None
    return _hasher().verify_and_update(secret, stored_hash)

"""Opaque secrets handed to a client once and kept only as their SHA-256 hash: refresh tokens
and calendar feed tokens. 32 random bytes cannot be guessed, so an unsalted fast hash is
enough (unlike a password), and it lets the row be found by the hash alone."""

from __future__ import annotations

import hashlib
import secrets

SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()

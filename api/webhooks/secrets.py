"""Signing secrets of webhook subscriptions: made here, shown once, stored encrypted.

The worker needs the secret itself to sign (HMAC), so it cannot be stored as a hash. It is
encrypted with a key derived from ``SAMVERKA_SECRET_KEY`` (HKDF), so a copy of the database
alone does not let anyone forge Samverka's webhooks. Changing the secret key means rotating
every subscription's secret.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.config import Settings

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
SECRET_BYTES = 32
_KDF_INFO = b"samverka webhook signing secrets v1"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _fernet(settings: Settings) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO).derive(
        settings.secret_key.get_secret_value().encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str, settings: Settings) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def decrypt(ciphertext: str, settings: Settings) -> str:
    return _fernet(settings).decrypt(ciphertext.encode()).decode()

"""Runtime settings, read from the environment with the prefix ``SAMVERKA_``."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me-development-only"  # noqa: S105 - a marker, refused in production
DEFAULT_SQLITE_PATH = Path("var") / "samverka.db"
BUILT_SPA_DIR = Path(__file__).resolve().parent.parent / "frontend" / "dist"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class ConfigurationError(RuntimeError):
    """Start-up cannot go on; the message is one sentence meant for the operator."""


def _built_spa_dir() -> Path | None:
    """The repository's own build of the web app (`npm run build`), when there is one."""
    return BUILT_SPA_DIR if (BUILT_SPA_DIR / "index.html").is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMVERKA_", extra="ignore")

    env: Environment = Environment.development
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    demo_password: SecretStr = SecretStr("demo")

    # Built-in tokens (api/auth/tokens.py). HS256 with secret_key by default; RS256 when a
    # key pair is configured, and then /.well-known/jwks.json publishes the public key.
    jwt_algorithm: str = "HS256"
    jwt_private_key_path: Path | None = None
    jwt_public_key_path: Path | None = None
    jwt_issuer: str = "samverka"
    jwt_audience: str = "samverka-api"
    access_token_minutes: int = 10
    refresh_token_days: int = 14

    # External identity provider (municipal single sign-on): all three enable it.
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_user_claim: str = "sub"  # matched against users.external_subject
    oidc_algorithms: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["RS256", "ES256"]
    )

    # Consent rules a municipality may set (DOMAIN.md, "Consent"): whether every guardian of a
    # minor must sign (else at least one), the longest validity, and the "expires soon" window.
    consent_requires_all_guardians: bool = False
    consent_max_months: int = Field(default=12, ge=1, le=36)
    consent_expires_soon_days: int = Field(default=30, ge=1, le=180)

    # Login throttling: this many failures within the window lock the login name or client.
    login_max_failures: int = 5
    login_window_seconds: int = 900
    login_lockout_seconds: int = 900

    # Database pool: sized to the server's worker thread pool so requests queue for a
    # connection instead of timing out (see the statistics/performance issue).
    db_pool_size: int = 40
    db_pool_timeout_seconds: float = 30.0
    # PostgreSQL's parallel workers per query (max_parallel_workers_per_gather), none by
    # default: many requests run at once already, and a parallel plan has each of its workers
    # build the same hash again (bench/README.md, "Parallel query").
    db_parallel_workers: int = Field(default=0, ge=0, le=64)
    # Send those server settings (and jit=off) when each connection starts, in libpq's
    # `options`. Off behind a pooler that refuses that startup parameter (PgBouncer): the
    # database role then carries them (README, "Behind a connection pooler").
    db_startup_options: bool = True
    # How long an API request may wait for one of those slots before it is answered 503 with
    # Retry-After: well under the usual clients' timeouts (httpx 5 s, wrk 10 s).
    request_queue_timeout_seconds: float = Field(default=3.0, gt=0, le=60)

    # Follow-up statistics (api/stats): a cell counting fewer young people than this is
    # suppressed, so no figure can single out a person (DOMAIN.md: small counts suppressed).
    stats_min_cell: int = Field(default=5, ge=2, le=100)

    # Where people reach the web app and the API: links in e-mails and calendar feed URLs.
    public_url: str = "http://127.0.0.1:8000"

    # Webhook delivery (api/webhooks, `samverka worker`). Targets must be https in production;
    # loopback and private addresses are refused unless allowed here (a test receiver).
    webhook_max_attempts: int = Field(default=8, ge=1, le=50)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    webhook_backoff_base_seconds: float = Field(default=10.0, ge=0)
    webhook_backoff_max_seconds: float = Field(default=3600.0, ge=0)
    webhook_allow_private_targets: bool = False

    # The worker: how often it looks for work when idle, and runs the scheduled checks.
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    worker_check_interval_seconds: float = Field(default=300.0, gt=0)
    # Finished webhook deliveries, sent e-mail and their outbox events are removed after this
    # (api/retention.py); the access log is kept whole.
    delivery_retention_days: int = Field(default=30, ge=1, le=3650)

    # Notification e-mail, an optional channel: off unless smtp_host is set.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_from: str = "samverka@localhost"
    smtp_timeout_seconds: float = 10.0
    smtp_max_attempts: int = Field(default=5, ge=1, le=50)

    # The web app, served at / by the API itself (api/spa.py) for `make run`; production
    # deploys it separately. An empty value turns it off. Demo mode publishes the demo
    # logins and their password in /config.json for the login page, so never in production.
    spa_dir: Path | None = Field(default_factory=_built_spa_dir)
    demo_mode: bool = False

    @field_validator("cors_origins", "oidc_algorithms", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("spa_dir", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        # Path("") would be the working directory; an empty variable means "off" instead.
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env is Environment.production:
            secret = self.secret_key.get_secret_value()
            if not secret or secret == PLACEHOLDER_SECRET or len(secret) < 32:
                raise ConfigurationError(
                    "SAMVERKA_SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production."
                )
            if self.demo_mode:
                raise ConfigurationError(
                    "SAMVERKA_DEMO_MODE must not be on in production: it publishes the demo "
                    "accounts and their password."
                )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache to change them."""
    return Settings()

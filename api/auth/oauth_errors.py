"""OAuth 2.0 token-endpoint errors (RFC 6749 §5.2), as problem details with an ``error`` code."""

from __future__ import annotations

from api.errors import AppError, Unauthorized


class InvalidGrant(AppError):
    status, slug, title = 400, "invalid-grant", "Login failed"
    oauth_error = "invalid_grant"


class InvalidClient(Unauthorized):
    slug, title = "invalid-client", "Client authentication failed"
    oauth_error = "invalid_client"


class UnsupportedGrantType(AppError):
    status, slug, title = 400, "unsupported-grant-type", "Unsupported grant type"
    oauth_error = "unsupported_grant_type"


class InvalidRequest(AppError):
    status, slug, title = 400, "invalid-request", "Incomplete token request"
    oauth_error = "invalid_request"

"""Authentication, health, cases read, journal read and the access log."""

from __future__ import annotations

from tests.access.matrix.model import CASE_READERS, PUBLIC, SIGNED_IN, Operation
from tests.world import UNIT_CASES

OPERATIONS = [
    Operation("health:live", "GET", "/healthz", PUBLIC),
    Operation("health:ready", "GET", "/readyz", PUBLIC),
    Operation("auth:jwks", "GET", "/.well-known/jwks.json", PUBLIC),
    Operation("auth:token", "POST", "/api/v1/auth/token", PUBLIC),
    Operation("auth:revoke", "POST", "/api/v1/auth/revoke", PUBLIC),
    Operation("me:get", "GET", "/api/v1/me", SIGNED_IN),
    Operation("cases:list", "GET", "/api/v1/cases", CASE_READERS),
    Operation("cases:get", "GET", "/api/v1/cases/{case_id}", CASE_READERS),
    Operation("journal:list", "GET", "/api/v1/cases/{case_id}/journal", CASE_READERS),
    Operation(
        "access-log:list",
        "GET",
        "/api/v1/cases/{case_id}/access-log",
        {"case_officer": UNIT_CASES, "other_case_officer": frozenset({"other_unit"})},
    ),
    Operation("audit-events:list", "GET", "/api/v1/audit-events", frozenset({"auditor"})),
]

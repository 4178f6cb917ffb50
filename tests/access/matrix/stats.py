"""Statistics (issue #7): aggregates, not case-scoped. Among the matrix roles only the unit
manager holds ``stats:read``; the police system's client has no such scope (403). A client
of the municipality with the scope is tested in tests/stats/."""

from __future__ import annotations

from tests.access.matrix.model import Operation

UNIT_MANAGER = frozenset({"unit_manager"})

OPERATIONS = [
    Operation("stats:get", "GET", "/api/v1/stats", UNIT_MANAGER),
    Operation("stats:export", "GET", "/api/v1/stats.csv", UNIT_MANAGER),
]

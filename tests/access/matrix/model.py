"""One row of the permission matrix."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.world import UNIT_CASES, World

PUBLIC = "public"  # no authentication
SIGNED_IN = "signed-in"  # any authenticated principal

# The roles of the matrix ("integration" is the police's system, "other_case_officer" a case
# officer of the other unit).
ROLES = (
    "anonymous",
    "admin",
    "auditor",
    "preparation_group",
    "unit_manager",
    "case_officer",
    "coordinator",
    "other_case_officer",
    "professional",
    "integration",
)

# Who reads a case in which situation (api/access/policy.py); most case operations use it.
CASE_READERS: Mapping[str, frozenset[str]] = {
    "unit_manager": UNIT_CASES,
    "case_officer": UNIT_CASES,
    "coordinator": UNIT_CASES,
    "other_case_officer": frozenset({"other_unit"}),
    "professional": frozenset({"consented"}),
    "integration": frozenset({"consented"}),
}
# Who changes a case's workflow: the assigned case officer and coordinator.
CASE_EDITORS: Mapping[str, frozenset[str]] = {
    "case_officer": UNIT_CASES,
    "coordinator": UNIT_CASES,
    "other_case_officer": frozenset({"other_unit"}),
}

Maker = Callable[[World, str], Any]  # (world, situation) -> value


@dataclass(frozen=True)
class Operation:
    """``allowed`` is PUBLIC, SIGNED_IN, a set of roles (operations outside cases), or
    role -> situations (case-scoped operations, whose path holds ``{case_id}``).

    An allowed cell must answer one of ``success``; a denied one 401 (anonymous), 403 (no
    scope, or may read the case but not do this) or 404 (may not see the case), never data.
    ``path_params`` fills placeholders besides ``{case_id}``; ``body`` and ``headers`` build
    the request for the situation.
    """

    id: str
    method: str
    path: str
    allowed: str | frozenset[str] | Mapping[str, frozenset[str]]
    success: frozenset[int] = frozenset({200})
    body: Maker | None = None
    headers: Maker | None = None
    path_params: Maker | None = None
    query: Mapping[str, str] = field(default_factory=dict)

    @property
    def case_scoped(self) -> bool:
        return "{case_id}" in self.path

    def allows(self, role: str, situation: str | None = None) -> bool:
        if self.allowed == PUBLIC:
            return True
        if self.allowed == SIGNED_IN:
            return role != "anonymous"
        if isinstance(self.allowed, frozenset):
            return role in self.allowed
        assert isinstance(self.allowed, Mapping)
        return situation in self.allowed.get(role, frozenset())

"""My notices (issue #6): anyone who reads cases has a notice list on My work."""

from __future__ import annotations

from tests.access.matrix.model import CASE_READERS, Operation

CASE_READING_ROLES = frozenset(CASE_READERS)

OPERATIONS = [
    Operation("notices:list", "GET", "/api/v1/me/notices", CASE_READING_ROLES),
]

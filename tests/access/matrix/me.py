"""My work across cases (issue #4): anyone who reads cases has a task and meeting list."""

from __future__ import annotations

from tests.access.matrix.model import CASE_READERS, Operation

CASE_READING_ROLES = frozenset(CASE_READERS)

OPERATIONS = [
    Operation("me:tasks", "GET", "/api/v1/me/tasks", CASE_READING_ROLES),
    Operation("me:meetings", "GET", "/api/v1/me/meetings", CASE_READING_ROLES),
]

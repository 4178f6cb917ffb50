"""Journal writes and single reads (issue #4); ``journal:list`` stays in core.py.

Anyone who reads a case and holds ``cases:write`` may write in it, within the categories the
consent covers; the unit manager reads but does not write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import object_session

from tests import factories as f
from tests.access.matrix.model import CASE_READERS, Operation
from tests.world import World

WRITERS = {role: cases for role, cases in CASE_READERS.items() if role != "unit_manager"}


def _entry_id(world: World, situation: str) -> dict[str, str]:
    """A police-category entry, which every reader of the consented case may see."""
    if situation == "consented":
        return {"entry_id": str(world.journal["police"].id)}
    case = world.cases[situation]
    session = object_session(case)
    assert session is not None
    entry = f.make_journal_entry(session, case, world.users["case_officer"], category="police")
    return {"entry_id": str(entry.id)}


def _entry(world: World, situation: str) -> dict[str, Any]:
    return {
        "kind": "note",
        "category_code": "police",
        "occurred_at": datetime.now(UTC).isoformat(),
        "body": "Samtal med den unge (syntetisk testtext).",
    }


OPERATIONS = [
    Operation(
        "journal:create",
        "POST",
        "/api/v1/cases/{case_id}/journal",
        WRITERS,
        success=frozenset({201}),
        body=_entry,
    ),
    Operation(
        "journal:get",
        "GET",
        "/api/v1/cases/{case_id}/journal/{entry_id}",
        CASE_READERS,
        path_params=_entry_id,
    ),
]

"""The batch-insert helper: Core ``insert()`` in executemany batches of a few thousand rows,
because ORM objects would take minutes for every ten thousand cases."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from api.models import (
    ActionPlanItem,
    ActionPlanVersion,
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    Guardianship,
    JournalEntry,
    Meeting,
    MeetingAttendance,
    Organization,
    Person,
    User,
    UserRole,
)

BATCH_ROWS = 5000

# Parents before children: a batch is written in this order.
MODELS: tuple[Any, ...] = (
    Organization,
    User,
    UserRole,
    Person,
    Guardianship,
    Case,
    CaseMember,
    Consent,
    ConsentGrantor,
    ConsentOrganization,
    ConsentCategory,
    Meeting,
    MeetingAttendance,
    ActionPlanVersion,
    ActionPlanItem,
    JournalEntry,
)


class Batches:
    """Rows buffered per table and written, parents first, whenever a batch is waiting.
    Columns a row leaves out are NULL: every row of one executemany has the same keys."""

    def __init__(self, session: Session, batch_rows: int) -> None:
        self._session = session
        tables: list[Table] = [model.__table__ for model in MODELS]
        self._rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in tables}
        self._blank = {table: dict.fromkeys(table.columns.keys()) for table in tables}
        self._waiting, self._batch = 0, batch_rows
        self.counts: Counter[str] = Counter()

    def add(self, model: Any, **row: Any) -> None:
        table = model.__table__
        self._rows[table].append({**self._blank[table], **row})
        self._waiting += 1
        if self._waiting >= self._batch:
            self.flush()

    def add_entity(self, model: Any, row_id: uuid.UUID, at: datetime, **row: Any) -> None:
        self.add(model, id=row_id, created_at=at, updated_at=at, version=1, **row)

    def flush(self) -> None:
        connection = self._session.connection()
        for table, rows in self._rows.items():
            if rows:
                connection.execute(insert(table), rows)
                self.counts[table.name] += len(rows)
                rows.clear()
        self._waiting = 0

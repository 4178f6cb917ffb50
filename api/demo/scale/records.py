"""The in-memory shapes of a bulk case while it is built: who is in the group and when, which
consents cover which days, and what the access log later needs. Days are offsets from the seed
day, so the builders can compare them without dates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from api.demo.cases import DECIDED_AFTER
from api.models.enums import CaseStatus, ClosureReason, GroupRole

PROFESSIONAL_ROLES = (GroupRole.police, GroupRole.school, GroupRole.field_worker)


@dataclass(slots=True)
class Member:
    id: uuid.UUID
    role: GroupRole
    user_id: uuid.UUID | None
    person_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    joined: int
    left: int | None = None

    def present_on(self, day: int) -> bool:
        return self.joined <= day and (self.left is None or self.left > day)


@dataclass(slots=True)
class CaseDraft:
    """One case as it is being built; days are offsets from the seed day."""

    id: uuid.UUID
    number: int
    status: CaseStatus
    unit: str
    proposed: int
    activated: int | None
    ended: int | None  # closed or rejected
    officer: uuid.UUID
    coordinator: uuid.UUID | None = None
    closure: ClosureReason | None = None
    child: uuid.UUID = field(default_factory=uuid.uuid4)  # replaced by the family's builder
    born: date = date.min
    guardians: list[uuid.UUID] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    @property
    def formed(self) -> int:
        """The day the group formed: at the decision, and with the others at activation."""
        return self.proposed + DECIDED_AFTER if self.activated is None else self.activated

    @property
    def end(self) -> int:
        return 0 if self.ended is None else self.ended


@dataclass(slots=True)
class Span:
    start: int
    until: int
    withdrawn: int | None = None


@dataclass(slots=True)
class AuditTarget:
    """What the access log needs of a case: who works on it and under which consent."""

    case_id: uuid.UUID
    staff: list[tuple[uuid.UUID, uuid.UUID, str]]  # user, organisation, role
    professionals: list[tuple[uuid.UUID, uuid.UUID]]  # user, organisation
    consent_id: uuid.UUID | None  # in force on the seed day

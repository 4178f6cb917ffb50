"""The access-log event of a list: one per request, naming every case the page revealed.

DOMAIN.md: every read of personal data is logged with its legal basis. A list reveals a page
of cases at once, so it writes one event whose ``cases`` name each case with the basis of that
access (``audit_event_cases``, covered by the event's hash), instead of one chained event per
case, which cost more than the rest of the list request's database work (bench/README.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from api.access.policy import AccessBasis
from api.audit.chain import ListedCase
from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.models.enums import AuditOutcome

# A readable case as the access queries give it: its id, reached by the unit, the consent.
CaseWithBasis = tuple[uuid.UUID, bool, uuid.UUID | None]


def log_listed_cases(
    session: Session, principal: Principal, action: str, rows: Iterable[CaseWithBasis]
) -> None:
    """One event for the cases a page reveals (each once), or none when it reveals none."""
    cases: dict[uuid.UUID, ListedCase] = {}
    for case_id, by_unit, consent_id in rows:
        if case_id not in cases:
            basis = AccessBasis.of(by_unit, consent_id)
            cases[case_id] = ListedCase(case_id, basis.legal_basis, basis.consent_id)
    if not cases:
        return
    record(
        session,
        principal,
        AuditRecord(
            action=action,
            resource_type="case",
            resource_id=None,
            case_id=None,
            outcome=AuditOutcome.allowed,
            cases=tuple(cases.values()),
        ),
    )

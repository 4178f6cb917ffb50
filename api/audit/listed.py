"""The cases that list events named (``audit_event_cases``), read for many events at once:
a batch of the chain for the verifier, a page of the log for the auditor's search."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from api.audit.chain import ListedCase
from api.models.security import AuditEventCase


def cases_of_events(session: Session, where: ColumnElement[bool]) -> dict[int, list[ListedCase]]:
    """The listed cases of the events ``where`` selects, by event seq, each by case id."""
    rows = session.execute(
        select(
            AuditEventCase.seq,
            AuditEventCase.case_id,
            AuditEventCase.legal_basis,
            AuditEventCase.consent_id,
        )
        .where(where)
        .order_by(AuditEventCase.seq, AuditEventCase.case_id)
    )
    cases: dict[int, list[ListedCase]] = defaultdict(list)
    for seq, case_id, legal_basis, consent_id in rows:
        cases[seq].append(ListedCase(case_id, legal_basis, consent_id))
    return cases

"""Domain rules on a case's content, shared by the proposal, the update and the actions."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, Exists, exists

from api.access.policy import CaseIdRef, active_consents
from api.errors import FieldError, InvalidInput, RuleViolated
from api.models import Case
from api.models.enums import CaseStatus
from api.people.identity import age_on

# DOMAIN.md: the target group is typically 15-18, "wider 12/13-25 (configurable per
# municipality)". The widest range is the default until a municipality setting exists.
TARGET_AGE_MIN = 12
TARGET_AGE_MAX = 25

# Something shaped like a personnummer or samordningsnummer (10 or 12 digits, optional sign).
_IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")


def check_target_age(birth_date: date, today: date, field: str) -> None:
    """A young person outside the target age range cannot be proposed (DOMAIN.md, people)."""
    age = age_on(birth_date, today)
    if TARGET_AGE_MIN <= age <= TARGET_AGE_MAX:
        return
    message = (
        f"The young person is {age}; social intervention groups work with young people "
        f"aged {TARGET_AGE_MIN} to {TARGET_AGE_MAX}."
    )
    raise RuleViolated(
        message, errors=[FieldError(field=field, rule="age_outside_target_range", message=message)]
    )


def check_deidentified(text: str, names: tuple[str, ...], field: str) -> None:
    """The risk summary is shown to the preparation group before any consent, so it must not
    name the young person or carry an identity number (DOMAIN.md, "Proposal": "age, area,
    risk picture; no name, no personnummer"). The message never repeats what was found."""
    words = [re.escape(name) for name in names if len(name.strip()) > 1]
    named = words and re.search(rf"\b(?:{'|'.join(words)})\b", text, re.IGNORECASE)
    if not named and not _IDENTITY_NUMBER.search(text):
        return
    message = (
        "The risk summary is read by the preparation group before consent: leave out the "
        "young person's name and identity number."
    )
    raise InvalidInput(
        message, errors=[FieldError(field=field, rule="identifying", message=message)]
    )


def check_intervention_period(start_on: date | None, end_on: date | None) -> None:
    """The intervention is time-limited (DOMAIN.md, "Decision"): it ends after it starts."""
    if start_on is not None and end_on is not None and end_on <= start_on:
        message = "The intervention must end after it starts."
        raise InvalidInput(
            message,
            errors=[
                FieldError(
                    field="body.intervention_end_on", rule="end_before_start", message=message
                )
            ],
        )


# A closed or rejected case is history: its content and assignment no longer change.
FINISHED = (CaseStatus.closed, CaseStatus.rejected)


def can_change(case: Case) -> bool | str:
    """Whether the case's content and assignment may still change (update, assign)."""
    if case.status in FINISHED:
        return f"The case is {case.status.value}; a finished case is not changed."
    return True


def has_decision(case: Case) -> bool | str:
    """A case becomes active only after a decision (DOMAIN.md, rules)."""
    if case.legal_basis is None or case.decided_on is None:
        return "The case has no recorded decision; it cannot be activated."
    return True


def consent_in_force(case_id: CaseIdRef, today: date | ColumnElement[date]) -> Exists:
    """Whether the case has a consent in force (signed, valid today, not withdrawn), as SQL:
    activation needs one (DOMAIN.md, rules). Correlated to ``Case.id`` it is a column of the
    case's own query (api/cases/available.py)."""
    return exists(active_consents(case_id, today))

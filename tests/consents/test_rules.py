"""The consent rules as pure functions: status, duration, who must sign (DOMAIN.md "Consent")."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from api.consents import rules
from api.consents.schemas import ConsentCreate, ConsentStatus
from api.models import Consent
from api.models.enums import GrantorRelation

TODAY = date(2026, 5, 15)
YOUNG = uuid.uuid4()
MOTHER, FATHER = uuid.uuid4(), uuid.uuid4()


def _consent(start: int, end: int, *, withdrawn: bool = False) -> Consent:
    return Consent(
        valid_from=TODAY + timedelta(days=start),
        valid_until=TODAY + timedelta(days=end),
        withdrawn_at=datetime.now(UTC) if withdrawn else None,
    )


@pytest.mark.parametrize(
    ("start", "end", "withdrawn", "status", "soon"),
    [
        (-10, 100, False, ConsentStatus.active, False),
        (-10, 0, False, ConsentStatus.active, True),  # the last day still counts
        (-10, 30, False, ConsentStatus.active, True),
        (-10, 31, False, ConsentStatus.active, False),
        (-100, -1, False, ConsentStatus.expired, False),
        (1, 100, False, ConsentStatus.not_yet_valid, False),
        (0, 100, False, ConsentStatus.active, False),
        (-10, 10, True, ConsentStatus.withdrawn, False),
        (5, 10, True, ConsentStatus.withdrawn, False),
    ],
)
def test_status_and_expires_soon(
    start: int, end: int, withdrawn: bool, status: ConsentStatus, soon: bool
) -> None:
    consent = _consent(start, end, withdrawn=withdrawn)
    assert rules.status_on(consent, TODAY) is status
    assert rules.expires_soon(consent, TODAY) is soon


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 1), 12, date(2027, 3, 1)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert rules.add_months(day, months) == expected


def _signed(*who: tuple[uuid.UUID, GrantorRelation]) -> list[rules.Signer]:
    return [rules.Signer(person, relation, TODAY) for person, relation in who]


YP = (YOUNG, GrantorRelation.young_person)
MUM = (MOTHER, GrantorRelation.guardian)
DAD = (FATHER, GrantorRelation.guardian)
MINOR = date(2010, 6, 1)  # 15 on TODAY
ADULT = date(2008, 5, 15)  # 18 on TODAY: their birthday


@pytest.mark.parametrize(
    ("signed", "born", "guardians", "require_all", "rule"),
    [
        (_signed(YP), ADULT, {MOTHER}, False, None),
        (_signed(MUM), ADULT, {MOTHER}, False, "young_person_signature_required"),
        (_signed(YP), MINOR, {MOTHER}, False, "guardian_signature_required"),
        (_signed(YP), MINOR, set(), False, "guardian_signature_required"),
        (_signed(YP, MUM), MINOR, {MOTHER, FATHER}, False, None),
        (_signed(YP, MUM), MINOR, {MOTHER, FATHER}, True, "all_guardians_required"),
        (_signed(YP, MUM, DAD), MINOR, {MOTHER, FATHER}, True, None),
        (_signed(YP), ADULT + timedelta(days=1), {MOTHER}, False, "guardian_signature_required"),
    ],
)
def test_who_must_sign(
    signed: list[rules.Signer],
    born: date,
    guardians: set[uuid.UUID],
    require_all: bool,
    rule: str | None,
) -> None:
    problem = rules.signature_problem(signed, born, guardians, require_all=require_all)
    assert (problem.rule if problem else None) == rule
    if problem:
        assert problem.field == "body.grantors"


def test_age_is_taken_on_the_young_persons_own_signing_date() -> None:
    """Signed the day before turning 18: a guardian is needed, even if registered later."""
    signed = [
        rules.Signer(YOUNG, GrantorRelation.young_person, ADULT.replace(year=2026) - timedelta(1))
    ]
    problem = rules.signature_problem(signed, ADULT, {MOTHER}, require_all=False)
    assert problem is not None
    assert problem.rule == "guardian_signature_required"


def test_a_start_at_the_end_of_the_calendar_is_no_crash() -> None:
    body = ConsentCreate(
        grantors=[{"person_id": YOUNG, "signed_on": date(9999, 6, 1)}],
        organization_ids=[uuid.uuid4()],
        category_codes=["police"],
        valid_from=date(9999, 6, 1),
        valid_until=date(9999, 12, 31),
    )
    signed = [rules.Signer(YOUNG, GrantorRelation.young_person, date(9999, 6, 1))]
    assert rules.period_problem(body, signed) is None

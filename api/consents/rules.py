"""The rules a consent must meet before it is stored (DOMAIN.md "Consent" and "Rules the
product must enforce"), as pure functions over the request and what is known of the people.

Two kinds of refusal, consistently:
- a request that is malformed in itself (dates in the wrong order, a signature in the future,
  a signer listed twice, an unknown organisation or category) is ``InvalidInput`` (422);
- a well-formed consent the law does not accept (missing signatures, a signer who is not the
  young person or a guardian, too long, valid before it was signed, a closed case) is
  ``ConsentRuleViolated`` (409).
Both name the offending field. Messages are in English, like every problem detail of the API.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from api.config import get_settings
from api.consents.schemas import ConsentCreate, ConsentStatus
from api.errors import ConsentRuleViolated, FieldError, InvalidInput
from api.models import Consent
from api.models.enums import CaseStatus, GrantorRelation
from api.people.identity import is_minor_on

# Under 18, "the guardians" sign (DOMAIN.md): at least one, or every registered guardian when
# the municipality sets SAMVERKA_CONSENT_REQUIRES_ALL_GUARDIANS. A consent is time-limited
# (SAMVERKA_CONSENT_MAX_MONTHS); a renewal is a new consent.
CLOSED = (CaseStatus.closed, CaseStatus.rejected)


@dataclass(frozen=True, slots=True)
class Signer:
    person_id: uuid.UUID
    relation: GrantorRelation
    signed_on: date


def status_on(consent: Consent, today: date) -> ConsentStatus:
    if consent.withdrawn_at is not None:
        return ConsentStatus.withdrawn
    if today < consent.valid_from:
        return ConsentStatus.not_yet_valid
    if today > consent.valid_until:
        return ConsentStatus.expired
    return ConsentStatus.active


def expires_soon(consent: Consent, today: date) -> bool:
    active = status_on(consent, today) is ConsentStatus.active
    return active and consent.valid_until <= today + timedelta(
        days=get_settings().consent_expires_soon_days
    )


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _error(field: str, rule: str, message: str) -> FieldError:
    return FieldError(field=f"body.{field}", rule=rule, message=message)


def shape_errors(body: ConsentCreate, young_birth_date: date, today: date) -> list[FieldError]:
    """Problems of the request itself (422), all reported at once."""
    errors = []
    if body.valid_until <= body.valid_from:
        errors.append(_error("valid_until", "after_valid_from", "Must be after valid_from."))
    seen: set[uuid.UUID] = set()
    for i, grantor in enumerate(body.grantors):
        if grantor.person_id in seen:
            errors.append(_error(f"grantors.{i}.person_id", "duplicate", "Listed twice."))
        seen.add(grantor.person_id)
        if grantor.signed_on > today:
            errors.append(
                _error(f"grantors.{i}.signed_on", "in_future", "A signature cannot be dated ahead.")
            )
        if grantor.signed_on < young_birth_date:
            errors.append(
                _error(
                    f"grantors.{i}.signed_on", "before_birth", "Before the young person's birth."
                )
            )
    return errors


def signers(
    body: ConsentCreate, young_person_id: uuid.UUID, guardian_ids: set[uuid.UUID]
) -> list[Signer]:
    """Every grantor is the young person or one of their guardians (registered as such)."""
    result = []
    for i, grantor in enumerate(body.grantors):
        if grantor.person_id == young_person_id:
            relation = GrantorRelation.young_person
        elif grantor.person_id in guardian_ids:
            relation = GrantorRelation.guardian
        else:
            message = "Only the young person and their guardians can grant this consent."
            field = _error(f"grantors.{i}.person_id", "not_young_person_or_guardian", message)
            raise ConsentRuleViolated(message, errors=[field])
        result.append(Signer(grantor.person_id, relation, grantor.signed_on))
    return result


def signature_problem(
    signed: list[Signer], young_birth_date: date, guardian_ids: set[uuid.UUID], *, require_all: bool
) -> FieldError | None:
    """The young person always signs; under 18 on the day they sign, a guardian (or, when
    configured, every guardian) signs too; from 18 they consent alone (DOMAIN.md "Consent")."""
    own = next((s for s in signed if s.relation is GrantorRelation.young_person), None)
    if own is None:
        return _error(
            "grantors", "young_person_signature_required", "The young person must sign the consent."
        )
    if not is_minor_on(young_birth_date, own.signed_on):
        return None
    by_guardians = {s.person_id for s in signed if s.relation is GrantorRelation.guardian}
    if not guardian_ids:
        return _error(
            "grantors",
            "guardian_signature_required",
            "The young person was under 18 when signing, so a guardian must sign too; "
            "add the guardians to the group first.",
        )
    if not by_guardians:
        return _error(
            "grantors",
            "guardian_signature_required",
            "The young person was under 18 when signing, so a guardian must sign too.",
        )
    if require_all and by_guardians != guardian_ids:
        return _error(
            "grantors",
            "all_guardians_required",
            "The young person was under 18 when signing, so every guardian must sign.",
        )
    return None


def period_problem(body: ConsentCreate, signed: list[Signer]) -> FieldError | None:
    """Valid from the last signature on (not retroactively), and for a limited time."""
    last_signature = max(s.signed_on for s in signed)
    max_months = get_settings().consent_max_months
    if body.valid_from < last_signature:
        return _error(
            "valid_from",
            "before_signature",
            f"A consent cannot apply before it was signed; valid_from must be {last_signature} "
            "or later.",
        )
    try:
        latest_end = add_months(body.valid_from, max_months) - timedelta(days=1)
    except ValueError:  # past the calendar's end (year 9999): nothing is too long there
        latest_end = date.max
    if body.valid_until > latest_end:
        return _error(
            "valid_until",
            "max_duration",
            f"A consent lasts at most {max_months} months; the last day can be "
            f"{latest_end}. Register a new consent to renew it.",
        )
    return None


def can_register(case_status: CaseStatus) -> bool | str:
    """Whether a consent may be registered in a case of this status (not a closed one)."""
    if case_status in CLOSED:
        return f"The case is {case_status.value}; no consent can be registered in it."
    return True


def check(
    body: ConsentCreate,
    *,
    case_status: CaseStatus,
    young_person_id: uuid.UUID,
    young_birth_date: date,
    guardian_ids: set[uuid.UUID],
    today: date,
    reference_errors: list[FieldError],
) -> list[Signer]:
    """Every rule, in the order a user fixes them; the signers with their relation.
    ``reference_errors`` (unknown organisations, categories) are reported with the shape."""
    allowed = can_register(case_status)
    if allowed is not True:
        raise ConsentRuleViolated(str(allowed))
    errors = shape_errors(body, young_birth_date, today) + reference_errors
    if errors:
        raise InvalidInput(
            "Check these fields: " + ", ".join(e.field for e in errors) + ".", errors=errors
        )
    signed = signers(body, young_person_id, guardian_ids)
    problem = signature_problem(
        signed,
        young_birth_date,
        guardian_ids,
        require_all=get_settings().consent_requires_all_guardians,
    ) or period_problem(body, signed)
    if problem is not None:
        raise ConsentRuleViolated(problem.message, errors=[problem])
    return signed

"""A proposal (förslag): anyone may propose a young person to a social-services unit
(DOMAIN.md, "The life of a case" 1). The proposer afterwards sees only the proposal's status:
a police officer or a school does not gain access to the case by proposing it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api import clock
from api.access.policy import PROPOSAL_CREATED_ACTION
from api.audit.recorder import AuditRecord, record
from api.auth.principal import Principal
from api.cases.rules import check_deidentified, check_target_age
from api.cases.schemas import CaseCreate, YoungPersonIn
from api.errors import Conflict, FieldError, InvalidInput
from api.models import Case, Organization, Person
from api.models.enums import AuditOutcome, CaseStatus, OrganizationKind, Role
from api.people.identity import (
    Identity,
    InvalidIdentityNumber,
    parse_identity_number,
    unverified_identity,
)
from api.proposals.schemas import ProposalStatus

REFERENCE_PREFIX = "SIG"
REFERENCE_ATTEMPTS = 5
LEGAL_BASIS_PROPOSAL = "proposal"  # the proposer's own report, before any consent


def create_proposal(session: Session, principal: Principal, body: CaseCreate) -> ProposalStatus:
    today = clock.today()
    _check_unit(session, body.unit_id)
    person_in = body.young_person
    identity = _identity(person_in, today)
    check_target_age(identity.birth_date, today, _identity_field(person_in))
    check_deidentified(
        body.risk_summary, (person_in.given_name, person_in.family_name), "body.risk_summary"
    )
    person = _person(session, person_in, identity, body.area)
    case = _insert_with_reference(session, lambda: _new_case(principal, body, person), today)
    record(
        session,
        principal,
        AuditRecord(
            action=PROPOSAL_CREATED_ACTION,
            resource_type="case",
            resource_id=case.id,
            case_id=case.id,
            outcome=AuditOutcome.allowed,
            legal_basis=LEGAL_BASIS_PROPOSAL,
        ),
    )
    return ProposalStatus.model_validate(case)


def _check_unit(session: Session, unit_id: uuid.UUID) -> None:
    """The main responsibility lies with social services (DOMAIN.md): only a social-services
    unit owns a case."""
    unit = session.get(Organization, unit_id)
    if unit is not None and unit.is_active and unit.kind is OrganizationKind.social_services:
        return
    message = "Choose an active social-services unit to own the case."
    raise InvalidInput(
        message,
        errors=[FieldError(field="body.unit_id", rule="not_social_services_unit", message=message)],
    )


def _identity_field(person_in: YoungPersonIn) -> str:
    name = "personal_number" if person_in.personal_number is not None else "birth_date"
    return f"body.young_person.{name}"


def _identity(person_in: YoungPersonIn, today: date) -> Identity:
    field = _identity_field(person_in)
    try:
        if person_in.personal_number is None and person_in.birth_date is not None:
            return unverified_identity(person_in.birth_date, today=today)
        # The schema requires the number or the birth date, so the number is here.
        identity = parse_identity_number(person_in.personal_number or "", today=today)
    except InvalidIdentityNumber as exc:
        raise InvalidIdentityNumber(
            exc.detail,
            errors=[FieldError(field=field, rule="invalid_identity_number", message=exc.detail)],
        ) from None
    if person_in.birth_date is not None and person_in.birth_date != identity.birth_date:
        message = "The birth date does not match the identity number."
        raise InvalidInput(
            message,
            errors=[
                FieldError(field="body.young_person.birth_date", rule="mismatch", message=message)
            ],
        )
    return identity


def _person(
    session: Session, person_in: YoungPersonIn, identity: Identity, area: str | None
) -> Person:
    """The same identity number is the same person: reuse the row, and never overwrite
    what is on record from a proposal (the proposer may not even see it). A person known
    only by name and birth date cannot be matched safely, so they get a new row.

    An earlier case of the same person does not stop a new proposal: refusing would tell
    the proposer that the young person already has a case."""
    if identity.number12 is not None:
        existing = session.scalar(select(Person).where(Person.personal_number == identity.number12))
        if existing is not None:
            if existing.area is None and area is not None:
                existing.area = area
            return existing
    person = Person(
        identity_kind=identity.kind,
        personal_number=identity.number12,
        given_name=person_in.given_name,
        family_name=person_in.family_name,
        birth_date=identity.birth_date,
        area=area,
    )
    session.add(person)
    session.flush()
    return person


def _new_case(principal: Principal, body: CaseCreate, person: Person) -> Case:
    case = Case(
        id=uuid.uuid4(),
        status=CaseStatus.proposed,
        target_group=body.target_group,
        owning_unit_id=body.unit_id,
        young_person_id=person.id,
        proposed_by_id=principal.user_id,
        proposed_by_organization_kind=principal.organization_kind,
        proposal_reason=body.proposal_reason,
        risk_summary=body.risk_summary,
    )
    _assign_proposer(principal, body.unit_id, case)
    return case


def _assign_proposer(principal: Principal, unit_id: uuid.UUID, case: Case) -> None:
    """A social worker of the owning unit who proposes after a needs assessment takes the
    case (DOMAIN.md, "Proposal"); otherwise it waits for the unit to assign someone."""
    if principal.user_id is None or principal.unit_id != unit_id:
        return
    if principal.has_role(Role.case_officer):
        case.case_officer_id = principal.user_id
    elif principal.has_role(Role.coordinator):
        case.coordinator_id = principal.user_id


def _insert_with_reference(session: Session, build: Callable[[], Case], today: date) -> Case:
    """Number the case SIG-<year>-<n>, sequential per year: one more than the year's highest.

    Two concurrent proposals can compute the same number; the unique constraint on
    ``reference`` refuses the second, which then counts again inside its own savepoint
    (under READ COMMITTED the retry sees the first one's commit)."""
    prefix = f"{REFERENCE_PREFIX}-{today.year}-"
    for _ in range(REFERENCE_ATTEMPTS):
        case = build()
        case.reference = f"{prefix}{_highest_number(session, prefix) + 1:04d}"
        try:
            with session.begin_nested():
                session.add(case)
        except IntegrityError:
            continue
        return case
    # Only under extreme contention; the proposal can simply be sent again.
    raise Conflict("Many proposals are being registered right now. Send the proposal again.")


def _highest_number(session: Session, prefix: str) -> int:
    number = cast(func.substr(Case.reference, len(prefix) + 1), Integer)
    highest = session.scalar(select(func.max(number)).where(Case.reference.startswith(prefix)))
    return highest or 0

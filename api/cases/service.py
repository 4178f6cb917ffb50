"""Reading and updating cases. Every query starts from what the principal may see (api/access)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NoReturn

from sqlalchemy import Select, bindparam, false, or_, select
from sqlalchemy.orm import Session

from api.access.dependencies import CaseContext
from api.access.list_log import log_listed_cases
from api.access.policy import AccessBasis, readable_case_rows
from api.auth.principal import Principal
from api.cases.available import available_actions, fact_columns, facts_of
from api.cases.flags import (
    TODAY,
    CaseFlag,
    bound_flag_columns,
    flag_filter,
    flag_parameters,
    flags_of,
    flags_of_cases_statement,
)
from api.cases.rules import can_change, check_deidentified, check_intervention_period
from api.cases.schemas import AssignBody, CaseRead, CaseSummary, CaseUpdate
from api.errors import FieldError, InvalidInput, RuleViolated
from api.http import require_version
from api.models import Case, Person, User
from api.models.enums import CaseStatus, Role, TargetGroup
from api.pagination import Page, keyset_page, next_cursor

LIST_ACTION = "cases:list"


@dataclass(frozen=True, slots=True)
class CaseFilters:
    status: CaseStatus | None = None
    target_group: TargetGroup | None = None
    assigned_to_me: bool = False
    flag: CaseFlag | None = None


def _young_person(fields: dict[str, Any], basis: AccessBasis) -> dict[str, Any]:
    """``YoungPersonRef`` input for a reader on ``basis``, in the list and the single read.
    Data minimisation: the personnummer stays with social services."""
    return fields if basis.full_access else fields | {"personal_number": None}


def _filtered(stmt: Any, principal: Principal, f: CaseFilters, now: datetime, today: date) -> Any:
    if f.status is not None:
        stmt = stmt.where(Case.status == f.status)
    if f.target_group is not None:
        stmt = stmt.where(Case.target_group == f.target_group)
    if f.assigned_to_me:
        me = principal.user_id
        mine = or_(Case.case_officer_id == me, Case.coordinator_id == me) if me else false()
        stmt = stmt.where(mine)
    if f.flag is not None:
        stmt = stmt.where(flag_filter(f.flag, now, today))
    return stmt


# The columns a case list shows, selected as plain rows: loading 50 cases and their young
# people as ORM entities (every column, identity map, instance state) cost more than the
# page statement itself.
_SUMMARY_COLUMNS = (
    Case.id,
    Case.reference,
    Case.status,
    Case.target_group,
    Case.owning_unit_id,
    Case.intervention_end_on,
    Case.updated_at,
)
_PERSON_COLUMNS = (
    Person.id,
    Person.given_name,
    Person.family_name,
    Person.birth_date,
    Person.personal_number,
)
_SUMMARY_FIELDS = tuple(column.key for column in _SUMMARY_COLUMNS)
_PERSON_FIELDS = tuple(column.key for column in _PERSON_COLUMNS)
_UPDATED_AT = _SUMMARY_FIELDS.index("updated_at")
_PERSON_AT = len(_SUMMARY_COLUMNS)
_BASIS_AT = _PERSON_AT + len(_PERSON_COLUMNS)
_SUMMARY_PAGE = Page[CaseSummary]


def list_cases(
    session: Session,
    principal: Principal,
    today: date,
    now: datetime,
    *,
    filters: CaseFilters,
    limit: int,
    cursor: str | None,
) -> Page[CaseSummary]:
    """Two statements whatever the page size: the readable cases with the basis of each, then
    the flags of just those rows."""
    stmt = readable_case_rows(principal, today, *_SUMMARY_COLUMNS, *_PERSON_COLUMNS).join(
        Case.young_person
    )
    stmt = _filtered(stmt, principal, filters, now, today)
    rows = session.execute(
        keyset_page(stmt, order=(Case.updated_at, Case.id), limit=limit, cursor=cursor)
    ).all()
    shown = rows[:limit]
    flags = _page_flags(session, [row[0] for row in shown], now, today)
    log_listed_cases(session, principal, LIST_ACTION, (_case_basis(row) for row in shown))
    # One validation of the whole page: pydantic-core builds the 100 models in one call,
    # instead of two Python-level constructors and a copy per row (about 0.37 -> 0.13 ms).
    return _SUMMARY_PAGE.model_validate(
        {
            "items": [_summary(row, flags[row[0]]) for row in shown],
            "next_cursor": next_cursor(rows, limit, lambda r: (r[_UPDATED_AT], r[0])),
        }
    )


def _case_basis(row: Any) -> tuple[uuid.UUID, bool, uuid.UUID | None]:
    return row[0], row[_BASIS_AT], row[_BASIS_AT + 1]


def _summary(row: Any, flags: list[str]) -> dict[str, Any]:
    """A page row as ``CaseSummary`` input."""
    person = dict(zip(_PERSON_FIELDS, row[_PERSON_AT:_BASIS_AT], strict=True))
    basis = AccessBasis.of(row[_BASIS_AT], row[_BASIS_AT + 1])
    summary = dict(zip(_SUMMARY_FIELDS, row[:_PERSON_AT], strict=True))
    return summary | {"young_person": _young_person(person, basis), "flags": flags}


def _page_flags(
    session: Session, case_ids: list[uuid.UUID], now: datetime, today: date
) -> dict[uuid.UUID, list[str]]:
    """The flags of the page's cases. In the page query PostgreSQL would plan each flag's
    subquery as a hash over every meeting and consent; for a known few ids it probes the
    indexes per case instead."""
    if not case_ids:
        return {}
    parameters = {"ids": case_ids, **flag_parameters(now, today)}
    statement = flags_of_cases_statement(session.get_bind().dialect.name)
    rows = session.execute(statement, parameters).all()
    return {case_id: flags_of(values) for case_id, *values in rows}


@lru_cache(maxsize=1)
def _read_extras_statement() -> Select[*tuple[Any, ...]]:
    """The young person of the case ``:case_id``, its flags and what the caller's actions
    need besides the case row, in one statement built once: building its subqueries anew
    took about a third of a case read's own Python time, and the person as an ORM entity
    another statement. Execute with ``case_id`` and ``flag_parameters(now, today)``."""
    columns = (*_PERSON_COLUMNS, *bound_flag_columns(), *fact_columns(TODAY))
    return (
        select(*columns)
        .join_from(Case, Person, Person.id == Case.young_person_id)
        .where(Case.id == bindparam("case_id"))
    )


_FLAGS_AT = len(_PERSON_COLUMNS)
_FACTS_AT = _FLAGS_AT + len(CaseFlag)
# What CaseRead takes from the case row itself; the rest comes from the statement above.
_CASE_READ_FIELDS = tuple(
    name for name in CaseRead.model_fields if name not in {"young_person", "flags", "actions"}
)


def read_case(session: Session, ctx: CaseContext, now: datetime) -> CaseRead:
    parameters = {"case_id": ctx.case.id, **flag_parameters(now, ctx.today)}
    row = session.execute(_read_extras_statement(), parameters).one()
    fields = {name: getattr(ctx.case, name) for name in _CASE_READ_FIELDS}
    if not ctx.basis.full_access:
        # The proposal and its risk picture are social services' preparation material.
        fields |= {"proposal_reason": None, "risk_summary": None}
    person = dict(zip(_PERSON_FIELDS, row[:_FLAGS_AT], strict=True))
    return CaseRead.model_validate(
        fields
        | {
            "young_person": _young_person(person, ctx.basis),
            "flags": flags_of(tuple(row[_FLAGS_AT:_FACTS_AT])),
            "actions": available_actions(ctx, facts_of(tuple(row[_FACTS_AT:]))),
        }
    )


def update_case(
    session: Session, ctx: CaseContext, body: CaseUpdate, if_match: str | None, now: datetime
) -> CaseRead:
    """Intake and assignment: only the fields sent change (STYLE.md, exclude_unset)."""
    case = ctx.case
    require_version(case, if_match)
    _refuse_if_finished(case)
    changes = body.model_dump(exclude_unset=True)
    _check_assignees(session, case, changes)
    _check_still_assigned(case, changes)
    start = changes.get("intervention_start_on", case.intervention_start_on)
    end = changes.get("intervention_end_on", case.intervention_end_on)
    check_intervention_period(start, end)
    clears_end = "intervention_end_on" in changes and end is None
    if case.status is CaseStatus.active and clears_end:
        _refuse_field(
            "intervention_end_on", "required_while_active", "An active case keeps its end date."
        )
    if changes.get("risk_summary") is not None:
        person = session.get_one(Person, case.young_person_id)
        names = (person.given_name, person.family_name)
        check_deidentified(changes["risk_summary"], names, "body.risk_summary")
    for field, value in changes.items():
        setattr(case, field, value)
    session.flush()
    return read_case(session, ctx, now)


def assign_case(session: Session, ctx: CaseContext, body: AssignBody, now: datetime) -> CaseRead:
    """The unit manager sets the case officer and/or coordinator of an open case."""
    case = ctx.case
    _refuse_if_finished(case)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        _refuse_field("case_officer_id", "missing", "Name a case officer or a coordinator.")
    _check_assignees(session, case, changes)
    for field, value in changes.items():
        setattr(case, field, value)
    session.flush()
    return read_case(session, ctx, now)


def _refuse_if_finished(case: Case) -> None:
    allowed = can_change(case)
    if allowed is not True:
        raise RuleViolated(str(allowed))


def _check_assignees(session: Session, case: Case, changes: dict[str, Any]) -> None:
    for field, role in (
        ("case_officer_id", Role.case_officer),
        ("coordinator_id", Role.coordinator),
    ):
        if changes.get(field) is not None:
            _check_assignee(session, case, changes[field], role, field)


def _check_assignee(
    session: Session, case: Case, user_id: uuid.UUID, role: Role, field: str
) -> None:
    """The case officer and the coordinator are social-services staff of the owning unit
    (DOMAIN.md: the coordinator is "employed by social services"; the case officer "owns the
    case in social services")."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.unit_id != case.owning_unit_id:
        _refuse_field(field, "not_in_unit", "Choose an active user of the unit that owns the case.")
    if role not in user.role_set:
        _refuse_field(field, "missing_role", f"The user does not have the {role.value} role.")


def _check_still_assigned(case: Case, changes: dict[str, Any]) -> None:
    """Only the assigned staff change a case, so it must keep at least one of them."""
    officer = changes.get("case_officer_id", case.case_officer_id)
    coordinator = changes.get("coordinator_id", case.coordinator_id)
    if officer is None and coordinator is None:
        _refuse_field(
            "case_officer_id", "unassigned", "The case needs a case officer or a coordinator."
        )


def _refuse_field(field: str, rule: str, message: str) -> NoReturn:
    raise InvalidInput(
        message, errors=[FieldError(field=f"body.{field}", rule=rule, message=message)]
    )

"""Cases: proposals and cases around one young person, and their workflow actions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from api import clock
from api.access.dependencies import AssignableCase, EditableCase, ReadableCase
from api.auth.dependencies import CaseReader, require_scope
from api.auth.principal import Principal, Scope
from api.cases import actions, proposing, service
from api.cases.flags import CaseFlag
from api.cases.schemas import (
    ActivateBody,
    AssignBody,
    CaseCreate,
    CaseRead,
    CaseSummary,
    CaseUpdate,
    CloseBody,
    DecideBody,
    RejectBody,
)
from api.db import DbSession
from api.errors import (
    Conflict,
    ConsentRuleViolated,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.http import IfMatch, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.models.enums import CaseStatus, TargetGroup
from api.pagination import Cursor, Limit, Page
from api.proposals.schemas import ProposalStatus

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])

ProposalCreator = Annotated[Principal, Depends(require_scope(Scope.proposals_create))]
OptionalIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=64,
        description="Optional on actions; when sent, a stale ETag is refused with 412.",
    ),
]
ACTION_ERRORS = (
    Unauthorized,
    Forbidden,
    NotFound,
    RuleViolated,
    PreconditionFailed,
    InvalidInput,
)


@router.get(
    "",
    name="cases:list",
    summary="List cases",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def list_cases(
    principal: CaseReader,
    session: DbSession,
    *,
    status: Annotated[CaseStatus | None, Query(description="Only cases in this status.")] = None,
    target_group: Annotated[
        TargetGroup | None, Query(description="Only cases of this target group.")
    ] = None,
    assigned_to_me: Annotated[
        bool, Query(description="Only cases where I am the case officer or the coordinator.")
    ] = False,
    flag: Annotated[CaseFlag | None, Query(description="Only cases with this flag.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CaseSummary]:
    """The cases the caller may read, most recently changed first."""
    filters = service.CaseFilters(status, target_group, assigned_to_me, flag)
    return service.list_cases(
        session, principal, clock.today(), clock.now(), filters=filters, limit=limit, cursor=cursor
    )


@router.post(
    "",
    name="cases:create",
    summary="Propose a young person",
    status_code=201,
    response_model=ProposalStatus,
    responses=error_responses(Unauthorized, Forbidden, InvalidInput, RuleViolated, Conflict),
)
def create_case(
    principal: ProposalCreator,
    session: DbSession,
    request: Request,
    body: CaseCreate,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Propose a young person to a social-services unit; the proposer follows only its status."""

    def create() -> tuple[ProposalStatus, dict[str, str]]:
        proposal = proposing.create_proposal(session, principal, body)
        return proposal, {"Location": f"{router.prefix}/{proposal.id}"}

    return idempotent(session, principal, request, key=idempotency_key, body=body, create=create)


@router.get(
    "/{case_id}",
    name="cases:get",
    summary="Read a case",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_case(case: ReadableCase, session: DbSession, response: Response) -> CaseRead:
    """One case, if the caller may read it."""
    read = service.read_case(session, case, clock.now())
    set_etag(response, read.version)
    return read


@router.patch(
    "/{case_id}",
    name="cases:update",
    summary="Update a case",
    responses=error_responses(
        Unauthorized,
        Forbidden,
        NotFound,
        RuleViolated,
        PreconditionFailed,
        PreconditionRequired,
        InvalidInput,
    ),
)
def update_case(
    case: EditableCase,
    body: CaseUpdate,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> CaseRead:
    """Change the assignment, target group, intake goals, intervention period or risk summary."""
    read = service.update_case(session, case, body, if_match, clock.now())
    set_etag(response, read.version)
    return read


@router.post(
    "/{case_id}/assign",
    name="cases:assign",
    summary="Assign the case officer and coordinator",
    responses=error_responses(Unauthorized, Forbidden, NotFound, RuleViolated, InvalidInput),
)
def assign_case(
    case: AssignableCase, body: AssignBody, session: DbSession, response: Response
) -> CaseRead:
    """The unit manager allocates a case, e.g. a proposal from the police, to unit staff."""
    return _etagged(response, service.assign_case(session, case, body, clock.now()))


@router.post(
    "/{case_id}/assess",
    name="cases:assess",
    summary="Take a proposal up for assessment",
    responses=error_responses(*ACTION_ERRORS),
)
def assess_case(
    case: EditableCase, session: DbSession, response: Response, if_match: OptionalIfMatch = None
) -> CaseRead:
    """Assess whether the young person belongs to the target group (proposed -> assessing)."""
    return _etagged(response, actions.assess(session, case, if_match, clock.now()))


@router.post(
    "/{case_id}/decide",
    name="cases:decide",
    summary="Decide on the intervention",
    responses=error_responses(*ACTION_ERRORS),
)
def decide_case(
    case: EditableCase,
    body: DecideBody,
    session: DbSession,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> CaseRead:
    """Record the case officer's decision and its legal basis (assessing -> decided)."""
    return _etagged(response, actions.decide(session, case, body, if_match, clock.now()))


@router.post(
    "/{case_id}/activate",
    name="cases:activate",
    summary="Activate a case",
    responses=error_responses(*ACTION_ERRORS, ConsentRuleViolated),
)
def activate_case(
    case: EditableCase,
    body: ActivateBody,
    session: DbSession,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> CaseRead:
    """Start the time-limited intervention under a consent in force (decided -> active)."""
    return _etagged(response, actions.activate(session, case, body, if_match, clock.now()))


@router.post(
    "/{case_id}/close",
    name="cases:close",
    summary="Close a case",
    responses=error_responses(*ACTION_ERRORS),
)
def close_case(
    case: EditableCase,
    body: CloseBody,
    session: DbSession,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> CaseRead:
    """End the work with a reason and a written summary (decided or active -> closed)."""
    return _etagged(response, actions.close(session, case, body, if_match, clock.now()))


@router.post(
    "/{case_id}/reject",
    name="cases:reject",
    summary="Reject a proposal",
    responses=error_responses(*ACTION_ERRORS),
)
def reject_case(
    case: EditableCase,
    body: RejectBody,
    session: DbSession,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> CaseRead:
    """Turn a proposal down with a reason (proposed or assessing -> rejected)."""
    return _etagged(response, actions.reject(session, case, body, if_match, clock.now()))


def _etagged(response: Response, read: CaseRead) -> CaseRead:
    set_etag(response, read.version)
    return read

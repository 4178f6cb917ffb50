"""Proposals as their proposers and the preparation group see them: without the person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api import clock
from api.auth.dependencies import require_scope
from api.auth.principal import Principal, Scope
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, Unauthorized, error_responses
from api.pagination import Cursor, Limit, Page
from api.proposals import service
from api.proposals.schemas import DeidentifiedProposal, ProposalStatus

router = APIRouter(prefix="/api/v1/proposals", tags=["proposals"])

ProposalCreator = Annotated[Principal, Depends(require_scope(Scope.proposals_create))]
PreparationGroup = Annotated[Principal, Depends(require_scope(Scope.proposals_deidentified))]


@router.get(
    "",
    name="proposals:list-mine",
    summary="List my proposals",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def list_mine(
    principal: ProposalCreator, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[ProposalStatus]:
    """The proposals I made, with their status only, most recently changed first."""
    return service.list_mine(session, principal, limit=limit, cursor=cursor)


@router.get(
    "/deidentified",
    name="proposals:list-deidentified",
    summary="List proposals de-identified",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def list_deidentified(
    principal: PreparationGroup, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[DeidentifiedProposal]:
    """Open proposals of the municipality for the preparation group: age, area, risk picture."""
    return service.list_deidentified(session, principal, clock.today(), limit=limit, cursor=cursor)

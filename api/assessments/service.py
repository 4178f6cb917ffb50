"""Structured risk assessments (SAVRY), repeated to measure change (DOMAIN.md, "Assessment").

Reached only through an authorised case; professionals see an assessment only when an active
consent covers its information category (``visible_category_filter``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import visible_category_filter
from api.assessments import validation
from api.assessments.instruments import CATALOGUE, ITEMS_BY_CODE, SavryGroup, change
from api.assessments.schemas import (
    AssessmentComparison,
    AssessmentCreate,
    AssessmentRead,
    AssessmentSummary,
    GroupChange,
    GroupCounts,
    ItemChange,
    RatingRead,
)
from api.errors import FieldError, InvalidInput, NotFound, RuleViolated
from api.models import Assessment, AssessmentRating, Case
from api.models.enums import CaseStatus, RiskLevel
from api.pagination import Page, keyset_page, next_cursor

ASSESSMENT_NOT_FOUND = "There is no assessment with that id in this case, or you may not see it."
ENDED = (CaseStatus.closed, CaseStatus.rejected)
_RISK_ORDER = list(RiskLevel)


def _visible_assessments(ctx: CaseContext) -> Select[Assessment]:
    visible = visible_category_filter(
        ctx.principal, ctx.basis, ctx.case.id, Assessment.category_code, ctx.today
    )
    return select(Assessment).where(Assessment.case_id == ctx.case.id, visible)


def list_assessments(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[AssessmentSummary]:
    stmt = keyset_page(
        _visible_assessments(ctx),
        order=(Assessment.assessed_at, Assessment.id),
        limit=limit,
        cursor=cursor,
    )
    rows = session.scalars(stmt).all()
    return Page(
        items=[AssessmentSummary.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.assessed_at, r.id)),
    )


def find_assessment(session: Session, ctx: CaseContext, assessment_id: uuid.UUID) -> Assessment:
    """Only inside the authorised case and the visible categories: anything else is 404."""
    found = session.scalar(_visible_assessments(ctx).where(Assessment.id == assessment_id))
    if found is None:
        raise NotFound(ASSESSMENT_NOT_FOUND)
    return found


def _ratings(session: Session, assessment: Assessment) -> dict[str, str]:
    rows = session.scalars(
        select(AssessmentRating).where(AssessmentRating.assessment_id == assessment.id)
    ).all()
    return {row.item_code: row.rating for row in rows}


def _group_counts(ratings: dict[str, str]) -> list[GroupCounts]:
    counts = {group: GroupCounts(group=group) for group in SavryGroup}
    for code, rating in ratings.items():
        item = ITEMS_BY_CODE.get(code)
        if item is not None:
            entry = counts[item.group]
            setattr(entry, rating, getattr(entry, rating) + 1)
    return list(counts.values())


def read_assessment(session: Session, assessment: Assessment) -> AssessmentRead:
    ratings = _ratings(session, assessment)
    return AssessmentRead.model_validate(
        {
            **AssessmentSummary.model_validate(assessment).model_dump(),
            "summary": assessment.summary,
            "version": assessment.version,
            "ratings": [
                RatingRead(item_code=i.code, group=i.group, name_sv=i.name_sv, rating=r)
                for i in CATALOGUE
                if (r := ratings.get(i.code)) is not None
            ],
            "groups": _group_counts(ratings),
        }
    )


def can_add_assessment(case: Case) -> bool | str:
    """Whether an assessment may be added (not to a closed or rejected case)."""
    if case.status in ENDED:
        return f"The case is {case.status.value}; no assessments can be added to it."
    return True


def create(session: Session, ctx: CaseContext, body: AssessmentCreate) -> Assessment:
    """Register an assessment; the ratings must cover the instrument's catalogue exactly."""
    allowed = can_add_assessment(ctx.case)
    if allowed is not True:
        message = str(allowed)
        raise RuleViolated(
            message, errors=[FieldError(field="path.case_id", rule="case_ended", message=message)]
        )
    validation.check_instrument(body.instrument)
    ratings = validation.check_ratings(body.ratings)
    validation.check_category(session, body.category_code)
    now = clock.now()
    assessed_at = body.assessed_at or now
    validation.check_not_future(assessed_at, now)
    author = ctx.principal.user_id
    if author is None:  # EditableCase admits users only; a client could not be the assessor
        raise RuleViolated("An assessment is registered by a person.")
    assessment = Assessment(
        case_id=ctx.case.id,
        instrument=body.instrument,
        category_code=body.category_code,
        assessed_at=assessed_at,
        assessed_by_id=author,
        overall_risk=body.overall_risk,
        summary=body.summary,
    )
    session.add(assessment)
    session.flush()
    session.add_all(
        AssessmentRating(assessment_id=assessment.id, item_code=code, rating=rating)
        for code, rating in ratings.items()
    )
    session.flush()
    return assessment


def _pick(
    session: Session, ctx: CaseContext, from_id: uuid.UUID | None, to_id: uuid.UUID | None
) -> tuple[Assessment, Assessment]:
    """The two named assessments, or by default the two newest the caller may see."""
    if from_id is not None and from_id == to_id:
        message = "Choose two different assessments to compare."
        raise InvalidInput(
            message, errors=[FieldError(field="query.to", rule="same_assessment", message=message)]
        )
    newest: list[Assessment] = []
    if from_id is None or to_id is None:
        stmt = _visible_assessments(ctx).order_by(
            Assessment.assessed_at.desc(), Assessment.id.desc()
        )
        newest = [a for a in session.scalars(stmt.limit(3)).all() if a.id not in (from_id, to_id)]
    picked_to = find_assessment(session, ctx, to_id) if to_id else None
    picked_from = find_assessment(session, ctx, from_id) if from_id else None
    if picked_to is None and newest:
        picked_to = newest.pop(0)
    if picked_from is None and newest:
        picked_from = newest.pop(0)
    if picked_from is None or picked_to is None:
        message = "A comparison needs two assessments; this case has fewer that you may see."
        raise RuleViolated(
            message,
            errors=[FieldError(field="query.from", rule="two_assessments", message=message)],
        )
    return picked_from, picked_to


def compare(
    session: Session, ctx: CaseContext, from_id: uuid.UUID | None, to_id: uuid.UUID | None
) -> AssessmentComparison:
    """Per item the change from one assessment to the other, and per group the counts."""
    before, after = _pick(session, ctx, from_id, to_id)
    old, new = _ratings(session, before), _ratings(session, after)
    items = [
        ItemChange(
            item_code=item.code,
            group=item.group,
            name_sv=item.name_sv,
            from_rating=old[item.code],
            to_rating=new[item.code],
            change=change(item, old[item.code], new[item.code]),
        )
        for item in CATALOGUE
        if item.code in old and item.code in new
    ]
    old_rank = _RISK_ORDER.index(before.overall_risk)
    new_rank = _RISK_ORDER.index(after.overall_risk)
    overall = "same" if old_rank == new_rank else "worse" if new_rank > old_rank else "better"
    return AssessmentComparison(
        from_assessment=AssessmentSummary.model_validate(before),
        to_assessment=AssessmentSummary.model_validate(after),
        overall_risk_change=overall,
        items=items,
        groups=[
            GroupChange(group=a.group, from_counts=a, to_counts=b)
            for a, b in zip(_group_counts(old), _group_counts(new), strict=True)
        ],
    )

"""The seeded SAVRY assessments rate every item of the catalogue with an allowed rating."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessments.instruments import ITEMS_BY_CODE
from api.demo import SeedReport
from api.models import Assessment, AssessmentRating
from api.models.enums import Instrument


def test_seeded_assessments_rate_every_item(session: Session, seeded: SeedReport) -> None:
    assessments = session.scalars(select(Assessment)).all()
    assert len(assessments) >= 2
    for assessment in assessments:
        assert assessment.instrument is Instrument.savry
        ratings = session.scalars(
            select(AssessmentRating).where(AssessmentRating.assessment_id == assessment.id)
        ).all()
        assert {r.item_code for r in ratings} == set(ITEMS_BY_CODE)
        for rating in ratings:
            assert rating.rating in ITEMS_BY_CODE[rating.item_code].allowed_ratings

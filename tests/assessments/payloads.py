"""Request bodies for assessments, shared by the domain tests and the access matrix."""

from __future__ import annotations

from typing import Any

from api.assessments.instruments import complete_ratings


def savry_body(
    *, high: frozenset[str] = frozenset(), present: frozenset[str] = frozenset(), **extra: Any
) -> dict[str, Any]:
    """A valid SAVRY assessment: the named items high/present, the rest low/absent."""
    ratings = complete_ratings(high=high, present=present)
    return {
        "instrument": "savry",
        "ratings": [{"item_code": code, "rating": rating} for code, rating in ratings.items()],
        "overall_risk": "moderate",
        "summary": "Syntetisk bedömning",
        **extra,
    }

"""Consents: list, read, register, withdraw.

A consent id is the situation's consent; where the world has none (``no_consent``,
``other_unit``) it is the ``consented`` case's, which must answer 404 through another case,
so 404 is an accepted answer of allowed cells of ``consents:get``/``consents:withdraw`` there
only. ``consents:register`` signs as the young person alone; the world's young persons are
minors without registered guardians, so the rule answers 409 (tests/consents/ covers 201).
Withdrawing the ``withdrawn`` situation's consent answers 409 (already withdrawn).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.access.matrix.model import CASE_EDITORS, CASE_READERS, Operation
from tests.world import World


def _consent_id(world: World, situation: str) -> dict[str, str]:
    consent = world.consents.get(situation) or world.consents["consented"]
    return {"consent_id": str(consent.id)}


def _register(world: World, situation: str) -> dict[str, Any]:
    today = date.today()
    return {
        "grantors": [
            {"person_id": str(world.cases[situation].young_person_id), "signed_on": str(today)}
        ],
        "organization_ids": [str(world.police.id)],
        "category_codes": ["police"],
        "valid_from": str(today),
        "valid_until": str(today + timedelta(days=180)),
    }


def _withdraw(world: World, situation: str) -> dict[str, Any]:
    return {"withdrawn_by_person_id": str(world.cases[situation].young_person_id)}


OPERATIONS = [
    Operation("consents:list", "GET", "/api/v1/cases/{case_id}/consents", CASE_READERS),
    Operation(
        "consents:get",
        "GET",
        "/api/v1/cases/{case_id}/consents/{consent_id}",
        CASE_READERS,
        success=frozenset({200, 404}),
        path_params=_consent_id,
    ),
    Operation(
        "consents:register",
        "POST",
        "/api/v1/cases/{case_id}/consents",
        CASE_EDITORS,
        success=frozenset({201, 409}),
        body=_register,
    ),
    Operation(
        "consents:withdraw",
        "POST",
        "/api/v1/cases/{case_id}/consents/{consent_id}/withdraw",
        CASE_EDITORS,
        success=frozenset({200, 404, 409}),
        body=_withdraw,
        path_params=_consent_id,
    ),
]

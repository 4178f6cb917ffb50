"""Case read models and the bodies of the case workflow."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from api.models.enums import (
    CaseStatus,
    ClosureReason,
    LegalBasis,
    OrganizationKind,
    TargetGroup,
)
from api.schemas import InputSchema, IsoDate, Schema

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Area = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

# Examples (synthetic): Skatteverket's test personnummer and an invented young person.
_EXAMPLE_SUMMARY: dict[str, Any] = {
    "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "reference": "SIG-2026-0007",
    "status": "active",
    "target_group": "at_risk",
    "young_person": {
        "id": "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
        "given_name": "Testa",
        "family_name": "Testsson",
        "birth_date": "1912-12-12",
        "personal_number": "191212121212",
    },
    "owning_unit_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "intervention_end_on": "2026-11-30",
    "updated_at": "2026-05-04T09:00:00+02:00",
    "flags": ["meeting_overdue"],
}
_EXAMPLE_READ: dict[str, Any] = _EXAMPLE_SUMMARY | {
    "case_officer_id": "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
    "coordinator_id": "2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e7f",
    "proposed_by_organization_kind": "police",
    "proposal_reason": "Gripen två gånger i vår tillsammans med äldre kamrater; hög skolfrånvaro.",
    "risk_summary": "Exempelstad centrum. Umgås med kriminellt aktiva äldre kamrater.",
    "assessed_at": "2026-03-10T14:00:00+01:00",
    "legal_basis": "sol_4_1",
    "decided_on": "2026-03-16",
    "decided_by_id": "3b5d7f9a-1c2e-4a4b-9d6f-8b0c2d4e6f8a",
    "activated_at": "2026-03-20T10:00:00+01:00",
    "intervention_start_on": "2026-03-23",
    "youth_goals": "Gå till skolan varje dag och börja träna fotboll igen.",
    "guardian_goals": "Veta var Testa är på kvällarna.",
    "closed_at": None,
    "closure_reason": None,
    "closure_summary": None,
    "rejected_at": None,
    "rejection_reason": None,
    "created_at": "2026-03-02T08:30:00+01:00",
    "version": 7,
    # What the assigned coordinator may do with this active case now.
    "actions": [
        "update",
        "close",
        "add_member",
        "register_consent",
        "add_assessment",
        "edit_plan",
        "publish_plan",
        "schedule_meeting",
        "write_journal",
    ],
}


class CaseAction(StrEnum):
    """What a caller may do with a case now (`CaseRead.actions`), one per operation."""

    update = "update"  # cases:update
    assign = "assign"  # cases:assign
    assess = "assess"  # cases:assess
    decide = "decide"  # cases:decide
    activate = "activate"  # cases:activate
    close = "close"  # cases:close
    reject = "reject"  # cases:reject
    add_member = "add_member"  # members:add
    register_consent = "register_consent"  # consents:register
    add_assessment = "add_assessment"  # assessments:create
    edit_plan = "edit_plan"  # plans:add-item, plans:update-item, plans:remove-item
    publish_plan = "publish_plan"  # plans:publish
    schedule_meeting = "schedule_meeting"  # meetings:schedule
    write_journal = "write_journal"  # journal:create
    read_access_log = "read_access_log"  # access-log:list


ACTIONS_DESCRIPTION = (
    "The actions the caller may take on this case now, given their roles and permissions, "
    "their assignment to the case and the case's status: offer exactly these (e.g. as "
    "buttons). Each stands for operations: `update` (`cases:update`), `assign` "
    "(`cases:assign`), `assess`, `decide`, `activate`, `close`, `reject` (the status actions "
    "of those names), `add_member` (`members:add`), `register_consent` "
    "(`consents:register`), `add_assessment` (`assessments:create`), `edit_plan` "
    "(`plans:add-item`, `plans:update-item`, `plans:remove-item` on the draft's items), "
    "`publish_plan` (`plans:publish`), `schedule_meeting` (`meetings:schedule`), "
    "`write_journal` (`journal:create`), `read_access_log` (`access-log:list`).\n\n"
    "An action is offered when the checks that do not depend on what is sent hold: the "
    "caller's permission and assignment, the case's status and, for `activate`, a recorded "
    "decision and a consent in force, for `publish_plan` a draft with at least one item. "
    "The rest is checked when the request is sent and may still be refused (409, 412/428 or "
    "422, with what to fix): the If-Match; the body's own rules (dates, assignees, "
    "signatures, a journal entry's category, which the consent must cover); `activate` "
    "without an end date in the body or on the case; `publish_plan` while no item is the "
    "young person's or a responsible member has left the group. The responsible member of a "
    "plan item may report its status without `edit_plan`. The list is worked out as the "
    "case is read: read it again after a change."
)


class YoungPersonRef(Schema):
    id: uuid.UUID
    given_name: str
    family_name: str
    birth_date: date
    personal_number: str | None = Field(
        default=None, description="Shown to social-services staff of the unit only."
    )


class CaseSummary(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_SUMMARY]})

    id: uuid.UUID
    reference: str = Field(examples=["SIG-2026-0007"])
    status: CaseStatus
    target_group: TargetGroup
    young_person: YoungPersonRef
    owning_unit_id: uuid.UUID
    intervention_end_on: date | None = None
    updated_at: datetime
    flags: list[str] = Field(
        default_factory=list,
        description="Follow-up flags: `meeting_overdue` (no network meeting held for four weeks "
        "and none booked), `consent_expiring` (the consent in force ends within 30 days).",
        examples=[["meeting_overdue"]],
    )


class CaseRead(CaseSummary):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_READ]})

    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
    proposed_by_organization_kind: OrganizationKind
    proposal_reason: str | None = None
    risk_summary: str | None = None
    assessed_at: datetime | None = None
    legal_basis: LegalBasis | None = None
    decided_on: date | None = None
    decided_by_id: uuid.UUID | None = None
    activated_at: datetime | None = None
    intervention_start_on: date | None = None
    youth_goals: str | None = None
    guardian_goals: str | None = None
    closed_at: datetime | None = None
    closure_reason: ClosureReason | None = None
    closure_summary: str | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None
    created_at: datetime
    version: int
    actions: list[CaseAction] = Field(default_factory=list, description=ACTIONS_DESCRIPTION)


class YoungPersonIn(InputSchema):
    """Who is proposed: by identity number, or, when it is unknown, by name and birth date."""

    personal_number: str | None = Field(
        default=None,
        max_length=13,
        description="Personnummer or samordningsnummer, 10 or 12 digits, with or without `-`.",
        examples=["19121212-1212"],
    )
    given_name: Name
    family_name: Name
    birth_date: IsoDate | None = Field(
        default=None, description="Required when the identity number is unknown."
    )

    @model_validator(mode="after")
    def _number_or_birth_date(self) -> YoungPersonIn:
        if self.personal_number is None and self.birth_date is None:
            raise ValueError("give the personal_number, or the birth_date when it is unknown")
        return self


class CaseCreate(InputSchema):
    """A proposal (förslag): anyone may propose a young person to a social-services unit."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    "target_group": "at_risk",
                    "young_person": {
                        "personal_number": "191212121212",
                        "given_name": "Testa",
                        "family_name": "Testsson",
                    },
                    "area": "Exempelstad centrum",
                    "proposal_reason": "Gripen två gånger i vår tillsammans med äldre kamrater; "
                    "hög skolfrånvaro.",
                    "risk_summary": "Exempelstad centrum. Umgås med kriminellt aktiva "
                    "äldre kamrater; skolfrånvaro 40 % senaste terminen.",
                },
                {
                    "unit_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    "target_group": "defector",
                    "young_person": {
                        "given_name": "Testa",
                        "family_name": "Testsson",
                        "birth_date": "2010-12-12",
                    },
                    "proposal_reason": "Vill lämna ett kriminellt nätverk; "
                    "söker stöd via fältassistenterna.",
                    "risk_summary": "Har tagit avstånd från gruppen och fått hot; "
                    "behöver ny skolplacering.",
                },
            ]
        }
    )

    unit_id: uuid.UUID = Field(description="The social-services unit that will own the case.")
    target_group: TargetGroup
    young_person: YoungPersonIn
    area: Area | None = Field(default=None, description="District (stadsdel); never an address.")
    proposal_reason: Text
    risk_summary: Text = Field(
        description="The de-identified risk picture the preparation group reads: no name, "
        "no identity number, no address."
    )


# Fields a PATCH may clear; the others hold a value once set.
_NOT_NULL = ("target_group",)


class CaseUpdate(InputSchema):
    """Intake and assignment fields; only those sent are changed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "youth_goals": "Gå till skolan varje dag och börja träna fotboll igen.",
                    "guardian_goals": "Veta var Testa är på kvällarna.",
                    "intervention_start_on": "2026-05-04",
                    "intervention_end_on": "2026-11-30",
                }
            ]
        }
    )

    target_group: TargetGroup | None = None
    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
    youth_goals: Text | None = Field(default=None, description="The young person's own goals.")
    guardian_goals: Text | None = Field(default=None, description="The guardians' goals.")
    intervention_start_on: IsoDate | None = None
    intervention_end_on: IsoDate | None = None
    risk_summary: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _refuse_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in _NOT_NULL:
                if name in data and data[name] is None:
                    raise ValueError(f"{name} cannot be cleared")
        return data


class DecideBody(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"legal_basis": "sol_4_1", "decided_on": "2026-05-04"}]}
    )

    legal_basis: LegalBasis = Field(
        description="SoL 4 kap. 1 § (`sol_4_1`), LVU 11 § (`lvu_11`) or a youth-care sentence."
    )
    decided_on: IsoDate


class ActivateBody(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"intervention_start_on": "2026-05-04", "intervention_end_on": "2026-11-30"}
            ]
        }
    )

    intervention_start_on: IsoDate | None = Field(
        default=None, description="Defaults to the one already set, or today."
    )
    intervention_end_on: IsoDate | None = Field(
        default=None, description="Required unless already set: the intervention is time-limited."
    )


class CloseBody(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "closure_reason": "plan_completed",
                    "closure_summary": "Testa går i skolan varje dag och tränar fotboll två "
                    "kvällar i veckan; inga nya polisanmälningar sedan mars.",
                }
            ]
        }
    )

    closure_reason: ClosureReason
    closure_summary: Text = Field(description="The development and the goals met.")


class RejectBody(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rejection_reason": "Behoven möts av pågående insats enligt SoL; "
                    "samverkan sker redan inom skolans elevhälsa."
                }
            ]
        }
    )

    rejection_reason: Text


class AssignBody(InputSchema):
    """Who works on the case; at least one of the two."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "case_officer_id": "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
                    "coordinator_id": "2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e7f",
                }
            ]
        }
    )

    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None

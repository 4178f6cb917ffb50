"""The group around the young person (DOMAIN.md "People and organisations").

Members join and leave over time; leaving keeps the row as history, and access follows current
membership (api/access/policy.py requires ``left_at IS NULL``), so leaving ends it at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, exists, func, or_, select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import sees_family_identity
from api.errors import Conflict, InvalidInput, NotFound, RuleViolated
from api.events import outbox
from api.members.guardians import guardian_of
from api.members.schemas import (
    ExternalMemberCreate,
    MemberAdded,
    MemberCreate,
    MemberLeave,
    MemberRead,
    PersonMemberCreate,
    UserMemberCreate,
)
from api.models import Case, CaseMember, Organization, Person, User
from api.models.enums import CaseStatus, EventType, GroupRole, MemberKind, OrganizationKind
from api.pagination import Page, keyset_page, next_cursor

# A closed or rejected case's group does not grow: joining would open the case to someone new.
CLOSED = (CaseStatus.closed, CaseStatus.rejected)
PERSON_ROLES = (GroupRole.young_person, GroupRole.guardian)
SOCIAL_SERVICES_ROLES = (GroupRole.coordinator, GroupRole.case_officer)
# DOMAIN.md: police and school are the core agencies of the group besides social services.
EXPECTED_AGENCIES = {
    GroupRole.police: (OrganizationKind.police, "the police"),
    GroupRole.school: (OrganizationKind.school, "the school"),
}
MEMBER_NOT_FOUND = "There is no member with that id in this case."


def _rows() -> Select[CaseMember, str, str, str, OrganizationKind]:
    return (
        select(
            CaseMember, User.display_name, Person.given_name, Person.family_name, Organization.kind
        )
        .outerjoin(User, User.id == CaseMember.user_id)
        .outerjoin(Person, Person.id == CaseMember.person_id)
        .outerjoin(Organization, Organization.id == CaseMember.organization_id)
    )


def _read(row: Row[CaseMember, str, str, str, OrganizationKind], shows_family: bool) -> MemberRead:
    member, user_name, given, family, org_kind = row
    name = user_name or member.external_name or (f"{given} {family}" if given else None)
    hidden = member.group_role is GroupRole.guardian and not shows_family
    return MemberRead(
        id=member.id,
        kind=member.kind,
        user_id=member.user_id,
        person_id=None if hidden else member.person_id,
        display_name=None if hidden else name,
        external_contact=member.external_contact,
        organization_id=member.organization_id,
        organization_kind=org_kind,
        group_role=member.group_role,
        joined_at=member.joined_at,
        left_at=member.left_at,
        left_reason=member.left_reason,
    )


def list_members(
    session: Session, ctx: CaseContext, *, current: bool, limit: int, cursor: str | None
) -> Page[MemberRead]:
    stmt = _rows().where(CaseMember.case_id == ctx.case.id)
    if current:
        stmt = stmt.where(CaseMember.left_at.is_(None))
    page = keyset_page(
        stmt, order=(CaseMember.joined_at, CaseMember.id), limit=limit, cursor=cursor
    )
    rows = session.execute(page).all()
    shows_family = sees_family_identity(ctx.basis)
    return Page(
        items=[_read(row, shows_family) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r[0].joined_at, r[0].id)),
    )


def _refuse_current(session: Session, case_id: uuid.UUID, *match: Any) -> None:
    current = exists().where(CaseMember.case_id == case_id, CaseMember.left_at.is_(None), *match)
    if session.scalar(select(current)):
        raise Conflict("They are already a current member of the group.")


def _professional_role(role: GroupRole) -> None:
    if role in PERSON_ROLES:
        raise InvalidInput.body_field(
            "group_role",
            "person_role",
            "The young person and guardians are added with kind 'person'.",
        )


def _user_member(session: Session, case: Case, body: UserMemberCreate) -> CaseMember:
    _professional_role(body.group_role)
    user = session.get(User, body.user_id)
    if user is None or not user.is_active:
        raise InvalidInput.body_field(
            "user_id", "unknown_or_inactive", "There is no active user with that id."
        )
    _refuse_current(session, case.id, CaseMember.user_id == user.id)
    return CaseMember(
        kind=MemberKind.user,
        user_id=user.id,
        organization_id=user.organization_id,
        group_role=body.group_role,
    )


def _external_member(session: Session, body: ExternalMemberCreate) -> CaseMember:
    _professional_role(body.group_role)
    if body.organization_id is not None and session.get(Organization, body.organization_id) is None:
        raise InvalidInput.body_field(
            "organization_id", "unknown", "There is no organisation with that id."
        )
    return CaseMember(
        kind=MemberKind.external,
        external_name=body.external_name,
        external_contact=body.external_contact,
        organization_id=body.organization_id,
        group_role=body.group_role,
    )


def _person_member(session: Session, ctx: CaseContext, body: PersonMemberCreate) -> CaseMember:
    young = session.get_one(Person, ctx.case.young_person_id)
    if body.group_role == GroupRole.young_person:
        sent = [
            f
            for f in ("given_name", "family_name", "birth_date", "personal_number")
            if getattr(body, f)
        ]
        if sent:
            raise InvalidInput.body_field(
                sent[0], "not_allowed", "The young person is the case's own; send no identity."
            )
        person = young
    else:
        person = guardian_of(session, young, body, ctx.today)
    _refuse_current(session, ctx.case.id, CaseMember.person_id == person.id)
    return CaseMember(
        kind=MemberKind.person, person_id=person.id, group_role=GroupRole(body.group_role)
    )


def missing_agency_warnings(session: Session, case_id: uuid.UUID) -> list[str]:
    """Police or school missing from the current group (issue #4: warn, do not refuse)."""
    rows = session.execute(
        select(CaseMember.group_role, Organization.kind)
        .outerjoin(Organization, Organization.id == CaseMember.organization_id)
        .where(CaseMember.case_id == case_id, CaseMember.left_at.is_(None))
    ).all()
    present = {role for role, _ in rows} | {kind for _, kind in rows if kind is not None}
    return [
        f"The group has no current member from {name}; consider adding one."
        for role, (kind, name) in EXPECTED_AGENCIES.items()
        if role not in present and kind not in present
    ]


def can_add_member(case: Case) -> bool | str:
    """Whether the group may take a new member (not once the case is closed or rejected)."""
    if case.status in CLOSED:
        return "The case is closed; its group cannot take new members."
    return True


def add_member(
    session: Session, ctx: CaseContext, body: MemberCreate
) -> tuple[MemberAdded, dict[str, str]]:
    allowed = can_add_member(ctx.case)
    if allowed is not True:
        raise RuleViolated(str(allowed))
    match body:
        case UserMemberCreate():
            member = _user_member(session, ctx.case, body)
        case ExternalMemberCreate():
            member = _external_member(session, body)
        case PersonMemberCreate():
            member = _person_member(session, ctx, body)
    member.case_id, member.joined_at = ctx.case.id, clock.now()
    session.add(member)
    session.flush()
    outbox.emit(
        session,
        EventType.member_added,
        case_id=ctx.case.id,
        subject_type="member",
        subject_id=member.id,
        data={"group_role": member.group_role.value},
    )
    read = _read(session.execute(_rows().where(CaseMember.id == member.id)).one(), True)
    added = MemberAdded(**read.model_dump(), warnings=missing_agency_warnings(session, ctx.case.id))
    return added, {"Location": f"/api/v1/cases/{ctx.case.id}/members/{member.id}"}


def _is_social_services() -> ColumnElement[bool]:
    return or_(
        CaseMember.group_role.in_(SOCIAL_SERVICES_ROLES),
        Organization.kind == OrganizationKind.social_services,
    )


def keeps_social_services(leaver_is_social_services: bool, others_remaining: int) -> bool | str:
    """Main responsibility lies with social services (DOMAIN.md "What a social intervention
    group is"): their last member cannot leave the group."""
    if leaver_is_social_services and others_remaining == 0:
        return (
            "A group must keep social services: add another social-services member "
            "before this one leaves."
        )
    return True


def leave(
    session: Session, ctx: CaseContext, member_id: uuid.UUID, body: MemberLeave
) -> MemberRead:
    member = session.scalar(
        select(CaseMember).where(CaseMember.id == member_id, CaseMember.case_id == ctx.case.id)
    )
    if member is None:
        raise NotFound(MEMBER_NOT_FOUND)
    if member.left_at is not None:
        raise Conflict("This member has already left the group.")
    social = (
        select(func.count())
        .select_from(CaseMember)
        .outerjoin(Organization, Organization.id == CaseMember.organization_id)
        .where(
            CaseMember.case_id == ctx.case.id, CaseMember.left_at.is_(None), _is_social_services()
        )
    )
    leaver = bool(session.scalar(social.where(CaseMember.id == member.id)))
    others = session.scalar(social.where(CaseMember.id != member.id)) or 0
    allowed = keeps_social_services(leaver, others)
    if allowed is not True:
        raise RuleViolated(str(allowed))
    reached_before = outbox.reaching_organizations(session, ctx.case.id, ctx.today)
    member.left_at, member.left_reason = clock.now(), body.reason
    outbox.emit(
        session,
        EventType.member_removed,
        case_id=ctx.case.id,
        subject_type="member",
        subject_id=member.id,
        data={"group_role": member.group_role.value},
        reached_before=reached_before,
    )
    row = session.execute(_rows().where(CaseMember.id == member.id)).one()
    return _read(row, sees_family_identity(ctx.basis))

"""``can_update_item_status``: the responsible member reports on their own item only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from api.access.policy import can_update_item_status
from api.auth.principal import Principal, PrincipalKind, Scope
from api.models import ActionPlanItem, CaseMember
from api.models.enums import GroupRole, MemberKind, OrganizationKind, Role

CASE, ORG, USER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _principal(kind: PrincipalKind = PrincipalKind.user, org: uuid.UUID = ORG) -> Principal:
    return Principal(
        kind=kind,
        subject_id=USER if kind is PrincipalKind.user else uuid.uuid4(),
        organization_id=org,
        organization_kind=OrganizationKind.police,
        roles=frozenset({Role.professional}),
        scopes=frozenset({Scope.cases_write}),
    )


def _member(**changes: object) -> CaseMember:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "case_id": CASE,
        "kind": MemberKind.user,
        "user_id": USER,
        "organization_id": ORG,
        "group_role": GroupRole.police,
        "left_at": None,
    }
    return CaseMember(**(values | changes))


def _item(member: CaseMember, case_id: uuid.UUID = CASE) -> ActionPlanItem:
    return ActionPlanItem(case_id=case_id, responsible_member_id=member.id)


def test_the_responsible_user_may_report() -> None:
    member = _member()
    assert can_update_item_status(_principal(), _item(member), member) is True


def test_a_client_reports_for_its_organisations_member() -> None:
    member = _member()
    assert can_update_item_status(_principal(PrincipalKind.client), _item(member), member) is True
    other_org = _principal(PrincipalKind.client, org=uuid.uuid4())
    assert isinstance(can_update_item_status(other_org, _item(member), member), str)


@pytest.mark.parametrize(
    "case",
    ["another_user", "left", "not_the_items_member", "other_case", "person_member"],
)
def test_everyone_else_is_refused_with_a_reason(case: str) -> None:
    member = _member()
    item = _item(member)
    if case == "another_user":
        member = _member(user_id=uuid.uuid4())
        item = _item(member)
    elif case == "left":
        member = _member(left_at=datetime.now(UTC))
        item = _item(member)
    elif case == "not_the_items_member":
        item = _item(_member())
    elif case == "other_case":
        item = _item(member, case_id=uuid.uuid4())
    else:  # the young person or a guardian: never a logged-in professional
        member = _member(kind=MemberKind.person, user_id=None)
        item = _item(member)
    verdict = can_update_item_status(_principal(), item, member)
    assert isinstance(verdict, str)
    assert verdict

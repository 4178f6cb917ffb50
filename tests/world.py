"""A small synthetic municipality with one case per access situation (issue #3's matrix).

From the police officer's point of view (a professional who is a member of every case):
- ``consented``: an active consent covers the police, for the police and school categories;
- ``no_consent``: member, but no consent at all;
- ``other_org``: the consent covers the school only;
- ``withdrawn``/``expired``: the consent covering the police is withdrawn / has ended;
- ``former_member``: consent covers the police, but the officer has left the group;
- ``other_unit``: a case of the other social-services unit (police not a member).
Every case except ``other_unit`` belongs to unit 1, whose case officer and coordinator are
assigned to all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from api.models import (
    Case,
    CaseMember,
    Consent,
    IntegrationClient,
    JournalEntry,
    Organization,
    User,
)
from api.models.enums import GroupRole, OrganizationKind, Role
from tests import factories as f

SITUATIONS = (
    "consented",
    "no_consent",
    "other_org",
    "withdrawn",
    "expired",
    "former_member",
    "other_unit",
)
UNIT_CASES = frozenset(SITUATIONS) - {"other_unit"}
POLICE_CLIENT_SCOPES = ["cases:read", "cases:write", "webhooks:manage"]


@dataclass
class World:
    municipality: Organization
    unit: Organization
    other_unit: Organization
    police: Organization
    school: Organization
    users: dict[str, User] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    police_client: IntegrationClient | None = None
    journal: dict[str, JournalEntry] = field(default_factory=dict)  # consented case, by category
    consents: dict[str, Consent] = field(default_factory=dict)  # by situation, where one exists
    police_members: dict[str, CaseMember] = field(default_factory=dict)  # by situation


def _users(session: Session, w: World) -> None:
    u = w.users
    u["admin"] = f.make_user(session, w.municipality, Role.admin)
    u["auditor"] = f.make_user(session, w.municipality, Role.auditor)
    u["preparation_group"] = f.make_user(session, w.municipality, Role.preparation_group)
    for role in (Role.unit_manager, Role.case_officer, Role.coordinator):
        u[role.value] = f.make_user(session, w.unit, role, unit=w.unit)
    u["other_case_officer"] = f.make_user(
        session, w.other_unit, Role.case_officer, unit=w.other_unit
    )
    u["professional"] = f.make_user(session, w.police, Role.professional)
    u["school_professional"] = f.make_user(session, w.school, Role.professional)


def _case(session: Session, w: World, situation: str) -> Case:
    unit = w.other_unit if situation == "other_unit" else w.unit
    officer = w.users["other_case_officer" if situation == "other_unit" else "case_officer"]
    case = f.make_case(
        session,
        unit,
        case_officer=officer,
        coordinator=None if situation == "other_unit" else w.users["coordinator"],
    )
    if situation != "other_unit":
        w.police_members[situation] = f.add_member(
            session, case, w.users["professional"], left=situation == "former_member"
        )
        f.add_member(session, case, w.users["school_professional"], role=GroupRole.school)
    today = date.today()
    consent_orgs = {"other_org": [w.school]}.get(situation, [w.police, w.school])
    if situation not in ("no_consent", "other_unit"):
        w.consents[situation] = f.make_consent(
            session,
            case,
            organizations=consent_orgs,
            categories=["police", "school"],
            collected_by=w.users["case_officer"],
            withdrawn=situation == "withdrawn",
            valid_from=today - timedelta(days=400) if situation == "expired" else None,
            valid_until=today - timedelta(days=1) if situation == "expired" else None,
        )
    return case


def build_world(session: Session) -> World:
    municipality = f.make_org(session, OrganizationKind.municipality)
    w = World(
        municipality=municipality,
        unit=f.make_org(session, OrganizationKind.social_services, parent=municipality),
        other_unit=f.make_org(session, OrganizationKind.social_services, parent=municipality),
        police=f.make_org(session, OrganizationKind.police),
        school=f.make_org(session, OrganizationKind.school),
    )
    _users(session, w)
    for situation in SITUATIONS:
        w.cases[situation] = _case(session, w, situation)
    consented = w.cases["consented"]
    author = w.users["case_officer"]
    for category in ("police", "school", "health"):
        w.journal[category] = f.make_journal_entry(session, consented, author, category=category)
    w.police_client = f.make_client(session, w.police, POLICE_CLIENT_SCOPES)
    return w

"""The demo municipality: its organisations and one login per role."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.passwords import hash_secret
from api.demo.accounts import create_user
from api.demo.base import demo_id
from api.errors import Conflict
from api.models import IntegrationClient, Organization, User
from api.models.enums import OrganizationKind, Role

MUNICIPALITY_CODE = "9999"  # not a real municipality code (those are 01xx-25xx)


@dataclass(frozen=True, slots=True)
class OrgSpec:
    key: str
    name: str
    kind: OrganizationKind
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class UserSpec:
    username: str
    display_name: str
    role: Role
    organization: str
    unit: str | None = None


ORGANIZATIONS = (
    OrgSpec("municipality", "Exempelstad kommun", OrganizationKind.municipality),
    OrgSpec(
        "unit1",
        "Socialtjänsten Exempelstad, Barn och unga Norr",
        OrganizationKind.social_services,
        "municipality",
    ),
    OrgSpec(
        "unit2",
        "Socialtjänsten Exempelstad, Barn och unga Söder",
        OrganizationKind.social_services,
        "municipality",
    ),
    OrgSpec("police", "Polisen, lokalpolisområde Exempelstad", OrganizationKind.police),
    OrgSpec("school1", "Exempelskolan F-9", OrganizationKind.school, "municipality"),
    OrgSpec("school2", "Exempelstads gymnasium", OrganizationKind.school, "municipality"),
    OrgSpec("bup", "BUP Exempelstad", OrganizationKind.child_psychiatry),
    OrgSpec("field", "Fältgruppen Exempelstad", OrganizationKind.field_workers, "municipality"),
    OrgSpec("ngo", "Föreningen Nytt Steg", OrganizationKind.ngo),
)

# One login per role; social-services staff belong to their unit (organisation = unit).
USERS = (
    UserSpec("admin", "Ada Admin", Role.admin, "municipality"),
    UserSpec("chef", "Cecilia Chef", Role.unit_manager, "unit1", "unit1"),
    UserSpec("handlaggare", "Hanna Handläggare", Role.case_officer, "unit1", "unit1"),
    UserSpec("samordnare", "Samir Samordnare", Role.coordinator, "unit1", "unit1"),
    UserSpec("polis", "Petra Polis", Role.professional, "police"),
    UserSpec("skola", "Stefan Skola", Role.professional, "school1"),
    UserSpec("bup", "Beata Bup", Role.professional, "bup"),
    UserSpec("beredning", "Bertil Beredning", Role.preparation_group, "municipality"),
    UserSpec("revisor", "Rut Revisor", Role.auditor, "municipality"),
    UserSpec("handlaggare2", "Henrik Handläggare", Role.case_officer, "unit2", "unit2"),
    # Beyond one login per role: unit 2's cases need a coordinator, and the groups a field
    # worker (who also shows a member who has left a group).
    UserSpec("samordnare2", "Sanna Samordnare", Role.coordinator, "unit2", "unit2"),
    UserSpec("falt", "Filip Fält", Role.professional, "field"),
)
USERNAMES = tuple(spec.username for spec in USERS)

# The police's own case system, to try the webhooks and client credentials with.
DEMO_CLIENT_ID = "polisens-system"
DEMO_CLIENT_SCOPES = ("cases:read", "webhooks:manage")


def org_id(key: str) -> uuid.UUID:
    return demo_id("organization", key)


def user_id(username: str) -> uuid.UUID:
    return demo_id("user", username)


def user_org_id(username: str) -> uuid.UUID:
    """The organisation a demo user acts for (a case member's ``organization_id``)."""
    spec = next(spec for spec in USERS if spec.username == username)
    return org_id(spec.organization)


def add_organizations(session: Session) -> int:
    """Parents come before children in ``ORGANIZATIONS``; flushing in order keeps the
    self-reference satisfied on PostgreSQL."""
    for spec in ORGANIZATIONS:
        session.add(
            Organization(
                id=org_id(spec.key),
                name=spec.name,
                kind=spec.kind,
                parent_id=org_id(spec.parent) if spec.parent else None,
                municipality_code=MUNICIPALITY_CODE,
            )
        )
        session.flush()
    return len(ORGANIZATIONS)


def add_users(session: Session, password: str) -> int:
    taken = session.scalars(select(User.username).where(User.username.in_(USERNAMES))).all()
    if taken:
        raise Conflict(
            f"The demo needs the user names {', '.join(sorted(taken))}, which are already taken."
        )
    for spec in USERS:
        create_user(
            session,
            spec.username,
            display_name=spec.display_name,
            password=password,
            roles=[spec.role],
            organization_id=org_id(spec.organization),
            unit_id=org_id(spec.unit) if spec.unit else None,
            email=f"{spec.username}@exempelstad.example",
            user_id=user_id(spec.username),
        )
    return len(USERS)


def add_clients(session: Session, password: str) -> None:
    """One integration client, whose secret is the demo password."""
    session.add(
        IntegrationClient(
            id=demo_id("client", DEMO_CLIENT_ID),
            client_id=DEMO_CLIENT_ID,
            name="Polisens ärendesystem (demo)",
            secret_hash=hash_secret(password),
            organization_id=org_id("police"),
            scopes=list(DEMO_CLIENT_SCOPES),
        )
    )

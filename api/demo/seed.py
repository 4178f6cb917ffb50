"""``seed_demo``: one synthetic municipality with users, cases and their history.

Idempotent: every row has a deterministic id, and the demo municipality marks a seeded
database, so a second run changes nothing and says so. The caller owns the transaction, so a
failure leaves nothing half-seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from api.demo.base import Timeline
from api.demo.cases import add_case
from api.demo.consents import CONSENTS, add_consents
from api.demo.directory import USERNAMES, add_clients, add_organizations, add_users, org_id
from api.demo.persons import add_persons
from api.demo.plans import add_plans
from api.demo.scenario import CASES, EXTRA_MEMBERS
from api.demo.work import add_assessments, add_journal, add_meetings
from api.models import Organization


@dataclass(frozen=True, slots=True)
class SeedReport:
    """What a seed run did; counts are zero when the demo was already there."""

    created: bool
    organizations: int = 0
    users: int = 0
    persons: int = 0
    cases: int = 0
    consents: int = 0
    usernames: tuple[str, ...] = ()

    def summary(self) -> str:
        if not self.created:
            return "Demo data is already present; nothing was changed."
        return (
            f"Demo data created: {self.organizations} organisations, {self.users} users, "
            f"{self.persons} persons, {self.cases} cases, {self.consents} consents. "
            f"Log in as {', '.join(self.usernames)} with the demo password."
        )


def is_seeded(session: Session) -> bool:
    return session.get(Organization, org_id("municipality")) is not None


def seed_demo(session: Session, password: str, today: date) -> SeedReport:
    """Load the demo municipality ("Exempelstad kommun") with dates relative to ``today``."""
    if is_seeded(session):
        return SeedReport(created=False)
    clock = Timeline(today)
    organizations = add_organizations(session)
    users = add_users(session, password)
    add_clients(session, password)
    persons = add_persons(session, clock)
    session.flush()
    for spec in CASES:
        add_case(session, spec, EXTRA_MEMBERS.get(spec.number, []), clock)
    session.flush()
    add_consents(session, clock)
    add_assessments(session, clock)
    add_meetings(session, clock)
    session.flush()
    add_plans(session, clock)
    add_journal(session, clock)
    session.flush()
    return SeedReport(
        created=True,
        organizations=organizations,
        users=users,
        persons=persons,
        cases=len(CASES),
        consents=len(CONSENTS),
        usernames=USERNAMES,
    )

"""The builder's state: one random generator that drives every choice and every generated id,
the organisations and staff the bulk cases are shared out to, and the buffered rows."""

from __future__ import annotations

import random
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.demo.base import Timeline, demo_id
from api.demo.directory import MUNICIPALITY_CODE, org_id, user_id
from api.demo.scale.batches import Batches
from api.demo.scale.records import AuditTarget
from api.models import Organization, Person, User, UserRole
from api.models.enums import OrganizationKind, Role

SEED = 7  # the number; changing it changes every row
CASELOAD = 30  # consecutive cases given to one bulk staff member
UNITS = ("unit1", "unit2", "unit3", "unit4")
NEW_UNITS = {"unit3": "Barn och unga Väster", "unit4": "Barn och unga Öster"}
DEMO_STAFF = {"unit1": ("handlaggare", "samordnare"), "unit2": ("handlaggare2", "samordnare2")}


class Staff:
    """Who takes the next case for one organisation and role: the demo user every
    ``share``-th time, else bulk users in turn, ``CASELOAD`` consecutive cases each."""

    def __init__(self, town: Municipality, org: str, role: Role, label: str) -> None:
        self.town, self.org, self.role, self.label = town, org, role, label
        self.demo: str | None = None
        self.share, self.taken, self.made = 1, 0, 0

    def with_demo(self, username: str | None, share: int) -> Staff:
        self.demo, self.share = username, share
        return self

    def next(self) -> uuid.UUID:
        turn, self.taken = self.taken, self.taken + 1
        if self.demo is not None and turn % self.share == 0:
            return user_id(self.demo)
        username = f"skala-{self.label}-{turn // CASELOAD:04d}"
        if turn // CASELOAD >= self.made:
            self.made = turn // CASELOAD + 1
            self.town.add_user(self.org, self.role, username)
        return demo_id("scale-user", username)


class Municipality:
    """The builder: one random generator drives every choice and every generated id."""

    def __init__(self, session: Session, clock: Timeline, batch_rows: int) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - synthetic data, not a secret
        self.clock, self.long_ago = clock, clock.at(-1500, 8)
        self.out = Batches(session, batch_rows)
        numbers = session.scalars(select(Person.personal_number))
        self.taken_stems = {number[:11] for number in numbers if number}
        self.audit: list[AuditTarget] = []
        for key, name in NEW_UNITS.items():
            self.out.add_entity(
                Organization,
                org_id(key),
                self.long_ago,
                name=f"Socialtjänsten Exempelstad, {name}",
                kind=OrganizationKind.social_services,
                parent_id=org_id("municipality"),
                municipality_code=MUNICIPALITY_CODE,
                is_active=True,
            )
        self.officers: dict[str, Staff] = {}
        self.coordinators: dict[str, Staff] = {}
        for unit in UNITS:
            officer, coordinator = DEMO_STAFF.get(unit, (None, None))
            staff = Staff(self, unit, Role.case_officer, f"{unit}-handl").with_demo(officer, 10)
            self.officers[unit] = staff
            staff = Staff(self, unit, Role.coordinator, f"{unit}-samord")
            self.coordinators[unit] = staff.with_demo(coordinator, 10)
        pro = Role.professional
        self.professionals = {
            "police": Staff(self, "police", pro, "polis").with_demo("polis", 8),
            "school1": Staff(self, "school1", pro, "skola1").with_demo("skola", 8),
            "school2": Staff(self, "school2", pro, "skola2"),
            "field": Staff(self, "field", pro, "falt").with_demo("falt", 8),
        }

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add_user(self, org: str, role: Role, username: str) -> None:
        self.out.add_entity(
            User,
            demo_id("scale-user", username),
            self.long_ago,
            username=username,
            display_name=f"Testanvändare {username}",
            organization_id=org_id(org),
            unit_id=org_id(org) if org in UNITS else None,
            is_active=True,  # without a password hash: bulk staff cannot log in
        )
        self.out.add(UserRole, user_id=demo_id("scale-user", username), role=role)

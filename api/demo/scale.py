"""``samverka seed-demo --cases N``: the demo municipality at scale, for the benchmark (#7).

On top of the small demo (its logins, organisations and hand-written cases) it adds N cases
in four units with their groups, consents, action plans, network meetings, journal and an
access log. Rows go in with Core ``insert()`` in batches of a few thousand, in foreign-key
order: ORM objects would take minutes for every ten thousand cases.

Everything is invented and drawn from a random generator with a fixed seed, so one N and one
seed day always give the same rows. The proportions follow DOMAIN.md: most cases active, an
active group with police and school under a consent naming them, some consents withdrawn or
run out, a network meeting every four weeks, a published plan whose open items continue in
the draft. The demo logins take a share of the work so that the benchmark's users see long
lists (``samordnare`` and ``handlaggare`` one in ten of unit 1's cases, ``polis`` one in
eight of the groups with a police officer); the rest goes to bulk staff, who cannot log in.

Personnummer come from the test series the demo uses (serials 980-999, valid check digit)
while a birth date has a serial left. Twenty a day cannot number 100,000 young persons born
within eight years (about 58,000 pairs), so a person for whom none is left is stored as
``unverified``, by name and birth date, as DOMAIN.md allows.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from api.audit.chain import GENESIS_HASH, compute_hash
from api.audit.recorder import CHAIN_LOCK_KEY
from api.demo.base import Timeline, demo_id, synthetic_personal_number
from api.demo.cases import ACTIVATED_AFTER, ASSESSED_AFTER, DECIDED_AFTER, INTERVENTION_DAYS
from api.demo.directory import MUNICIPALITY_CODE, org_id, user_id
from api.demo.plans import FALLBACK
from api.models import (
    ActionPlanItem,
    ActionPlanVersion,
    AuditEvent,
    Case,
    CaseMember,
    Consent,
    ConsentCategory,
    ConsentGrantor,
    ConsentOrganization,
    Guardianship,
    JournalEntry,
    Meeting,
    MeetingAttendance,
    Organization,
    Person,
    User,
    UserRole,
)
from api.models.enums import (
    AttendanceStatus,
    AuditOutcome,
    CaseStatus,
    ClosureReason,
    GrantorRelation,
    GroupRole,
    IdentityKind,
    JournalKind,
    LegalBasis,
    MeetingKind,
    MeetingStatus,
    MemberKind,
    OrganizationKind,
    PlanItemStatus,
    PlanStatus,
    Role,
    TargetGroup,
)
from api.people.identity import is_minor_on

SEED = 7  # the number; changing it changes every row
BATCH_ROWS = 5000
AUDIT_EVENTS_PER_CASE = 10
CASELOAD = 30  # consecutive cases given to one bulk staff member
TEST_SERIALS = range(980, 1000)
CONSENT_DAYS = 360  # within SAMVERKA_CONSENT_MAX_MONTHS (12)
MEETING_EVERY = 28  # DOMAIN.md, "Active work": a network meeting at least every four weeks
UNITS = ("unit1", "unit2", "unit3", "unit4")
NEW_UNITS = {"unit3": "Barn och unga Väster", "unit4": "Barn och unga Öster"}
DEMO_STAFF = {"unit1": ("handlaggare", "samordnare"), "unit2": ("handlaggare2", "samordnare2")}
BULK_REFERENCE = "SIG-%-B%"  # bulk references are SIG-<year>-B<number>

S, G, M = CaseStatus, GroupRole, MeetingStatus
STATUS_WEIGHTS = {S.active: 55, S.closed: 25, S.proposed: 4, S.assessing: 5, S.decided: 4}
STATUS_WEIGHTS[S.rejected] = 7
AREAS = ("Norrby", "Centrum", "Ekbacken", "Söderdal", "Sjöstaden")
REASONS = (
    "Upprepade misstankar om brott tillsammans med äldre ungdomar.",
    "Hög skolfrånvaro och kontakt med ett kriminellt nätverk.",
    "Ungdomen vill lämna ett kriminellt sammanhang och ber om stöd.",
)
RISKS = (
    "Kamrater som begår brott, låg skolnärvaro och svag tillsyn.",
    "Misstänkt för narkotikabrott; skyddande: nära relation till en förälder.",
    "Hot från äldre ungdomar; skyddande: intresse för idrott.",
)
# (kind, category, the author's role in the group, text): each by an agency that shares it.
JOURNAL = (
    (JournalKind.note, "social_services", G.coordinator, "Uppföljningssamtal med ungdomen."),
    (JournalKind.police_report, "police", G.police, "Misstänkt för ringa brott; anmälan gjord."),
    (JournalKind.school_attendance, "school", G.school, "Närvaron de senaste veckorna redovisad."),
    (JournalKind.concern_report, "social_services", G.school, "Orosanmälan om sena kvällar."),
    (JournalKind.note, "leisure", G.coordinator, "Ungdomen tränar två kvällar i veckan."),
)
# (the responsible member's role, category, text, plain text)
ITEMS = (
    (G.young_person, "school", "Närvara i skolan enligt schemat.", "Du går till skolan."),
    (G.police, "police", "Samtal varannan vecka om vägen framåt.", "Polisen pratar med dig."),
    (G.school, "school", "Upprätta en studieplan med eleven.", "Skolan gör en plan med dig."),
    (G.coordinator, "social_services", "Kalla till nätverksmöte var fjärde vecka.", "Möten."),
    (G.guardian, "social_services", "Delta i föräldrastödet.", "Ni får stöd som föräldrar."),
)
READ_ACTIONS = ("cases:get", "cases:list", "journal:list", "plans:get-current", "meetings:list")
STAFF_ACTIONS = (*READ_ACTIONS, "members:list", "consents:list", "journal:create")
PROFESSIONAL_ACTIONS = (*READ_ACTIONS, "me:tasks", "journal:create")
PROFESSIONAL_ROLES = (G.police, G.school, G.field_worker)

# Parents before children: a batch is written in this order.
MODELS: tuple[Any, ...] = (
    Organization,
    User,
    UserRole,
    Person,
    Guardianship,
    Case,
    CaseMember,
    Consent,
    ConsentGrantor,
    ConsentOrganization,
    ConsentCategory,
    Meeting,
    MeetingAttendance,
    ActionPlanVersion,
    ActionPlanItem,
    JournalEntry,
)


@dataclass(frozen=True, slots=True)
class ScaleReport:
    created: bool
    cases: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.created:
            return (
                f"A scaled municipality ({self.cases} cases) is already present; nothing was "
                "changed. Seed another size into a fresh database."
            )
        sizes = ", ".join(f"{name} {count}" for name, count in sorted(self.rows.items()))
        return f"Scaled municipality: {self.cases} cases in {self.seconds:.1f} s ({sizes})."


def scaled_cases(session: Session) -> int | None:
    """How many bulk cases the database holds, or None when it was never scaled."""
    if session.get(Organization, org_id("unit3")) is None:
        return None
    return session.scalar(select(func.count()).where(Case.reference.like(BULK_REFERENCE)))


def seed_scale(
    session: Session,
    cases: int,
    today: date,
    *,
    audit_events: int | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ScaleReport:
    """Add ``cases`` synthetic cases and ``audit_events`` access-log events (ten a case by
    default) to a database holding the small demo. A database scaled before is left as it
    is. The caller owns the transaction."""
    existing = scaled_cases(session)
    if existing is not None:
        return ScaleReport(created=False, cases=existing)
    started = time.monotonic()
    town = _Municipality(session, Timeline(today), batch_rows)
    for number in range(1, cases + 1):
        town.add_case(number)
    town.out.flush()
    events = AUDIT_EVENTS_PER_CASE * cases if audit_events is None else audit_events
    _append_access_log(session, town, events, batch_rows)
    rows = {**town.out.counts, "audit_events": events if town.audit else 0}
    return ScaleReport(True, cases, rows, time.monotonic() - started)


class _Batches:
    """Rows buffered per table and written, parents first, whenever a batch is waiting.
    Columns a row leaves out are NULL: every row of one executemany has the same keys."""

    def __init__(self, session: Session, batch_rows: int) -> None:
        self._session = session
        tables: list[Table] = [model.__table__ for model in MODELS]
        self._rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in tables}
        self._blank = {table: dict.fromkeys(table.columns.keys()) for table in tables}
        self._waiting, self._batch = 0, batch_rows
        self.counts: Counter[str] = Counter()

    def add(self, model: Any, **row: Any) -> None:
        table = model.__table__
        self._rows[table].append({**self._blank[table], **row})
        self._waiting += 1
        if self._waiting >= self._batch:
            self.flush()

    def add_entity(self, model: Any, row_id: uuid.UUID, at: datetime, **row: Any) -> None:
        self.add(model, id=row_id, created_at=at, updated_at=at, version=1, **row)

    def flush(self) -> None:
        connection = self._session.connection()
        for table, rows in self._rows.items():
            if rows:
                connection.execute(insert(table), rows)
                self.counts[table.name] += len(rows)
                rows.clear()
        self._waiting = 0


@dataclass(slots=True)
class _Member:
    id: uuid.UUID
    role: GroupRole
    user_id: uuid.UUID | None
    person_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    joined: int
    left: int | None = None

    def present_on(self, day: int) -> bool:
        return self.joined <= day and (self.left is None or self.left > day)


@dataclass(slots=True)
class _Case:
    """One case as it is being built; days are offsets from the seed day."""

    id: uuid.UUID
    number: int
    status: CaseStatus
    unit: str
    proposed: int
    activated: int | None
    ended: int | None  # closed or rejected
    officer: uuid.UUID
    coordinator: uuid.UUID | None = None
    closure: ClosureReason | None = None
    child: uuid.UUID = field(default_factory=uuid.uuid4)
    born: date = date.min
    guardians: list[uuid.UUID] = field(default_factory=list)
    members: list[_Member] = field(default_factory=list)

    @property
    def formed(self) -> int:
        """The day the group formed: at the decision, and with the others at activation."""
        return self.proposed + DECIDED_AFTER if self.activated is None else self.activated

    @property
    def end(self) -> int:
        return 0 if self.ended is None else self.ended


@dataclass(slots=True)
class _Span:
    start: int
    until: int
    withdrawn: int | None = None


@dataclass(slots=True)
class _AuditTarget:
    """What the access log needs of a case: who works on it and under which consent."""

    case_id: uuid.UUID
    staff: list[tuple[uuid.UUID, uuid.UUID, str]]  # user, organisation, role
    professionals: list[tuple[uuid.UUID, uuid.UUID]]  # user, organisation
    consent_id: uuid.UUID | None  # in force on the seed day


class _Staff:
    """Who takes the next case for one organisation and role: the demo user every
    ``share``-th time, else bulk users in turn, ``CASELOAD`` consecutive cases each."""

    def __init__(self, town: _Municipality, org: str, role: Role, label: str) -> None:
        self.town, self.org, self.role, self.label = town, org, role, label
        self.demo: str | None = None
        self.share, self.taken, self.made = 1, 0, 0

    def with_demo(self, username: str | None, share: int) -> _Staff:
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


class _Municipality:
    """The builder: one random generator drives every choice and every generated id."""

    def __init__(self, session: Session, clock: Timeline, batch_rows: int) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - synthetic data, not a secret
        self.clock, self.long_ago = clock, clock.at(-1500, 8)
        self.out = _Batches(session, batch_rows)
        numbers = session.scalars(select(Person.personal_number))
        self.taken_stems = {number[:11] for number in numbers if number}
        self.audit: list[_AuditTarget] = []
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
        self.officers: dict[str, _Staff] = {}
        self.coordinators: dict[str, _Staff] = {}
        for unit in UNITS:
            officer, coordinator = DEMO_STAFF.get(unit, (None, None))
            staff = _Staff(self, unit, Role.case_officer, f"{unit}-handl").with_demo(officer, 10)
            self.officers[unit] = staff
            staff = _Staff(self, unit, Role.coordinator, f"{unit}-samord")
            self.coordinators[unit] = staff.with_demo(coordinator, 10)
        pro = Role.professional
        self.professionals = {
            "police": _Staff(self, "police", pro, "polis").with_demo("polis", 8),
            "school1": _Staff(self, "school1", pro, "skola1").with_demo("skola", 8),
            "school2": _Staff(self, "school2", pro, "skola2"),
            "field": _Staff(self, "field", pro, "falt").with_demo("falt", 8),
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

    def _person(self, key: str, given: str, family: str, born: date) -> uuid.UUID:
        number = self._free_number(born)
        person = demo_id("scale-person", key)
        self.out.add_entity(
            Person,
            person,
            self.long_ago,
            identity_kind=IdentityKind.personnummer if number else IdentityKind.unverified,
            personal_number=number,
            given_name=given,
            family_name=family,
            birth_date=born,
            address=f"Testgatan {self.rng.randint(1, 99)}, 999 99 Exempelstad",
            area=self.rng.choice(AREAS),
            has_protected_identity=False,
        )
        return person

    def _free_number(self, born: date) -> str | None:
        for serial in TEST_SERIALS:
            stem = f"{born:%Y%m%d}{serial:03d}"
            if stem not in self.taken_stems:
                self.taken_stems.add(stem)
                return synthetic_personal_number(born, serial)
        return None

    def _family(self, case: _Case) -> None:
        """The young person (12-19 at the proposal) and, for a minor, one or two guardians."""
        rng, proposed_on = self.rng, self.clock.day(case.proposed)
        case.born = proposed_on - timedelta(days=rng.randint(12 * 365 + 3, 19 * 365 + 300))
        n = case.number
        case.child = self._person(f"{n}", "Testperson", f"{n:06d}", case.born)
        if not is_minor_on(case.born, proposed_on):
            return
        for letter in "AB"[: 2 if rng.random() < 0.7 else 1]:
            born = case.born - timedelta(days=rng.randint(22 * 365, 42 * 365))
            guardian = self._person(f"{n}{letter}", "Testförälder", f"{n:06d}{letter}", born)
            key = demo_id("scale-guardianship", f"{n}{letter}")
            self.out.add_entity(
                Guardianship, key, self.long_ago, child_id=case.child, guardian_id=guardian
            )
            case.guardians.append(guardian)

    # Cases ----------------------------------------------------------------------------------

    def _dates(self, status: CaseStatus) -> tuple[int, int | None, int | None]:
        """Proposal, activation and end (closure or rejection)."""
        rng = self.rng
        if status is S.active:
            activated = -rng.randint(1, 360)
            return activated - ACTIVATED_AFTER, activated, None
        if status is S.closed:
            activated = -rng.randint(125, 1000)
            ended = min(activated + rng.randint(120, INTERVENTION_DAYS), -1)
            return activated - ACTIVATED_AFTER, activated, ended
        if status is S.decided:
            return -rng.randint(DECIDED_AFTER + 1, ACTIVATED_AFTER - 1), None, None
        if status is S.assessing:
            return -rng.randint(1, DECIDED_AFTER - 1), None, None
        if status is S.proposed:
            return -rng.randint(0, ASSESSED_AFTER - 1), None, None
        ended = -rng.randint(1, 700)
        return ended - rng.randint(7, 28), None, ended

    def add_case(self, number: int) -> None:
        status = self.rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        unit = UNITS[(number - 1) % len(UNITS)]
        case_id = demo_id("scale-case", str(number))
        case = _Case(
            case_id, number, status, unit, *self._dates(status), self.officers[unit].next()
        )
        self._family(case)
        if status in (S.decided, S.active, S.closed):
            case.coordinator = self.coordinators[unit].next()
        if status is S.closed:
            case.closure = self.rng.choice(list(ClosureReason))
        self._add_case_row(case)
        if case.coordinator is None:
            return  # no group before the decision (DOMAIN.md)
        self._members(case)
        consent = self._consents(case)
        if case.activated is not None:
            meetings = self._meetings(case)
            self._plan(case, meetings)
            self._journal(case)
        self.audit.append(
            _AuditTarget(
                case.id,
                [
                    (case.officer, org_id(unit), "case_officer"),
                    (case.coordinator, org_id(unit), "coordinator"),
                ],
                [
                    (m.user_id, m.organization_id)
                    for m in case.members
                    if m.role in PROFESSIONAL_ROLES and m.user_id and m.organization_id
                ],
                consent if status is S.active else None,
            )
        )

    def _add_case_row(self, case: _Case) -> None:
        c, rng, status = self.clock, self.rng, case.status
        decided = case.coordinator is not None
        start = case.proposed + ACTIVATED_AFTER
        ended = c.at(case.end, 16)
        decision: dict[str, Any] = {
            "assessed_at": c.at(case.proposed + ASSESSED_AFTER, 11),
            "legal_basis": LegalBasis.sol_4_1,
            "decided_on": c.day(case.proposed + DECIDED_AFTER),
            "decided_by_id": case.officer,
            "intervention_start_on": c.day(start),
            "intervention_end_on": c.day(start + INTERVENTION_DAYS),
            "youth_goals": "Klara skolan och hitta en fritidsaktivitet.",
            "guardian_goals": "Få stöd i att sätta gränser.",
        }
        if status is S.closed:
            decision |= {"closed_at": ended, "closure_reason": case.closure}
            decision["closure_summary"] = "Insatsen avslutades."
        if status is S.rejected:
            decision = {"rejected_at": ended, "rejection_reason": "En annan insats passar bättre."}
        last = case.ended if case.ended is not None else max(case.proposed, -rng.randint(1, 30))
        self.out.add(
            Case,
            id=case.id,
            created_at=c.at(case.proposed, 9),
            updated_at=c.at(last, 17),
            version=1,
            reference=f"SIG-{c.day(case.proposed).year}-B{case.number:06d}",
            young_person_id=case.child,
            status=status,
            target_group=TargetGroup.defector if rng.random() < 0.15 else TargetGroup.at_risk,
            owning_unit_id=org_id(case.unit),
            case_officer_id=None if status is S.proposed else case.officer,
            coordinator_id=case.coordinator,
            proposed_by_id=case.officer,
            proposed_by_organization_kind=OrganizationKind.social_services,
            proposal_reason=rng.choice(REASONS),
            risk_summary=rng.choice(RISKS),
            activated_at=None if case.activated is None else c.at(case.activated, 10),
            **(decision if decided or status is S.rejected else {}),
        )

    def _members(self, case: _Case) -> None:
        """Social services, the young person and the guardians; from activation police
        (85 %), school (80 %) and a field worker (25 %; a third of them have left again)."""
        rng, unit, formed = self.rng, org_id(case.unit), case.formed
        case.members = [
            _Member(self.new_id(), G.coordinator, case.coordinator, None, unit, formed),
            _Member(self.new_id(), G.case_officer, case.officer, None, unit, formed),
            _Member(self.new_id(), G.young_person, None, case.child, None, formed),
            *(_Member(self.new_id(), G.guardian, None, g, None, formed) for g in case.guardians),
        ]
        if case.activated is not None:
            school = "school1" if case.born > self.clock.day(formed - 16 * 365) else "school2"
            for role, org, share in ((G.police, "police", 0.85), (G.school, school, 0.8)):
                if rng.random() < share:
                    staff = self.professionals[org].next()
                    case.members.append(
                        _Member(self.new_id(), role, staff, None, org_id(org), formed)
                    )
            if rng.random() < 0.25:
                staff = self.professionals["field"].next()
                worker = _Member(
                    self.new_id(), G.field_worker, staff, None, org_id("field"), formed
                )
                if case.ended is None and formed < -2 and rng.random() < 0.33:
                    worker.left = rng.randint(formed + 1, -1)
                case.members.append(worker)
        for m in case.members:
            m.left = case.ended if case.ended is not None else m.left
            joined = self.clock.at(m.joined, 13)
            self.out.add_entity(
                CaseMember,
                m.id,
                joined,
                case_id=case.id,
                kind=MemberKind.user if m.user_id else MemberKind.person,
                user_id=m.user_id,
                person_id=m.person_id,
                organization_id=m.organization_id,
                group_role=m.role,
                joined_at=joined,
                left_at=None if m.left is None else self.clock.at(m.left, 17),
                left_reason=None if m.left is None else "Lämnade gruppen.",
            )

    # Consents -------------------------------------------------------------------------------

    def _consent_spans(self, case: _Case) -> list[_Span]:
        """One from the group's start, renewed while the case is active; about 6 % of the
        active cases have had theirs withdrawn and 5 % have let it run out."""
        rng = self.rng
        start = case.formed - rng.randint(0, 7)
        first = _Span(start, start + CONSENT_DAYS)
        if case.status is S.decided:
            return [first] if rng.random() < 0.6 else []
        if case.status is S.closed:
            if case.closure is ClosureReason.consent_withdrawn:
                first.withdrawn = max(start + 1, case.end - rng.randint(0, 5))
            return [first]
        draw = rng.random()
        if draw < 0.06 and start < -1:
            first.withdrawn = rng.randint(start + 1, -1)
        elif draw < 0.11 and start < -31:
            first.until = max(start + 30, -rng.randint(1, 60))
        spans = [first]
        while spans[-1].until < 0 and draw >= 0.11:
            renewed = spans[-1].until - 14
            spans.append(_Span(renewed, renewed + CONSENT_DAYS))
        return spans

    def _consents(self, case: _Case) -> uuid.UUID | None:
        """The case's consents; returns the one in force on the seed day, if any."""
        teen_school = "school1" if case.born > self.clock.day(-16 * 365) else "school2"
        orgs: set[uuid.UUID | None] = {org_id("police"), org_id(teen_school)}
        orgs |= {m.organization_id for m in case.members if m.role in PROFESSIONAL_ROLES}
        categories = {"police", "school", "social_services"}
        if self.rng.random() < 0.5:
            categories.add("leisure")
        if any(m.role is G.field_worker for m in case.members):
            categories.add("employment")
        in_force = None
        for span in self._consent_spans(case):
            consent = self.new_id()
            self._consent_row(case, consent, span)
            signed_on = self.clock.day(span.start)
            grantors = [(case.child, GrantorRelation.young_person)]
            if is_minor_on(case.born, signed_on):
                grantors += [(g, GrantorRelation.guardian) for g in case.guardians]
            for person, relation in grantors:
                self.out.add(
                    ConsentGrantor,
                    consent_id=consent,
                    person_id=person,
                    relation=relation,
                    signed_on=signed_on,
                )
            for org in sorted(o for o in orgs if o is not None):
                self.out.add(ConsentOrganization, consent_id=consent, organization_id=org)
            for code in sorted(categories):
                self.out.add(ConsentCategory, consent_id=consent, category_code=code)
            if span.withdrawn is None and span.start <= 0 <= span.until:
                in_force = consent
        return in_force

    def _consent_row(self, case: _Case, consent: uuid.UUID, span: _Span) -> None:
        c = self.clock
        withdrawal: dict[str, Any] = {}
        if span.withdrawn is not None:
            withdrawal = {
                "withdrawn_at": c.at(span.withdrawn, 11),
                "withdrawn_by_person_id": case.child,
                "withdrawal_recorded_by_id": case.officer,
                "withdrawal_reason": "Ungdomen vill inte längre att uppgifter lämnas.",
            }
        self.out.add_entity(
            Consent,
            consent,
            c.at(span.start, 12),
            case_id=case.id,
            valid_from=c.day(span.start),
            valid_until=c.day(span.until),
            collected_by_id=case.coordinator,
            collected_by_organization_id=org_id(case.unit),
            document_reference="Samtyckesblankett, akt i socialtjänstens journal",
            **withdrawal,
        )

    # Meetings, plan and journal -------------------------------------------------------------

    def _meetings(self, case: _Case) -> list[tuple[uuid.UUID, int]]:
        """Intake at activation, a network meeting every four weeks until the end, and for
        85 % of the active groups the next one booked (the others show as overdue). Returns
        the network meetings held."""
        rng, activated = self.rng, case.activated or 0
        plan = [(activated, MeetingKind.intake, M.held)]
        day = activated + MEETING_EVERY
        while day < case.end:
            plan.append((day, MeetingKind.network, M.cancelled if rng.random() < 0.04 else M.held))
            day += MEETING_EVERY
        if case.status is S.active and rng.random() < 0.85:
            plan.append((max(day, 1), MeetingKind.network, M.scheduled))
        held = []
        for day, kind, status in plan:
            meeting, hour, made = (
                self.new_id(),
                rng.randint(9, 15),
                self.clock.at(min(day, 0) - 7, 10),
            )
            minutes = "Uppföljning av planen." if status is M.held else None
            self.out.add_entity(
                Meeting,
                meeting,
                made,
                case_id=case.id,
                kind=kind,
                starts_at=self.clock.at(day, hour),
                ends_at=self.clock.at(day, hour + 1, 30),
                location="Socialtjänsten, mötesrum Eken",
                status=status,
                minutes="Inskrivning och mål." if kind is MeetingKind.intake else minutes,
                sequence=0,
            )
            for m in (m for m in case.members if m.present_on(day)):
                state = AttendanceStatus.invited
                if status is M.held:
                    absent = rng.random() < 0.1
                    state = AttendanceStatus.absent if absent else AttendanceStatus.attended
                row = {"meeting_id": meeting, "member_id": m.id, "status": state}
                self.out.add_entity(MeetingAttendance, self.new_id(), made, **row)
            if kind is MeetingKind.network and status is M.held:
                held.append((meeting, day))
        return held

    def _plan(self, case: _Case, held: list[tuple[uuid.UUID, int]]) -> None:
        """Version 1 published at the first network meeting, and the draft (the living
        plan) continuing its open items; a group not yet at that meeting has a draft only."""
        closed = case.status is S.closed
        current = [m for m in case.members if m.left is None or closed]
        owners = [
            (next(m for m in current if m.role is role), (category, text_, plain))
            for role, category, text_, plain in ITEMS
            if any(m.role is role for m in current)
        ]
        open_items: list[tuple[_Member, tuple[str, str, str], uuid.UUID | None, Any]] = []
        day = held[0][1] if held else min(case.end, -1)
        if held:
            version = self._version(case, day, held[0][0])
            for position, (member, spec) in enumerate(owners, start=1):
                status = self.rng.choice(list(PlanItemStatus))
                due = day + self.rng.randint(14, 120)
                item = self._item(
                    case, (version, position, day), member, spec, due=due, status=status
                )
                if status is not PlanItemStatus.done:
                    open_items.append((member, spec, item, status))
        else:
            open_items = [(m, spec, None, PlanItemStatus.planned) for m, spec in owners]
        draft = self._version(case, day, None)
        for position, (member, spec, source, status) in enumerate(open_items, start=1):
            due = case.end if closed else self.rng.randint(-20, 90)
            place = (draft, position, day)
            self._item(case, place, member, spec, due=due, status=status, carried_from=source)

    def _version(self, case: _Case, day: int, meeting: uuid.UUID | None) -> uuid.UUID:
        """Published when decided at a meeting, else the draft (made a minute after)."""
        version, published = self.new_id(), meeting is not None
        at = self.clock.at(day, 16, 0 if published else 1)
        self.out.add_entity(
            ActionPlanVersion,
            version,
            at,
            case_id=case.id,
            number=1 if published else None,
            status=PlanStatus.published if published else PlanStatus.draft,
            published_at=at if published else None,
            published_by_id=case.coordinator if published else None,
            meeting_id=meeting,
        )
        return version

    def _item(
        self,
        case: _Case,
        place: tuple[uuid.UUID, int, int],  # version, position, day made
        member: _Member,
        spec: tuple[str, str, str],
        *,
        due: int,
        status: PlanItemStatus,
        carried_from: uuid.UUID | None = None,
    ) -> uuid.UUID:
        (version, position, day), (category, text_, plain) = place, spec
        item = self.new_id()
        self.out.add_entity(
            ActionPlanItem,
            item,
            self.clock.at(day, 16, 2),
            plan_version_id=version,
            case_id=case.id,
            position=position,
            text=text_,
            plain_text=plain,
            responsible_member_id=member.id,
            due_on=self.clock.day(due),
            status=status,
            category_code=category,
            completion_evidence="Följs upp på nätverksmötet.",
            fallback_action=FALLBACK,
            carried_from_id=carried_from,
        )
        return item

    def _journal(self, case: _Case) -> None:
        """Two to seven entries, each by a member whose agency shares that category."""
        rng, activated = self.rng, case.activated or 0
        authors = {m.role: m for m in case.members if m.user_id and m.organization_id}
        for _ in range(rng.randint(2, 7)):
            kind, category, role, body = rng.choice(JOURNAL)
            author = authors.get(role)
            if author is None:
                continue
            day = rng.randint(activated, min(case.end, -1))
            at = self.clock.at(day, rng.randint(8, 16), rng.randint(0, 59))
            self.out.add_entity(
                JournalEntry,
                self.new_id(),
                at,
                case_id=case.id,
                author_id=author.user_id,
                author_organization_id=author.organization_id,
                category_code=category,
                kind=kind,
                occurred_at=at,
                body=body,
            )


# The access log ------------------------------------------------------------------------------


def _append_access_log(session: Session, town: _Municipality, events: int, batch: int) -> None:
    """Append ``events`` after the chain's head, hashed here in order under the lock the app
    takes (api/audit/recorder.py), so that ``samverka audit-verify`` passes."""
    if events <= 0 or not town.audit:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    head = connection.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    rows: list[dict[str, Any]] = []
    for values in _events(town, events):
        seq += 1
        row = {**values, "seq": seq, "prev_hash": prev_hash}
        row["hash"] = prev_hash = compute_hash(prev_hash, row)
        rows.append(row)
        if len(rows) >= batch:
            connection.execute(insert(AuditEvent), rows)
            rows = []
    if rows:
        connection.execute(insert(AuditEvent), rows)


def _events(town: _Municipality, count: int) -> Iterator[dict[str, Any]]:
    """Reads and writes over the past year, oldest first: 60 % by the case's social services
    staff, the rest by its professionals, allowed only under a consent in force (else logged
    as denied). Times are spread evenly; they are not matched to each case's own history."""
    rng, clock = town.rng, town.clock
    start, end = clock.at(-365, 7), clock.at(-1, 20)
    step = (end - start) / count
    for k in range(count):
        target = rng.choice(town.audit)
        if target.professionals and rng.random() < 0.4:
            user, org = rng.choice(target.professionals)
            role, action = "professional", rng.choice(PROFESSIONAL_ACTIONS)
            allowed = target.consent_id is not None
            basis, consent = ("consent", target.consent_id) if allowed else (None, None)
        else:
            user, org, role = rng.choice(target.staff)
            action, allowed = rng.choice(STAFF_ACTIONS), True
            basis, consent = "social_services_unit", None
        yield {
            "id": town.new_id(),
            "occurred_at": start + step * k,
            "actor_user_id": user,
            "actor_client_id": None,
            "actor_organization_id": org,
            "actor_roles": [role],
            "action": action,
            "resource_type": "case",
            "resource_id": target.case_id,
            "case_id": target.case_id,
            "outcome": AuditOutcome.allowed if allowed else AuditOutcome.denied,
            "legal_basis": basis,
            "consent_id": consent,
            "request_id": f"{rng.getrandbits(128):032x}",
            "client_address": f"10.20.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "channel": rng.choice(("web", "web", "mobile", "api")),
        }

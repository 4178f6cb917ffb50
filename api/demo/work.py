"""Demo risk assessments, network meetings with attendance, and journal entries.

Case 1 has the fullest history. Case 2's last network meeting was 35 days ago with none booked,
so it shows the four-week flag (DOMAIN.md "Active work"). Journal entries carry the category a
reader's consent must cover: a police report is ``police``, a BUP note ``health``, school
attendance ``school``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from api.assessments.instruments import complete_ratings
from api.demo.base import Timeline, demo_id
from api.demo.cases import MemberSpec, case_id, member_id, resolved_members
from api.demo.directory import user_id, user_org_id
from api.demo.scenario import CASES, EXTRA_MEMBERS
from api.models import Assessment, AssessmentRating, JournalEntry, Meeting, MeetingAttendance
from api.models.enums import (
    AttendanceStatus,
    Instrument,
    JournalKind,
    MeetingKind,
    MeetingStatus,
    RiskLevel,
)

Held, Scheduled, Cancelled = MeetingStatus.held, MeetingStatus.scheduled, MeetingStatus.cancelled
Network, Intake = MeetingKind.network, MeetingKind.intake


@dataclass(frozen=True, slots=True)
class AssessmentSpec:
    key: str
    case: int
    day: int
    assessor: str
    overall: RiskLevel
    summary: str
    high: frozenset[str] = field(default_factory=frozenset)
    moderate: frozenset[str] = field(default_factory=frozenset)
    present: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class MeetingSpec:
    key: str
    case: int
    kind: MeetingKind
    day: int
    status: MeetingStatus = Held
    minutes: str | None = None
    absent: tuple[str, ...] = ()  # member keys


@dataclass(frozen=True, slots=True)
class JournalSpec:
    key: str
    case: int
    author: str
    kind: JournalKind
    category: str
    day: int
    body: str


ASSESSMENTS = (
    AssessmentSpec(
        "a01-1",
        1,
        -146,
        "handlaggare",
        RiskLevel.high,
        "Hög risk: kamrater som begår brott, svag tillsyn och lågt intresse för skolan. "
        "Skyddande: nära relation till mamman.",
        high=frozenset({"H2", "H10", "S1", "S4", "I2", "I8"}),
        moderate=frozenset({"H1", "H3", "S3", "S6", "I1", "I3", "I6", "I7"}),
        present=frozenset({"P3"}),
    ),
    AssessmentSpec(
        "a01-2",
        1,
        -20,
        "handlaggare",
        RiskLevel.moderate,
        "Risken har minskat till måttlig: bättre närvaro, ny fritidsaktivitet och en positiv "
        "inställning till insatserna.",
        high=frozenset({"H2", "H10", "S1"}),
        moderate=frozenset({"H1", "H3", "S4", "S6", "I2", "I6", "I8"}),
        present=frozenset({"P1", "P3", "P4"}),
    ),
    AssessmentSpec(
        "a10-1",
        10,
        -5,
        "handlaggare2",
        RiskLevel.moderate,
        "Måttlig risk: misstanke om rån och låg närvaro, men stöd från familjen.",
        high=frozenset({"I8"}),
        moderate=frozenset({"H1", "H2", "H10", "S1", "S3", "I2", "I4"}),
        present=frozenset({"P2", "P3"}),
    ),
)

MEETINGS = (
    MeetingSpec(
        "m01-intake",
        1,
        Intake,
        -124,
        minutes="Inskrivning: ungdomens och "
        "vårdnadshavarnas mål skrevs ner. Gruppen sattes samman.",
    ),
    MeetingSpec(
        "m01-n1",
        1,
        Network,
        -90,
        minutes="Första nätverksmötet. Planen togs fram tillsammans och skickas ut av samordnaren.",
        absent=("g01b",),
    ),
    MeetingSpec(
        "m01-n2",
        1,
        Network,
        -62,
        minutes="Närvaron i skolan har ökat. Tränaren berättade att träningen går bra.",
    ),
    MeetingSpec(
        "m01-n3",
        1,
        Network,
        -34,
        minutes="Ny misstanke om brott togs upp. Extra avstämning med polisen om mentorssamtalen.",
        absent=("bup",),
    ),
    MeetingSpec(
        "m01-n4",
        1,
        Network,
        -6,
        minutes="Planen följdes upp punkt för punkt; ett utkast till reviderad plan togs fram.",
    ),
    MeetingSpec("m01-n5", 1, Network, 22, Scheduled),
    MeetingSpec("m02-intake", 2, Intake, -84, minutes="Inskrivning och mål."),
    MeetingSpec("m02-n1", 2, Network, -63, minutes="Planen togs fram."),
    MeetingSpec(
        "m02-n2",
        2,
        Network,
        -35,
        minutes="Ungdomen kom inte; nästa möte bokas när kontakten är återupprättad.",
        absent=("yp02",),
    ),
    MeetingSpec("m06-intake", 6, Intake, -184, minutes="Inskrivning och mål."),
    MeetingSpec("m06-n1", 6, Network, -150, minutes="Planen togs fram."),
    MeetingSpec("m06-n2", 6, Network, -120, minutes="Uppföljning av planen."),
    MeetingSpec("m06-n3", 6, Network, -90, minutes="Uppföljning av planen."),
    MeetingSpec("m06-n4", 6, Network, -62, Cancelled),
    MeetingSpec("m08-intake", 8, Intake, -54, minutes="Inskrivning; hotbilden gicks igenom."),
    MeetingSpec("m08-n1", 8, Network, -34, minutes="Planen togs fram."),
    MeetingSpec("m08-n2", 8, Network, -12, minutes="Praktikplatsen är klar; boendet ordnas."),
    MeetingSpec("m08-n3", 8, Network, 14, Scheduled),
    MeetingSpec("m12-n1", 12, Network, -31, minutes="Avslutande möte: målen är uppnådda."),
)

JOURNAL = (
    JournalSpec(
        "j01-intake",
        1,
        "samordnare",
        JournalKind.note,
        "social_services",
        -124,
        "Inskrivningssamtal med ungdomen och vårdnadshavarna. Ungdomen vill klara "
        "skolan och börja träna igen; föräldrarna vill ha stöd i att sätta gränser.",
    ),
    JournalSpec(
        "j01-police",
        1,
        "polis",
        JournalKind.police_report,
        "police",
        -50,
        "Misstänkt för ringa narkotikabrott efter en kontroll i centrum. Anmälan är "
        "upprättad; förhör är inte hållet.",
    ),
    JournalSpec(
        "j01-bup",
        1,
        "bup",
        JournalKind.note,
        "health",
        -40,
        "Bedömningssamtal genomfört. Samtal varannan vecka erbjuds; utredning av "
        "koncentrationssvårigheter påbörjas.",
    ),
    JournalSpec(
        "j01-leisure",
        1,
        "samordnare",
        JournalKind.note,
        "leisure",
        -30,
        "Ungdomen tränar nu två kvällar i veckan med Exempelstads BK.",
    ),
    JournalSpec(
        "j01-school",
        1,
        "skola",
        JournalKind.school_attendance,
        "school",
        -14,
        "Närvaro de senaste fyra veckorna: 78 procent. Den ogiltiga frånvaron gäller "
        "främst måndagar.",
    ),
    JournalSpec(
        "j02-police",
        2,
        "polis",
        JournalKind.police_report,
        "police",
        -40,
        "Misstänkt för häleri av mobiltelefoner. Förundersökning pågår.",
    ),
    JournalSpec(
        "j02-work",
        2,
        "falt",
        JournalKind.note,
        "employment",
        -20,
        "Praktikplats via fältgruppen två dagar i veckan är ordnad.",
    ),
    JournalSpec(
        "j04-concern",
        4,
        "skola",
        JournalKind.concern_report,
        "social_services",
        -22,
        "Orosanmälan: hög frånvaro, eleven berättar om sena kvällar med äldre kompisar.",
    ),
    JournalSpec(
        "j06-withdrawn",
        6,
        "handlaggare",
        JournalKind.note,
        "social_services",
        -60,
        "Vårdnadshavaren har återkallat samtycket. Polisen och skolan är informerade "
        "om att inga uppgifter längre lämnas till dem.",
    ),
    JournalSpec(
        "j08-threat",
        8,
        "polis",
        JournalKind.note,
        "police",
        -50,
        "Hotbildsbedömning gjord: hotbilden bedöms som låg.",
    ),
    JournalSpec(
        "j08-work",
        8,
        "falt",
        JournalKind.note,
        "employment",
        -10,
        "Praktikplats på ett lager är ordnad från nästa månad.",
    ),
    JournalSpec(
        "j10-concern",
        10,
        "skola",
        JournalKind.concern_report,
        "social_services",
        -27,
        "Orosanmälan från skolan efter att eleven berättat om hot från äldre ungdomar.",
    ),
)


def add_assessments(session: Session, clock: Timeline) -> None:
    for spec in ASSESSMENTS:
        assessment = Assessment(
            id=demo_id("assessment", spec.key),
            case_id=case_id(spec.case),
            instrument=Instrument.savry,
            category_code="social_services",
            assessed_at=clock.at(spec.day, 10),
            assessed_by_id=user_id(spec.assessor),
            overall_risk=spec.overall,
            summary=spec.summary,
        )
        session.add(assessment)
        session.flush()
        ratings = complete_ratings(spec.high, spec.moderate, spec.present)
        session.add_all(
            AssessmentRating(assessment_id=assessment.id, item_code=code, rating=rating)
            for code, rating in ratings.items()
        )


def add_meetings(session: Session, clock: Timeline) -> None:
    for spec in MEETINGS:
        meeting = Meeting(
            id=demo_id("meeting", spec.key),
            case_id=case_id(spec.case),
            kind=spec.kind,
            starts_at=clock.at(spec.day, 14),
            ends_at=clock.at(spec.day, 15, 30),
            location="Socialtjänsten, mötesrum Eken",
            status=spec.status,
            minutes=spec.minutes,
        )
        session.add(meeting)
        session.flush()
        session.add_all(
            MeetingAttendance(
                id=demo_id("attendance", spec.key, member.key),
                meeting_id=meeting.id,
                member_id=member_id(spec.case, member.key),
                status=_attendance(spec, member),
            )
            for member in _members_on(spec.case, spec.day)
        )


def _members_on(number: int, day: int) -> list[MemberSpec]:
    spec = next(c for c in CASES if c.number == number)
    return [
        m
        for m in resolved_members(spec, EXTRA_MEMBERS.get(number, []))
        if (m.joined_day or 0) <= day and (m.left_day is None or m.left_day > day)
    ]


def _attendance(spec: MeetingSpec, member: MemberSpec) -> AttendanceStatus:
    if spec.status is not Held:
        return AttendanceStatus.invited
    return AttendanceStatus.absent if member.key in spec.absent else AttendanceStatus.attended


def add_journal(session: Session, clock: Timeline) -> None:
    session.add_all(
        JournalEntry(
            id=demo_id("journal", spec.key),
            case_id=case_id(spec.case),
            author_id=user_id(spec.author),
            author_organization_id=user_org_id(spec.author),
            category_code=spec.category,
            kind=spec.kind,
            occurred_at=clock.at(spec.day, 11),
            body=spec.body,
        )
        for spec in JOURNAL
    )

"""Demo action plans: a published version 1 per active case, and for case 1 a draft revision.

Each item says what is done, by whom, by when, how completion shows and what to do when it
cannot be done, in words the young person and the parents understand (DOMAIN.md "The action
plan"). The draft continues version 1's items (``carried_from``) so versions can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.demo.base import Timeline, demo_id
from api.demo.cases import UNIT_STAFF, case_id, member_id
from api.demo.scenario import CASES
from api.models import ActionPlanItem, ActionPlanVersion
from api.models.enums import PlanItemStatus, PlanStatus

FALLBACK = "Kontakta samordnaren så fort du vet att det inte går."
P = PlanItemStatus


@dataclass(frozen=True, slots=True)
class ItemSpec:
    key: str
    responsible: str  # a member key of the case
    category: str
    text: str
    plain_text: str
    due_day: int | None
    evidence: str
    status: PlanItemStatus = P.planned
    carried_from: str | None = None  # key of the item in version 1


@dataclass(frozen=True, slots=True)
class PlanSpec:
    case: int
    meeting: str  # the meeting where version 1 was decided
    published_day: int
    items: tuple[ItemSpec, ...]
    draft: tuple[ItemSpec, ...] = ()


CASE1_V1 = (
    ItemSpec(
        "school",
        "yp01",
        "school",
        "Delta i undervisningen enligt det anpassade schemat, minst 80 procents närvaro.",
        "Du går till skolan enligt ditt schema. Målet är att du är där minst fyra dagar av fem.",
        60,
        "Närvarorapport från skolan varje månad.",
        P.in_progress,
    ),
    ItemSpec(
        "study-plan",
        "skola",
        "school",
        "Upprätta en individuell studieplan och erbjuda plats i studiestudion.",
        "Skolan gör en plan för dina studier tillsammans med dig.",
        -60,
        "Studieplanen är undertecknad av eleven och mentorn.",
        P.in_progress,
    ),
    ItemSpec(
        "mentor",
        "polis",
        "police",
        "Mentorssamtal varannan vecka; återkoppla till gruppen vid misstanke om nya brott.",
        "Polisen träffar dig varannan vecka och pratar om hur det går.",
        120,
        "Samordnaren för anteckning om träffarna.",
        P.in_progress,
    ),
    ItemSpec(
        "training",
        "coach",
        "leisure",
        "Erbjuda träning två kvällar i veckan i Exempelstads BK.",
        "Du tränar fotboll två kvällar i veckan.",
        None,
        "Tränaren berättar på nätverksmötet hur det går.",
        P.in_progress,
    ),
    ItemSpec(
        "parenting",
        "g01a",
        "social_services",
        "Delta i familjebehandlingens föräldrastöd varannan vecka.",
        "Ni föräldrar träffar familjebehandlaren varannan vecka.",
        90,
        "Familjebehandlaren bekräftar närvaron.",
    ),
    ItemSpec(
        "meetings",
        "samordnare",
        "social_services",
        "Sammankalla nätverksmöte minst var fjärde vecka och skicka ut den reviderade planen.",
        "Samordnaren bjuder in till möte minst en gång i månaden och skickar planen till alla.",
        None,
        "Kallelser och protokoll finns i ärendet.",
        P.in_progress,
    ),
)

CASE1_DRAFT = (
    *(
        ItemSpec(
            item.key,
            item.responsible,
            item.category,
            item.text,
            item.plain_text,
            item.due_day,
            item.evidence,
            item.status,
            carried_from=item.key,
        )
        for item in CASE1_V1
        if item.key != "study-plan"
    ),
    ItemSpec(
        "study-plan",
        "skola",
        "school",
        "Följa upp studieplanen och erbjuda läxhjälp två eftermiddagar i veckan.",
        "Skolan hjälper dig med läxorna två eftermiddagar i veckan.",
        45,
        "Skolan redovisar på nätverksmötet.",
        carried_from="study-plan",
    ),
    ItemSpec(
        "bup",
        "bup",
        "health",
        "Slutföra utredningen av koncentrationssvårigheter och återkoppla till familjen.",
        "BUP gör klart sin utredning och berättar för dig och dina föräldrar vad de kommit fram "
        "till.",
        75,
        "BUP har haft återföringssamtal med familjen.",
    ),
)

PLANS = (
    PlanSpec(1, "m01-n1", -90, CASE1_V1, CASE1_DRAFT),
    PlanSpec(
        2,
        "m02-n1",
        -63,
        (
            ItemSpec(
                "practice",
                "falt",
                "employment",
                "Ordna en praktikplats två dagar i veckan.",
                "Fältgruppen hjälper dig att hitta en praktikplats.",
                -30,
                "Praktikavtalet är påskrivet.",
                P.done,
            ),
            ItemSpec(
                "studies",
                "yp02",
                "school",
                "Söka till ett introduktionsprogram inför nästa termin.",
                "Du söker till en utbildning som passar dig.",
                30,
                "Ansökan är skickad.",
            ),
            ItemSpec(
                "mentor",
                "polis",
                "police",
                "Samtal om konsekvenser av fortsatt kontakt med nätverket.",
                "Polisen pratar med dig om vad som händer om du fortsätter träffa gänget.",
                14,
                "Samordnaren för anteckning om samtalen.",
                P.in_progress,
            ),
        ),
    ),
    PlanSpec(
        8,
        "m08-n1",
        -34,
        (
            ItemSpec(
                "work",
                "yp08",
                "employment",
                "Påbörja praktik på lager och delta minst fyra dagar i veckan.",
                "Du är på praktiken fyra dagar i veckan.",
                60,
                "Handledaren rapporterar närvaron.",
                P.in_progress,
            ),
            ItemSpec(
                "housing",
                "handlaggare2",
                "social_services",
                "Utreda behovet av boende i en annan kommundel.",
                "Socialtjänsten hjälper dig att hitta ett nytt boende.",
                30,
                "Beslut om boende är fattat.",
                P.in_progress,
            ),
            ItemSpec(
                "threat",
                "polis",
                "police",
                "Följa upp hotbilden varannan vecka och återkoppla till gruppen.",
                "Polisen håller koll på om någon hotar dig och berättar för gruppen.",
                None,
                "Polisen återkopplar på varje nätverksmöte.",
            ),
            ItemSpec(
                "mentor",
                "mentor",
                "leisure",
                "Träffa mentorn från Föreningen Nytt Steg varje vecka.",
                "Du träffar din mentor en gång i veckan.",
                None,
                "Mentorn berättar på nätverksmötet hur det går.",
                P.in_progress,
            ),
        ),
    ),
)


def add_plans(session: Session, clock: Timeline) -> None:
    for spec in PLANS:
        coordinator = UNIT_STAFF[next(c.unit for c in CASES if c.number == spec.case)][1]
        published = ActionPlanVersion(
            id=demo_id("plan", str(spec.case), "1"),
            case_id=case_id(spec.case),
            number=1,
            status=PlanStatus.published,
            published_at=clock.at(spec.published_day, 16),
            published_by_id=demo_id("user", coordinator),
            meeting_id=demo_id("meeting", spec.meeting),
        )
        session.add(published)
        if spec.draft:
            session.add(
                ActionPlanVersion(
                    id=demo_id("plan", str(spec.case), "draft"),
                    case_id=case_id(spec.case),
                    number=None,
                    status=PlanStatus.draft,
                )
            )
        session.flush()
        _add_items(session, spec, "1", spec.items, clock)
        _add_items(session, spec, "draft", spec.draft, clock)


def _add_items(
    session: Session, spec: PlanSpec, version: str, items: tuple[ItemSpec, ...], clock: Timeline
) -> None:
    for position, item in enumerate(items, start=1):
        carried = item.carried_from
        session.add(
            ActionPlanItem(
                id=demo_id("plan-item", str(spec.case), version, item.key),
                plan_version_id=demo_id("plan", str(spec.case), version),
                case_id=case_id(spec.case),
                position=position,
                text=item.text,
                plain_text=item.plain_text,
                responsible_member_id=member_id(spec.case, item.responsible),
                due_on=None if item.due_day is None else clock.day(item.due_day),
                status=item.status,
                category_code=item.category,
                completion_evidence=item.evidence,
                fallback_action=FALLBACK,
                carried_from_id=(
                    None if carried is None else demo_id("plan-item", str(spec.case), "1", carried)
                ),
            )
        )

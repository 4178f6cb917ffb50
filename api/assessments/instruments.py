"""The SAVRY item catalogue (Structured Assessment of Violence Risk in Youth).

24 risk items in three groups, rated low/moderate/high, and 6 protective factors rated
present/absent, summarised as a professional judgement of low/moderate/high risk (DOMAIN.md,
"Assessment"). Only codes and short names are kept here; the manual's rating guidance is not.
This is the canonical catalogue: validation, comparison and the demo data all use it.

ESTER is not catalogued: its items are licensed material not held here, so an ESTER
assessment is refused with a clear message rather than stored unchecked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class SavryGroup(StrEnum):
    historical = "historical"
    social = "social"  # social/contextual
    individual = "individual"  # individual/clinical
    protective = "protective"


RISK_RATINGS = ("low", "moderate", "high")
PROTECTIVE_RATINGS = ("present", "absent")


@dataclass(frozen=True, slots=True)
class SavryItem:
    code: str
    group: SavryGroup
    name_sv: str
    name_en: str

    @property
    def allowed_ratings(self) -> tuple[str, ...]:
        return PROTECTIVE_RATINGS if self.group is SavryGroup.protective else RISK_RATINGS


def _items(group: SavryGroup, prefix: str, names: list[tuple[str, str]]) -> list[SavryItem]:
    return [SavryItem(f"{prefix}{n}", group, sv, en) for n, (sv, en) in enumerate(names, start=1)]


CATALOGUE: tuple[SavryItem, ...] = (
    *_items(
        SavryGroup.historical,
        "H",
        [
            ("Tidigare våld", "History of violence"),
            ("Tidigare brott utan våld", "History of non-violent offending"),
            ("Tidig debut av våld", "Early initiation of violence"),
            ("Tidigare insatser som inte fungerat", "Past supervision/intervention failures"),
            ("Självskada eller självmordsförsök", "History of self-harm or suicide attempts"),
            ("Våld i hemmet", "Exposure to violence in the home"),
            ("Utsatt för övergrepp eller försummelse", "Childhood history of maltreatment"),
            ("Kriminalitet hos förälder", "Parental/caregiver criminality"),
            ("Tidiga avbrott i omsorgen", "Early caregiver disruption"),
            ("Svaga skolresultat", "Poor school achievement"),
        ],
    ),
    *_items(
        SavryGroup.social,
        "S",
        [
            ("Kamrater som begår brott", "Peer delinquency"),
            ("Avvisad av jämnåriga", "Peer rejection"),
            ("Stress och svårt att hantera den", "Stress and poor coping"),
            ("Bristande tillsyn och gränssättning", "Poor parental management"),
            ("Brist på stöd från vuxna", "Lack of personal/social support"),
            ("Utsatt närmiljö", "Community disorganization"),
        ],
    ),
    *_items(
        SavryGroup.individual,
        "I",
        [
            ("Negativa attityder", "Negative attitudes"),
            ("Risktagande och impulsivitet", "Risk taking/impulsivity"),
            ("Problem med alkohol eller droger", "Substance-use difficulties"),
            ("Svårt att hantera ilska", "Anger management problems"),
            ("Låg empati eller ånger", "Low empathy/remorse"),
            ("Uppmärksamhetssvårigheter och överaktivitet", "Attention deficit/hyperactivity"),
            ("Låg följsamhet", "Poor compliance"),
            ("Lågt intresse för skolan", "Low interest/commitment to school"),
        ],
    ),
    *_items(
        SavryGroup.protective,
        "P",
        [
            ("Prosocialt engagemang", "Prosocial involvement"),
            ("Starkt socialt stöd", "Strong social support"),
            ("Stark anknytning till en vuxen", "Strong attachments and bonds"),
            ("Positiv inställning till insatser", "Positive attitude towards intervention"),
            ("Starkt engagemang i skolan", "Strong commitment to school"),
            ("Motståndskraftiga personlighetsdrag", "Resilient personality traits"),
        ],
    ),
)
ITEMS_BY_CODE: Mapping[str, SavryItem] = {item.code: item for item in CATALOGUE}


def complete_ratings(
    high: frozenset[str] = frozenset(),
    moderate: frozenset[str] = frozenset(),
    present: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """A full set of ratings: the named items as given, other risk items low and other
    protective factors absent. Unknown codes are refused so a typo cannot pass silently."""
    unknown = (high | moderate | present) - ITEMS_BY_CODE.keys()
    if unknown:
        raise ValueError(f"not SAVRY items: {', '.join(sorted(unknown))}")
    ratings = {}
    for item in CATALOGUE:
        if item.group is SavryGroup.protective:
            ratings[item.code] = "present" if item.code in present else "absent"
        elif item.code in high:
            ratings[item.code] = "high"
        else:
            ratings[item.code] = "moderate" if item.code in moderate else "low"
    return ratings


_RISK_RANK = {rating: rank for rank, rating in enumerate(RISK_RATINGS)}


def change(item: SavryItem, before: str, after: str) -> str:
    """``better``, ``worse`` or ``same`` between two ratings of one item, so repeated
    assessments can be read as a measure of change (DOMAIN.md, "Assessment"): a risk item
    rated higher, or a protective factor lost, is worse."""
    if before == after:
        return "same"
    if item.group is SavryGroup.protective:
        return "better" if after == "present" else "worse"
    return "worse" if _RISK_RANK[after] > _RISK_RANK[before] else "better"

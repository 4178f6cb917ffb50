"""The demo's story: thirteen made-up cases, every status in both units.

Unit 1 (Norr): two active cases (one whose network meetings have lapsed, so it is flagged),
and one each decided, assessing, proposed, closed (consent withdrawn) and rejected.
Unit 2 (Söder): one of each status; its active case is an adult leaving a criminal network.
Risk summaries are de-identified (DOMAIN.md "Proposal"): age, area and risk picture only.
"""

from __future__ import annotations

from api.demo.cases import CaseSpec, MemberSpec, professional
from api.models.enums import CaseStatus, ClosureReason, GroupRole, LegalBasis, MemberKind
from api.models.enums import TargetGroup as Tg

S = CaseStatus

CASES = (
    CaseSpec(
        number=1,
        unit="unit1",
        person="yp01",
        status=S.active,
        proposed_day=-160,
        proposer="polis",
        proposal_reason=(
            "Upprepade misstankar om stöld och narkotikabrott; rör sig i en grupp äldre ungdomar "
            "i centrum på kvällarna."
        ),
        risk_summary=(
            "Pojke 15 år, Norrby. Flera misstankar om brott det senaste halvåret, hög frånvaro i "
            "skolan, umgås med äldre som är kriminellt aktiva."
        ),
        youth_goals="Jag vill klara nian med godkända betyg och börja spela fotboll igen.",
        guardian_goals="Att vi får hjälp att sätta gränser och att vår son är hemma på kvällarna.",
    ),
    CaseSpec(
        number=2,
        unit="unit1",
        person="yp02",
        status=S.active,
        proposed_day=-120,
        proposer="handlaggare",
        proposal_reason=(
            "Utredningen visar risk för en kriminell utveckling; ungdomen vill själv ha stöd."
        ),
        risk_summary=(
            "Flicka 17 år, Centrum. Misstänkt för häleri, relation till en person i ett kriminellt "
            "nätverk, har avbrutit gymnasiet."
        ),
        youth_goals="Jag vill börja plugga igen och ha ett sommarjobb.",
        guardian_goals="Att hon får en trygg vardag och inte dras in i brott.",
    ),
    CaseSpec(
        number=3,
        unit="unit1",
        person="yp03",
        status=S.decided,
        proposed_day=-32,
        proposer="skola",
        proposal_reason="Hög frånvaro och hot mot en lärare; skolan har gjort en orosanmälan.",
        risk_summary=(
            "Pojke 16 år, Ekbacken. Hot och våld i skolan, frånvaro över hälften av lektionerna."
        ),
        youth_goals="Jag vill byta till en mindre klass och få hjälp med matten.",
        guardian_goals="Att skolan och socialtjänsten drar åt samma håll.",
    ),
    CaseSpec(
        number=4,
        unit="unit1",
        person="yp04",
        status=S.assessing,
        proposed_day=-20,
        proposer="falt",
        proposal_reason=(
            "Fältassistenterna har flera gånger sett ungdomen sent på kvällen med äldre som är "
            "kända för narkotikaförsäljning."
        ),
        risk_summary=(
            "Pojke 14 år, Norrby. Ute sent på kvällarna, umgås med äldre med kriminell belastning."
        ),
    ),
    CaseSpec(
        number=5,
        unit="unit1",
        person="yp05",
        status=S.proposed,
        proposed_day=-6,
        proposer="polis",
        proposal_reason=(
            "Uppmärksammad vid polisens möte om unga i fokus: misstänkt för skadegörelse två "
            "gånger."
        ),
        risk_summary=(
            "Pojke 13 år, Centrum. Två misstankar om skadegörelse; okänt hur skolgången fungerar."
        ),
    ),
    CaseSpec(
        number=6,
        unit="unit1",
        person="yp06",
        status=S.closed,
        proposed_day=-220,
        proposer="handlaggare",
        proposal_reason="Misstänkt för misshandel; har slutat gå till skolan.",
        risk_summary="Flicka 16 år, Ekbacken. Misstänkt för misshandel, stor skolfrånvaro.",
        ended_day=-55,
        closure_reason=ClosureReason.consent_withdrawn,
        outcome="Insatsen avslutades när vårdnadshavaren återkallade samtycket. Skolnärvaron "
        "hade blivit bättre; familjen erbjuds fortsatt stöd från öppenvården.",
        youth_goals="Jag vill gå i skolan varje dag och träffa mina gamla kompisar igen.",
        guardian_goals="Att hon mår bra och klarar skolan.",
    ),
    CaseSpec(
        number=7,
        unit="unit1",
        person="yp07",
        status=S.rejected,
        proposed_day=-40,
        proposer="skola",
        proposal_reason="Oro för utåtagerande beteende och ett par incidenter på skolgården.",
        risk_summary="Pojke 13 år, Norrby. Utåtagerande i skolan, inga misstankar om brott.",
        ended_day=-25,
        outcome="Ungdomen bedöms inte tillhöra målgruppen; behoven möts av elevhälsan och "
        "familjebehandling.",
    ),
    CaseSpec(
        number=8,
        unit="unit2",
        person="yp08",
        status=S.active,
        proposed_day=-90,
        proposer="polis",
        proposal_reason=(
            "Vill lämna ett kriminellt nätverk och har själv tagit kontakt med polisen."
        ),
        risk_summary=(
            "Man 19 år, Söderdal. Tidigare aktiv i ett kriminellt nätverk, vill hoppa av, hotbild "
            "bedöms som låg."
        ),
        target_group=Tg.defector,
        youth_goals="Jag vill bo någon annanstans, ha ett jobb och inte träffa mitt gamla gäng.",
    ),
    CaseSpec(
        number=9,
        unit="unit2",
        person="yp09",
        status=S.proposed,
        proposed_day=-3,
        proposer="skola",
        proposal_reason=(
            "Eleven har slutat komma till skolan och har setts med äldre som säljer narkotika."
        ),
        risk_summary=(
            "Flicka 14 år, Söderdal. Stor skolfrånvaro, misstänkt kontakt med narkotikaförsäljning."
        ),
    ),
    CaseSpec(
        number=10,
        unit="unit2",
        person="yp10",
        status=S.assessing,
        proposed_day=-25,
        proposer="handlaggare2",
        proposal_reason="Orosanmälan från skolan och misstanke om rån mot jämnåriga.",
        risk_summary="Pojke 15 år, Sjöstaden. Misstänkt för rån mot jämnåriga, låg skolnärvaro.",
    ),
    CaseSpec(
        number=11,
        unit="unit2",
        person="yp11",
        status=S.decided,
        proposed_day=-30,
        proposer="polis",
        proposal_reason="Dömd till ungdomsvård för grov stöld; kontraktet förutsätter samverkan.",
        risk_summary="Pojke 17 år, Söderdal. Dömd till ungdomsvård, fler misstankar om stöld.",
        legal_basis=LegalBasis.youth_care_sentence,
        youth_goals="Jag vill ta körkort och få en praktikplats som bilmekaniker.",
        guardian_goals="Att han håller sig borta från de gamla kompisarna.",
    ),
    CaseSpec(
        number=12,
        unit="unit2",
        person="yp12",
        status=S.closed,
        proposed_day=-430,
        proposer="falt",
        proposal_reason=(
            "Fältassistenterna oroas av narkotikabruk och kontakter med äldre kriminella."
        ),
        risk_summary="Kvinna 18 år, Sjöstaden. Narkotikabruk, umgås med äldre kriminellt aktiva.",
        ended_day=-30,
        closure_reason=ClosureReason.plan_completed,
        outcome="Planen är genomförd: hon har fast anställning, ett eget boende och inga nya "
        "misstankar om brott det senaste halvåret.",
        youth_goals="Jag vill ha ett jobb och en egen lägenhet.",
    ),
    CaseSpec(
        number=13,
        unit="unit2",
        person="yp13",
        status=S.rejected,
        proposed_day=-15,
        proposer="polis",
        proposal_reason="Misstänkt för snatteri tillsammans med äldre syskon.",
        risk_summary="Pojke 12 år, Sjöstaden. En misstanke om snatteri.",
        ended_day=-5,
        outcome="Behoven möts bäst av socialtjänstens stöd till barn och familj; ett nytt "
        "förslag kan lämnas om oron växer.",
    ),
)

COACH = MemberSpec(
    "coach",
    GroupRole.coach,
    MemberKind.external,
    joined_day=-90,
    external_name="Kim Berglund",
    external_contact="Tränare i Exempelstads BK, via föreningens kansli",
)
MENTOR = MemberSpec(
    "mentor",
    GroupRole.contact_person,
    MemberKind.external,
    external_name="Robin Svensson",
    external_contact="Föreningen Nytt Steg",
    organization="ngo",
)

# Members beyond the core group (coordinator, case officer, young person, guardians).
EXTRA_MEMBERS: dict[int, list[MemberSpec]] = {
    1: [
        professional("polis"),
        professional("skola"),
        professional("bup", joined_day=-100),
        COACH,
        professional(
            "falt",
            left_day=-60,
            left_reason="Fältgruppens uppdrag avslutades när träningen hade kommit i gång.",
        ),
    ],
    2: [professional("polis"), professional("falt")],
    6: [professional("polis"), professional("skola")],
    8: [professional("polis"), professional("falt"), MENTOR],
    12: [professional("polis"), professional("falt")],
}

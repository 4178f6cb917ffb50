/** Texts of the follow-up statistics, Swedish (default) and English. */
import { locales as caseTexts } from "../case/locales";

export const locales = {
  sv: {
    title: "Uppföljning",
    intro:
      "Statistik för att följa upp SIG-arbetet: antal unga under en period, aldrig uppgifter om en enskild ung person.",
    unit: "Enhet: {{name}}",
    period: {
      title: "Period",
      from: "Från och med",
      to: "Till och med",
      placeholder: "ÅÅÅÅ-MM-DD",
      reset: "Visa i år",
      shown: "Siffrorna gäller {{from}} – {{to}} och togs fram {{generated}}.",
    },
    download: "Ladda ner CSV",
    suppression: {
      title: "Små antal visas inte",
      text:
        "För att ingen ung person ska gå att känna igen visas inga antal under {{min}}. De står som ”Dolt”. " +
        "Ibland döljs också ett större antal, eftersom ett dolt värde annars skulle gå att räkna fram ur summan. " +
        "Ett dolt värde är okänt: läs det aldrig som 0. Dolda värden ritas inte i diagrammen.",
    },
    suppressed: "Dolt",
    table: {
      caption: "{{title}}: tabell",
      people: "Antal unga",
      items: "Antal åtgärder",
      total: "Totalt",
      suppressedNote:
        "Dolt: färre än {{min}}, eller dolt så att ett annat dolt värde inte kan räknas fram. Läs det inte som 0.",
    },
    chart: {
      label: "Stapeldiagram: {{title}}. Samma siffror står i tabellen.",
      omitted: "Finns inte med i diagrammet, eftersom värdet är dolt: {{labels}}.",
      allSuppressed: "Inget diagram: alla värden är dolda.",
      empty: "Inget diagram: inga under perioden.",
    },
    dimension: {
      status: "Status",
      target_group: "Målgrupp",
      closure_reason: "Orsak",
      consent: "Samtycke",
      goal: "Insatsen igång",
      cadence: "Nätverksmöte",
      item_status: "Läge",
      withdrawn: "Samtycken",
    },
    cells: {
      status: caseTexts.sv.status,
      target_group: caseTexts.sv.targetGroup,
      closure_reason: caseTexts.sv.closureReason,
      consent: {
        reached_consent: "Samtycke lämnat",
        no_consent: "Inget samtycke",
      },
      goal: {
        within_goal: "Inom {{days}} dagar",
        beyond_goal: "Senare, eller inte igång efter {{days}} dagar",
        pending: "Inte igång än, inom {{days}} dagar",
      },
      cadence: {
        kept: "Möte de senaste fyra veckorna",
        overdue: "Möte saknas i över fyra veckor",
      },
      item_status: {
        done: "Klar",
        not_done: "Blev inte gjord",
        overdue: "Försenad",
        upcoming: "Inte klar än, i tid",
      },
    },
    sections: {
      cases_by_status: {
        title: "Ärenden per status",
        description:
          "Unga med ett ärende som var öppet någon gång under perioden, efter den status ärendet hade när perioden slutade.",
      },
      cases_by_target_group: {
        title: "Ärenden per målgrupp",
        description: "Samma unga, efter målgrupp.",
      },
      closures_by_reason: {
        title: "Avslutade ärenden per orsak",
        description: "Unga vars ärende avslutades under perioden.",
      },
      proposals: {
        title: "Ansökningar och samtycken",
        description: "Unga som föreslogs under perioden, och om ett samtycke var lämnat när perioden slutade.",
      },
      consent_to_intervention: {
        title: "Från samtycke till insats",
        description:
          "Unga vars första samtycke lämnades under perioden. Målet är att insatserna är igång inom {{days}} dagar.",
      },
      meeting_cadence: {
        title: "Nätverksmöten var fjärde vecka",
        description:
          "Unga med ett aktivt ärende just nu ({{asOf}}), oavsett period: har gruppen haft nätverksmöte de senaste fyra veckorna?",
      },
      plan_items: {
        title: "Handlingsplanernas åtgärder",
        description:
          "Åtgärder (inte unga) i de gällande handlingsplanerna som skulle vara klara under perioden, och hur det gick.",
      },
      consent_withdrawals: {
        title: "Återkallade samtycken",
        description: "Unga som återkallade ett samtycke under perioden.",
      },
      placements_avoided: {
        title: "Undvikna placeringar",
        notRecorded:
          "Samverka registrerar inga placeringar (till exempel på SiS-hem eller HVB), så här finns inget att räkna. " +
          "Uppgiften får hämtas ur verksamhetssystemet.",
      },
    },
    figures: {
      caption: "{{title}}: nyckeltal",
      name: "Nyckeltal",
      value: "Värde",
      goal: "Mål",
      median: "Median, dagar från samtycke till insats",
      p90: "90:e percentilen, dagar",
      withinGoal: "Andel igång inom målet",
      keptShare: "Andel med möte de senaste fyra veckorna",
      days_one: "{{count}} dag",
      days_other: "{{count}} dagar",
      none: "Inget att räkna ut",
    },
  },
  en: {
    title: "Follow-up",
    intro:
      "Statistics to follow up the SIG work: numbers of young people in a period, never details of one young person.",
    unit: "Unit: {{name}}",
    period: {
      title: "Period",
      from: "From",
      to: "To (inclusive)",
      placeholder: "YYYY-MM-DD",
      reset: "Show this year",
      shown: "The figures cover {{from}} – {{to}} and were produced {{generated}}.",
    },
    download: "Download CSV",
    suppression: {
      title: "Small numbers are not shown",
      text:
        "So that no young person can be recognised, no number below {{min}} is shown. Such numbers read “Hidden”. " +
        "Sometimes a larger number is hidden too, because a hidden value could otherwise be worked out from the total. " +
        "A hidden value is unknown: never read it as 0. Hidden values are not drawn in the charts.",
    },
    suppressed: "Hidden",
    table: {
      caption: "{{title}}: table",
      people: "Young people",
      items: "Action items",
      total: "Total",
      suppressedNote:
        "Hidden: fewer than {{min}}, or hidden so that another hidden value cannot be worked out. Do not read it as 0.",
    },
    chart: {
      label: "Bar chart: {{title}}. The table has the same figures.",
      omitted: "Not in the chart, because the value is hidden: {{labels}}.",
      allSuppressed: "No chart: every value is hidden.",
      empty: "No chart: none in the period.",
    },
    dimension: {
      status: "Status",
      target_group: "Target group",
      closure_reason: "Reason",
      consent: "Consent",
      goal: "Intervention started",
      cadence: "Network meeting",
      item_status: "Outcome",
      withdrawn: "Consents",
    },
    cells: {
      status: caseTexts.en.status,
      target_group: caseTexts.en.targetGroup,
      closure_reason: caseTexts.en.closureReason,
      consent: {
        reached_consent: "Consent given",
        no_consent: "No consent",
      },
      goal: {
        within_goal: "Within {{days}} days",
        beyond_goal: "Later, or not started after {{days}} days",
        pending: "Not started yet, within {{days}} days",
      },
      cadence: {
        kept: "Meeting in the last four weeks",
        overdue: "No meeting for over four weeks",
      },
      item_status: {
        done: "Done",
        not_done: "Not done",
        overdue: "Overdue",
        upcoming: "Not done yet, on time",
      },
    },
    sections: {
      cases_by_status: {
        title: "Cases by status",
        description:
          "Young people with a case open at any time in the period, by the status the case had when the period ended.",
      },
      cases_by_target_group: {
        title: "Cases by target group",
        description: "The same young people, by target group.",
      },
      closures_by_reason: {
        title: "Closed cases by reason",
        description: "Young people whose case was closed in the period.",
      },
      proposals: {
        title: "Proposals and consents",
        description: "Young people proposed in the period, and whether a consent was given by its end.",
      },
      consent_to_intervention: {
        title: "From consent to intervention",
        description:
          "Young people whose first consent was given in the period. The goal is interventions under way within {{days}} days.",
      },
      meeting_cadence: {
        title: "Network meetings every four weeks",
        description:
          "Young people with an active case right now ({{asOf}}), whatever the period: has the group met in the last four weeks?",
      },
      plan_items: {
        title: "Action plan items",
        description:
          "Items (not young people) of the current action plans due in the period, and how they went.",
      },
      consent_withdrawals: {
        title: "Withdrawn consents",
        description: "Young people who withdrew a consent in the period.",
      },
      placements_avoided: {
        title: "Placements avoided",
        notRecorded:
          "Samverka records no placements (in SiS homes or HVB, for example), so there is nothing to count here. " +
          "The figure has to come from the case management system.",
      },
    },
    figures: {
      caption: "{{title}}: key figures",
      name: "Key figure",
      value: "Value",
      goal: "Goal",
      median: "Median, days from consent to intervention",
      p90: "90th percentile, days",
      withinGoal: "Share started within the goal",
      keptShare: "Share with a meeting in the last four weeks",
      days_one: "{{count}} day",
      days_other: "{{count}} days",
      none: "Nothing to compute",
    },
  },
};

/**
 * The SAVRY item catalogue as the API holds it (api/assessments/instruments.py): 24 risk items
 * in three groups rated low/moderate/high, and 6 protective factors rated present/absent. The
 * API has no read of the catalogue, so it is kept here in the same order with the same codes.
 */
import type { components } from "../../client/schema";

export type SavryGroup = components["schemas"]["SavryGroup"];
export type RiskLevel = components["schemas"]["RiskLevel"];

export interface SavryItem {
  code: string;
  group: SavryGroup;
  sv: string;
  en: string;
}

export const GROUPS: SavryGroup[] = ["historical", "social", "individual", "protective"];
export const RISK_RATINGS = ["low", "moderate", "high"] as const;
export const PROTECTIVE_RATINGS = ["present", "absent"] as const;
export const RISK_LEVELS: RiskLevel[] = ["low", "moderate", "high"];

export const SAVRY_ITEMS: SavryItem[] = [
  { code: "H1", group: "historical", sv: "Tidigare våld", en: "History of violence" },
  { code: "H2", group: "historical", sv: "Tidigare brott utan våld", en: "History of non-violent offending" },
  { code: "H3", group: "historical", sv: "Tidig debut av våld", en: "Early initiation of violence" },
  { code: "H4", group: "historical", sv: "Tidigare insatser som inte fungerat", en: "Past supervision/intervention failures" },
  { code: "H5", group: "historical", sv: "Självskada eller självmordsförsök", en: "History of self-harm or suicide attempts" },
  { code: "H6", group: "historical", sv: "Våld i hemmet", en: "Exposure to violence in the home" },
  { code: "H7", group: "historical", sv: "Utsatt för övergrepp eller försummelse", en: "Childhood history of maltreatment" },
  { code: "H8", group: "historical", sv: "Kriminalitet hos förälder", en: "Parental/caregiver criminality" },
  { code: "H9", group: "historical", sv: "Tidiga avbrott i omsorgen", en: "Early caregiver disruption" },
  { code: "H10", group: "historical", sv: "Svaga skolresultat", en: "Poor school achievement" },
  { code: "S1", group: "social", sv: "Kamrater som begår brott", en: "Peer delinquency" },
  { code: "S2", group: "social", sv: "Avvisad av jämnåriga", en: "Peer rejection" },
  { code: "S3", group: "social", sv: "Stress och svårt att hantera den", en: "Stress and poor coping" },
  { code: "S4", group: "social", sv: "Bristande tillsyn och gränssättning", en: "Poor parental management" },
  { code: "S5", group: "social", sv: "Brist på stöd från vuxna", en: "Lack of personal/social support" },
  { code: "S6", group: "social", sv: "Utsatt närmiljö", en: "Community disorganization" },
  { code: "I1", group: "individual", sv: "Negativa attityder", en: "Negative attitudes" },
  { code: "I2", group: "individual", sv: "Risktagande och impulsivitet", en: "Risk taking/impulsivity" },
  { code: "I3", group: "individual", sv: "Problem med alkohol eller droger", en: "Substance-use difficulties" },
  { code: "I4", group: "individual", sv: "Svårt att hantera ilska", en: "Anger management problems" },
  { code: "I5", group: "individual", sv: "Låg empati eller ånger", en: "Low empathy/remorse" },
  { code: "I6", group: "individual", sv: "Uppmärksamhetssvårigheter och överaktivitet", en: "Attention deficit/hyperactivity" },
  { code: "I7", group: "individual", sv: "Låg följsamhet", en: "Poor compliance" },
  { code: "I8", group: "individual", sv: "Lågt intresse för skolan", en: "Low interest/commitment to school" },
  { code: "P1", group: "protective", sv: "Prosocialt engagemang", en: "Prosocial involvement" },
  { code: "P2", group: "protective", sv: "Starkt socialt stöd", en: "Strong social support" },
  { code: "P3", group: "protective", sv: "Stark anknytning till en vuxen", en: "Strong attachments and bonds" },
  { code: "P4", group: "protective", sv: "Positiv inställning till insatser", en: "Positive attitude towards intervention" },
  { code: "P5", group: "protective", sv: "Starkt engagemang i skolan", en: "Strong commitment to school" },
  { code: "P6", group: "protective", sv: "Motståndskraftiga personlighetsdrag", en: "Resilient personality traits" },
];

export function allowedRatings(group: SavryGroup): readonly string[] {
  return group === "protective" ? PROTECTIVE_RATINGS : RISK_RATINGS;
}

/** The item's name in the reader's language (the API gives only the Swedish one). */
export function itemName(code: string, language: string, fallback = code): string {
  const item = SAVRY_ITEMS.find((candidate) => candidate.code === code);
  if (!item) return fallback;
  return language.startsWith("en") ? item.en : item.sv;
}

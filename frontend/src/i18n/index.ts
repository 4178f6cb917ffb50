/**
 * i18next with Swedish as the language and English as the alternative. Each feature keeps its
 * own texts (features/<name>/locales.ts) as a namespace of the same name.
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { locales as auth } from "../auth/locales";
import { locales as admin } from "../features/admin/locales";
import { locales as assessments } from "../features/assessments/locales";
import { locales as audit } from "../features/audit/locales";
import { locales as caseNs } from "../features/case/locales";
import { locales as cases } from "../features/cases/locales";
import { locales as consents } from "../features/consents/locales";
import { locales as journal } from "../features/journal/locales";
import { locales as meetings } from "../features/meetings/locales";
import { locales as members } from "../features/members/locales";
import { locales as mywork } from "../features/mywork/locales";
import { locales as plan } from "../features/plan/locales";
import { locales as proposals } from "../features/proposals/locales";
import { locales as stats } from "../features/stats/locales";
import { common } from "./common";
import { rules } from "./rules";

const namespaces = {
  common,
  auth,
  admin,
  assessments,
  audit,
  case: caseNs,
  cases,
  consents,
  journal,
  meetings,
  members,
  mywork,
  plan,
  proposals,
  stats,
  rules,
};

export const LANGUAGES = ["sv", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = "samverka.language";

function savedLanguage(): Language {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(LANGUAGE_KEY);
  return saved === "en" ? "en" : "sv";
}

function resources(language: Language) {
  return Object.fromEntries(
    Object.entries(namespaces).map(([name, texts]) => [name, texts[language]]),
  );
}

export function initI18n(language: Language = savedLanguage()) {
  void i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: "sv",
    defaultNS: "common",
    ns: Object.keys(namespaces),
    resources: { sv: resources("sv"), en: resources("en") },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18n;
}

export function setLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;

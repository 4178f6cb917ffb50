/** Synthetic test data (never a real person): the signed-in user and case summaries. */
import type { components } from "../../client/schema";
import { apiUrl, http, HttpResponse } from "../../test/server";

type Me = components["schemas"]["Me"];
type Role = components["schemas"]["Role"];
type CaseSummary = components["schemas"]["CaseSummary"];

export const UNIT_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
export const OTHER_UNIT_ID = "8d0f7780-8536-41ef-a55c-f18ad2a01bf8";

export function meAs(role: Role, overrides: Partial<Me> = {}): Me {
  const socialServices = role !== "professional";
  return {
    kind: "user",
    id: "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
    username: "testa.testsson",
    display_name: "Testa Testsson",
    organization: socialServices
      ? { id: "5e7a9c1b-3d5f-4a7b-8c9d-0e1f2a3b4c5d", kind: "social_services", name: "Exempelstads socialtjänst" }
      : { id: "6f8b0d2c-4e6a-4b8c-9d0e-1f2a3b4c5d6e", kind: "police", name: "Lokalpolisområde Exempelstad" },
    unit: socialServices ? { id: UNIT_ID, kind: "social_services", name: "Ungdomsenheten" } : null,
    roles: [role],
    scopes: ["cases:read", "profile"],
    ...overrides,
  };
}

export function meHandler(me: Me) {
  return http.get(apiUrl("/api/v1/me"), () => HttpResponse.json(me));
}

let counter = 0;

export function caseSummary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  counter += 1;
  const n = String(counter).padStart(4, "0");
  return {
    id: `3fa85f64-5717-4562-b3fc-2c963f66${n.padStart(4, "0")}`.slice(0, 36),
    reference: `SIG-2026-${n}`,
    status: "active",
    target_group: "at_risk",
    young_person: {
      id: "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
      given_name: "Testa",
      family_name: `Testsson${counter}`,
      birth_date: "2010-01-01",
      personal_number: null,
    },
    owning_unit_id: UNIT_ID,
    intervention_end_on: "2026-11-30",
    updated_at: "2026-05-04T09:00:00+02:00",
    flags: [],
    ...overrides,
  };
}

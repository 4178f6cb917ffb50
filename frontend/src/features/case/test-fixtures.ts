/** Shared test data for the case page's tabs (component tests only). */
import { fireEvent } from "@testing-library/react";

import type { components } from "../../client/schema";
import { apiUrl, http, HttpResponse } from "../../test/server";
import type { CaseAction, CaseWithActions } from "./useCase";

export const CASE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
export const YOUNG_ID = "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b";
export const OFFICER_ID = "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f";
export const UNIT_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

export function aCase(actions: CaseAction[], overrides: Partial<CaseWithActions> = {}): CaseWithActions {
  return {
    id: CASE_ID,
    reference: "SIG-2026-0007",
    status: "decided",
    target_group: "at_risk",
    young_person: {
      id: YOUNG_ID,
      given_name: "Testa",
      family_name: "Testsson",
      birth_date: "2010-12-12",
    },
    owning_unit_id: UNIT_ID,
    intervention_end_on: null,
    updated_at: "2026-05-04T09:00:00+02:00",
    flags: [],
    case_officer_id: OFFICER_ID,
    coordinator_id: null,
    proposed_by_organization_kind: "police",
    proposal_reason: "Gripen två gånger i vår.",
    risk_summary: "Umgås med kriminellt aktiva äldre kamrater.",
    legal_basis: "sol_4_1",
    decided_on: "2026-03-16",
    created_at: "2026-03-02T08:30:00+01:00",
    version: 7,
    actions,
    ...overrides,
  };
}

export const ME_CASE_OFFICER: components["schemas"]["Me"] = {
  kind: "user",
  id: OFFICER_ID,
  username: "hanna",
  display_name: "Hanna Handläggare",
  organization: { id: UNIT_ID, name: "Socialtjänsten", kind: "social_services" },
  roles: ["case_officer"],
  scopes: ["cases:read", "cases:write"],
};

export const ME_POLICE: components["schemas"]["Me"] = {
  kind: "user",
  id: "6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b",
  username: "polis",
  display_name: "Pelle Polis",
  organization: { id: "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7", name: "Polisen Exempelstad", kind: "police" },
  roles: ["professional"],
  scopes: ["cases:read"],
};

/** The case read, the signed-in user and the case officer's name. */
export function caseHandlers(value: CaseWithActions, me = ME_CASE_OFFICER) {
  return [
    http.get(apiUrl(`/api/v1/cases/${value.id}`), () => HttpResponse.json(value)),
    http.get(apiUrl("/api/v1/me"), () => HttpResponse.json(me)),
    http.get(apiUrl("/api/v1/users/:id"), ({ params }) =>
      HttpResponse.json({
        id: params.id,
        display_name: "Hanna Handläggare",
        organization_id: UNIT_ID,
        unit_id: UNIT_ID,
        roles: ["case_officer"],
        is_active: true,
      }),
    ),
  ];
}

/** A date typed into a DateInput at once (typing key by key redraws the calendar each time). */
export function typeDate(input: HTMLElement, value: string): void {
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

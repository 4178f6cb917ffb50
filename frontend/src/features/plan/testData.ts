/** Synthetic data of the plan's component tests (no real person). */
import type { components } from "../../client/schema";
import { apiUrl, http, HttpResponse } from "../../test/server";

type S = components["schemas"];

export const CASE_ID = "0b6f2d1e-6a55-4c1e-9d6f-3a2b1c0d9e8f";
export const ME_ID = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
export const YOUNG = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
export const COORD = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
export const POLICE = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f";

export function member(id: string, role: S["GroupRole"], name: string, userId: string | null): S["MemberRead"] {
  return {
    id,
    kind: userId ? "user" : "person",
    user_id: userId,
    person_id: userId ? null : "p-1",
    display_name: name,
    external_contact: null,
    organization_id: null,
    organization_kind: null,
    group_role: role,
    joined_at: "2026-03-01T09:00:00+01:00",
    left_at: null,
    left_reason: null,
  };
}

export const MEMBERS: S["MemberRead"][] = [
  member(YOUNG, "young_person", "Testa", null),
  member(COORD, "coordinator", "Sam Samordnare", ME_ID),
  member(POLICE, "police", "Pia Polis", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"),
];

export function planItem(overrides: Partial<S["PlanItemRead"]> = {}): S["PlanItemRead"] {
  return {
    id: "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8091",
    plan_version_id: "d0e1f2a3-4b5c-4d6e-8f70-8192a3b4c5d6",
    position: 1,
    text: "Ordna studiestöd tre eftermiddagar i veckan.",
    plain_text: "Du får hjälp med läxorna tre dagar i veckan.",
    responsible_member_id: YOUNG,
    due_on: "2026-05-29",
    status: "planned",
    category_code: "school",
    completion_evidence: "Närvarolistan från studiestödet.",
    fallback_action: "Kontakta samordnaren",
    follow_up_notes: null,
    carried_from_id: null,
    version: 4,
    updated_at: "2026-05-04T09:00:00+02:00",
    ...overrides,
  };
}

export const ME: S["Me"] = {
  kind: "user",
  id: ME_ID,
  username: "samordnare",
  display_name: "Sam Samordnare",
  organization: { id: "0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c", name: "Socialtjänsten", kind: "social_services" },
  unit: null,
  roles: ["coordinator"],
  scopes: [],
} as S["Me"];

export function caseRead(actions: string[], status: S["CaseStatus"] = "active") {
  return {
    id: CASE_ID,
    reference: "SIG-2026-0007",
    status,
    target_group: "at_risk",
    young_person: { id: "y-1", given_name: "Testa", family_name: "Testsson" },
    owning_unit_id: "0d0d0d0d-0d0d-4d0d-8d0d-0d0d0d0d0d0d",
    proposed_by_organization_kind: "school",
    updated_at: "2026-05-04T09:00:00+02:00",
    created_at: "2026-03-02T08:30:00+01:00",
    version: 7,
    actions,
  };
}

interface Setup {
  actions?: string[];
  items?: S["PlanItemRead"][];
  latest?: number | null;
  versions?: S["PlanVersionSummary"][];
  me?: S["Me"];
  caseStatus?: S["CaseStatus"];
}

/** The reads of the plan tab. */
export function planHandlers({
  actions = ["edit_plan", "publish_plan"],
  items = [planItem()],
  latest = null,
  versions = [],
  me = ME,
  caseStatus = "active",
}: Setup = {}) {
  const base = `/api/v1/cases/${CASE_ID}`;
  return [
    http.get(apiUrl(base), () => HttpResponse.json(caseRead(actions, caseStatus))),
    http.get(apiUrl("/api/v1/me"), () => HttpResponse.json(me)),
    http.get(apiUrl(`${base}/members`), () => HttpResponse.json({ items: MEMBERS, next_cursor: null })),
    http.get(apiUrl(`${base}/action-plan`), () =>
      HttpResponse.json({ draft_id: "d0e1f2a3-4b5c-4d6e-8f70-8192a3b4c5d6", version: 3, latest_published_number: latest, items }),
    ),
    http.get(apiUrl(`${base}/action-plan/versions`), () => HttpResponse.json({ items: versions, next_cursor: null })),
  ];
}

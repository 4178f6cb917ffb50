import { screen } from "@testing-library/react";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, server } from "../../test/server";
import { ConsentsTab } from "../consents/ConsentsTab";
import { MembersTab } from "../members/MembersTab";
import { CaseLayout } from "./CaseLayout";
import { OverviewTab } from "./OverviewTab";
import { aCase, CASE_ID, caseHandlers } from "./test-fixtures";

async function seriousViolations(container: HTMLElement) {
  const results = await axe(container);
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(" | ")}`);
}

const ALL = ["update", "assign", "close", "add_member", "register_consent", "read_access_log"] as const;

describe("accessibility of the case page", () => {
  it("the frame and the overview have no serious axe violations", async () => {
    server.use(...caseHandlers(aCase([...ALL], { flags: ["consent_expiring"] })));
    const frame = renderWithProviders(<CaseLayout />, { path: "/cases/$caseId", url: `/cases/${CASE_ID}` });
    await screen.findByRole("navigation", { name: "Ärendets delar" });
    expect(await seriousViolations(frame.container)).toEqual([]);
    frame.unmount();
    const overview = renderWithProviders(<OverviewTab />, { path: "/cases/$caseId", url: `/cases/${CASE_ID}` });
    await screen.findByRole("button", { name: "Ändra uppgifter" });
    expect(await seriousViolations(overview.container)).toEqual([]);
  }, 30_000);

  it("the group and the consents tabs have no serious axe violations", async () => {
    server.use(
      ...caseHandlers(aCase([...ALL])),
      http.get(apiUrl(`/api/v1/cases/${CASE_ID}/members`), () =>
        HttpResponse.json({
          items: [
            { id: "m1", kind: "user", group_role: "police", display_name: "Polis Två", joined_at: "2026-04-01T09:00:00+02:00" },
            { id: "m2", kind: "external", group_role: "coach", display_name: "Coach", joined_at: "2026-03-01T09:00:00+01:00", left_at: "2026-05-01T09:00:00+02:00", left_reason: "Flyttat" },
          ],
          next_cursor: null,
        }),
      ),
      http.get(apiUrl("/api/v1/organizations"), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.get(apiUrl("/api/v1/information-categories"), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.get(apiUrl(`/api/v1/cases/${CASE_ID}/consents`), () =>
        HttpResponse.json({
          items: [
            {
              id: "c1",
              case_id: CASE_ID,
              status: "active",
              expires_soon: true,
              grantors: [{ person_id: "p", relation: "young_person", signed_on: "2026-05-04" }],
              organization_ids: ["o"],
              category_codes: ["school"],
              valid_from: "2026-05-04",
              valid_until: "2026-06-20",
              collected_by_id: "u",
              collected_by_organization_id: "o",
              created_at: "2026-05-04T09:00:00+02:00",
              version: 1,
            },
          ],
          next_cursor: null,
        }),
      ),
    );
    const members = renderWithProviders(<MembersTab />, { path: "/cases/$caseId/members", url: `/cases/${CASE_ID}/members` });
    await screen.findByRole("table", { name: "Nuvarande medlemmar i gruppen" });
    expect(await seriousViolations(members.container)).toEqual([]);
    members.unmount();
    const consents = renderWithProviders(<ConsentsTab />, { path: "/cases/$caseId/consents", url: `/cases/${CASE_ID}/consents` });
    await screen.findByRole("article");
    expect(await seriousViolations(consents.container)).toEqual([]);
  }, 30_000);
});

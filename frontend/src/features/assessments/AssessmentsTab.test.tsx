import { notifications } from "@mantine/notifications";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { afterEach, describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { CASE_ID, caseRead } from "../plan/testData";
import { AssessmentsTab } from "./AssessmentsTab";
import { SAVRY_ITEMS } from "./savry";

const BASE = `/api/v1/cases/${CASE_ID}`;

const OLDER = {
  id: "4b1d7c2e-8f3a-4e6b-9c5d-2a7e8f9b0c1d",
  instrument: "savry",
  category_code: "social_services",
  assessed_at: "2026-03-04T09:00:00+01:00",
  assessed_by_id: "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
  overall_risk: "high",
  created_at: "2026-03-04T10:15:00+01:00",
};
const NEWER = { ...OLDER, id: "5c2e8d3f-9a4b-4f7c-8d6e-3b8f9a0c1d2e", assessed_at: "2026-06-02T09:00:00+02:00", overall_risk: "moderate" };

function handlers(actions: string[], items: unknown[]) {
  return [
    http.get(apiUrl(BASE), () => HttpResponse.json(caseRead(actions))),
    http.get(apiUrl(`${BASE}/assessments`), () => HttpResponse.json({ items, next_cursor: null })),
  ];
}

function renderTab() {
  return renderWithProviders(<AssessmentsTab />, {
    path: "/cases/$caseId/assessments",
    url: `/cases/${CASE_ID}/assessments`,
  });
}

describe("AssessmentsTab", { timeout: 60_000 }, () => {
  afterEach(() => notifications.clean());

  it("lists the assessments and offers no new one without add_assessment", async () => {
    server.use(...handlers([], [OLDER]));
    const { container } = renderTab();
    expect(await screen.findByRole("heading", { level: 2, name: "Bedömningar" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Bedömningar" });
    expect(within(table).getByText("2026-03-04")).toBeInTheDocument();
    expect(within(table).getByText("Hög")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ny bedömning" })).not.toBeInTheDocument();
    expect(screen.getByText(/När det finns två bedömningar/)).toBeInTheDocument();
    const results = await axe(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);
  });

  it("requires every item and the overall judgement, then sends all 30 ratings", async () => {
    let sent: { ratings: { item_code: string; rating: string }[]; overall_risk: string } | undefined;
    server.use(
      ...handlers(["add_assessment"], []),
      http.post(apiUrl(`${BASE}/assessments`), async ({ request }) => {
        sent = (await request.json()) as typeof sent;
        return problem(422, "Check the ratings of these items: P6.", [
          { field: "body.ratings.P6", rule: "invalid_rating", message: "Rate it present, absent." },
        ]);
      }),
    );
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Ny bedömning" }));
    const form = await screen.findByRole("form", { name: "Ny bedömning enligt SAVRY" });
    await userEvent.click(within(form).getByRole("button", { name: "Spara bedömningen" }));
    expect(await within(form).findByText("30 punkter är inte bedömda än.")).toBeInTheDocument();
    const h1 = within(form).getByRole("radiogroup", { name: /H1 Tidigare våld/ });
    expect(h1).toHaveAccessibleDescription("Välj en bedömning.");
    expect(sent).toBeUndefined();

    // One radio group per item, in the catalogue's order (queried once: role queries are slow).
    const groups = within(form).getAllByRole("radiogroup");
    expect(groups).toHaveLength(31);
    for (const [index, item] of SAVRY_ITEMS.entries()) {
      const value = item.group === "protective" ? "present" : "low";
      fireEvent.click(groups[index]!.querySelector(`input[value="${value}"]`)!);
    }
    const overall = within(form).getByRole("radiogroup", { name: /Samlad bedömning av risken/ });
    await userEvent.click(within(overall).getByRole("radio", { name: "Måttlig" }));
    await userEvent.click(within(form).getByRole("button", { name: "Spara bedömningen" }));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent!.ratings).toHaveLength(30);
    expect(sent!.ratings[0]).toEqual({ item_code: "H1", rating: "low" });
    expect(sent!.ratings.find((rating) => rating.item_code === "P1")).toEqual({ item_code: "P1", rating: "present" });
    expect(sent!.overall_risk).toBe("moderate");
    // The API's message lands on the item it names.
    const p6 = within(form).getByRole("radiogroup", { name: /P6 / });
    await waitFor(() => expect(p6).toHaveAccessibleDescription("Rate it present, absent."));
  });

  it("compares the two newest assessments item by item, with the change in words", async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      ...handlers([], [NEWER, OLDER]),
      http.get(apiUrl(`${BASE}/assessments/compare`), ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({
          from_assessment: OLDER,
          to_assessment: NEWER,
          overall_risk_change: "better",
          items: [
            { item_code: "S1", group: "social", name_sv: "Kamrater som begår brott", from_rating: "high", to_rating: "moderate", change: "better" },
            { item_code: "P2", group: "protective", name_sv: "Starkt socialt stöd", from_rating: "present", to_rating: "absent", change: "worse" },
            { item_code: "H1", group: "historical", name_sv: "Tidigare våld", from_rating: "low", to_rating: "low", change: "same" },
          ],
          groups: [
            {
              group: "social",
              from_counts: { group: "social", high: 1, moderate: 0, low: 5, present: 0, absent: 0 },
              to_counts: { group: "social", high: 0, moderate: 1, low: 5, present: 0, absent: 0 },
            },
          ],
        });
      }),
    );
    renderTab();
    const table = await screen.findByRole("table", { name: "Förändring per punkt mellan 2026-03-04 och 2026-06-02" });
    expect(asked?.get("from")).toBe(OLDER.id);
    expect(asked?.get("to")).toBe(NEWER.id);
    const s1 = within(table).getByRole("row", { name: /S1 Kamrater som begår brott/ });
    expect(s1).toHaveTextContent("Hög");
    expect(s1).toHaveTextContent("Måttlig");
    expect(s1).toHaveTextContent("↓ Bättre");
    expect(within(table).getByRole("row", { name: /P2 Starkt socialt stöd/ })).toHaveTextContent("↑ Sämre");
    expect(screen.getByText("Samlad risk ändrades från Hög till Måttlig")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Visa bara punkter som ändrats" }));
    expect(within(table).queryByRole("row", { name: /H1 Tidigare våld/ })).not.toBeInTheDocument();
    expect(screen.getByRole("table", { name: /Förändring per område/ })).toHaveTextContent("Hög 1, måttlig 0, låg 5");
  });
});

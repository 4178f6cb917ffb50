import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { DeidentifiedPage } from "./DeidentifiedPage";

// The machine running the tests may be busy: give the screens time to load.
configure({ asyncUtilTimeout: 5000 });

function proposal(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    age: 15,
    area: "Exempelstad centrum",
    target_group: "at_risk",
    risk_summary: "Umgås med kriminellt aktiva äldre kamrater; skolfrånvaro 40 %.",
    proposed_by_organization_kind: "police",
    status: "proposed",
    created_at: "2026-05-04T09:00:00+02:00",
    ...overrides,
  };
}

describe("DeidentifiedPage", { timeout: 20_000 }, () => {
  it("lists the de-identified fields in a labelled table and appends the next page", async () => {
    const cursors: (string | null)[] = [];
    server.use(
      http.get(apiUrl("/api/v1/proposals/deidentified"), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        cursors.push(cursor);
        if (cursor === "next") {
          return HttpResponse.json({
            items: [proposal("2b3c4d5e-0000-4000-8000-000000000002", { age: 17, area: null, target_group: "defector", proposed_by_organization_kind: "school" })],
            next_cursor: null,
          });
        }
        return HttpResponse.json({ items: [proposal("2b3c4d5e-0000-4000-8000-000000000001")], next_cursor: "next" });
      }),
    );
    const { container } = renderWithProviders(<DeidentifiedPage />, { path: "/proposals/deidentified" });
    expect(await screen.findByRole("heading", { level: 1, name: "Beredningsgruppens lista" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Avidentifierade förslag" });
    expect(within(table).getByText("15 år")).toBeInTheDocument();
    expect(within(table).getByText("Polisen")).toBeInTheDocument();
    expect(within(table).getByText("Föreslaget")).toBeInTheDocument();
    expect(within(table).getByText("2026-05-04")).toBeInTheDocument();
    expect(within(table).queryByRole("link")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Visa fler" }));
    expect(await within(table).findByText("17 år")).toBeInTheDocument();
    expect(within(table).getByText("15 år")).toBeInTheDocument();
    expect(within(table).getByText("Visas inte")).toBeInTheDocument();
    expect(within(table).getByText("Vill lämna kriminell miljö (avhoppare)")).toBeInTheDocument();
    expect(within(table).getByText("Skolan")).toBeInTheDocument();
    expect(cursors).toEqual([null, "next"]);
    expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument();
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("explains a refusal", async () => {
    server.use(http.get(apiUrl("/api/v1/proposals/deidentified"), () => problem(403, "Not allowed")));
    renderWithProviders(<DeidentifiedPage />, { path: "/proposals/deidentified" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Du har inte behörighet");
  });
});

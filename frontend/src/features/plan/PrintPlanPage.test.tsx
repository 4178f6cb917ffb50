import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, server } from "../../test/server";
import { PrintPlanPage } from "./PrintPlanPage";
import { CASE_ID, caseRead, MEMBERS, planItem, POLICE } from "./testData";

const BASE = `/api/v1/cases/${CASE_ID}`;

function renderPrint() {
  return renderWithProviders(<PrintPlanPage />, { path: "/cases/$caseId/print", url: `/cases/${CASE_ID}/print` });
}

describe("PrintPlanPage", { timeout: 20_000 }, () => {
  it("prints the latest published version in plain words, with who as the family says it", async () => {
    server.use(
      http.get(apiUrl(BASE), () => HttpResponse.json(caseRead([]))),
      http.get(apiUrl(`${BASE}/members`), () => HttpResponse.json({ items: MEMBERS, next_cursor: null })),
      http.get(apiUrl(`${BASE}/action-plan/versions`), ({ request }) => {
        expect(new URL(request.url).searchParams.get("limit")).toBe("1");
        return HttpResponse.json({
          items: [{ id: "v2", number: 2, published_at: "2026-05-04T10:30:00+02:00", meeting_id: null }],
          next_cursor: null,
        });
      }),
      http.get(apiUrl(`${BASE}/action-plan/versions/2`), () =>
        HttpResponse.json({
          id: "v2",
          number: 2,
          published_at: "2026-05-04T10:30:00+02:00",
          version: 1,
          items: [
            planItem(),
            planItem({
              id: "aaaaaaaa-0000-4000-8000-000000000009",
              plain_text: "Pia från polisen berättar hur samtalen med polisen går till.",
              responsible_member_id: POLICE,
              due_on: null,
            }),
          ],
        }),
      ),
    );
    const print = vi.spyOn(window, "print").mockImplementation(() => undefined);
    const { container } = renderPrint();
    expect(await screen.findByRole("heading", { level: 1, name: "Din handlingsplan" })).toBeInTheDocument();
    expect(await screen.findByText("Ärende SIG-2026-0007. Version 2, beslutad 2026-05-04.")).toBeInTheDocument();
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole("heading", { name: "Du får hjälp med läxorna tre dagar i veckan." })).toBeInTheDocument();
    expect(await within(items[0]!).findByText("Du (Testa)")).toBeInTheDocument();
    expect(within(items[1]!).getByText("Pia Polis")).toBeInTheDocument();
    expect(within(items[1]!).getByText("Löpande")).toBeInTheDocument();

    const button = screen.getByRole("button", { name: "Skriv ut" });
    expect(button.closest(".no-print")).not.toBeNull();
    expect(screen.getByRole("link", { name: "Tillbaka till ärendet" })).toHaveAttribute("href", `/cases/${CASE_ID}/plan`);
    await userEvent.click(button);
    expect(print).toHaveBeenCalled();

    const results = await axe(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);
  });

  it("says when no plan has been published yet", async () => {
    server.use(
      http.get(apiUrl(`${BASE}/action-plan/versions`), () => HttpResponse.json({ items: [], next_cursor: null })),
    );
    renderPrint();
    expect(await screen.findByText(/Det finns ingen publicerad plan än/)).toBeInTheDocument();
  });
});

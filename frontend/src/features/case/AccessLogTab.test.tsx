import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, server } from "../../test/server";
import { AccessLogTab } from "./AccessLogTab";
import { aCase, CASE_ID, caseHandlers } from "./test-fixtures";

const entry = (action: string, occurred_at: string, outcome: "allowed" | "denied" = "allowed") => ({
  occurred_at,
  organization_id: "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7",
  organization_name: "Polisen Exempelstad",
  organization_kind: "police",
  roles: ["professional"],
  action,
  outcome,
  channel: "web",
});

function renderLog() {
  return renderWithProviders(<AccessLogTab />, { path: "/cases/$caseId/access-log", url: `/cases/${CASE_ID}/access-log` });
}

describe("AccessLogTab", () => {
  it("lists who accessed the case and pages on with the cursor", async () => {
    const cursors: (string | null)[] = [];
    server.use(
      ...caseHandlers(aCase(["read_access_log"])),
      http.get(apiUrl(`/api/v1/cases/${CASE_ID}/access-log`), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        cursors.push(cursor);
        return cursor
          ? HttpResponse.json({ items: [entry("cases:get", "2026-05-01T08:00:00Z", "denied")], next_cursor: null })
          : HttpResponse.json({ items: [entry("plans:get-current", "2026-05-04T07:30:00Z")], next_cursor: "page-2" });
      }),
    );
    renderLog();
    const table = await screen.findByRole("table", { name: "Åtkomster till ärendet" });
    expect(within(table).getByText("2026-05-04 09:30")).toBeInTheDocument();
    expect(within(table).getByText("Polisen Exempelstad")).toBeInTheDocument();
    expect(within(table).getByText("Roller: Yrkesperson")).toBeInTheDocument();
    expect(within(table).getByText("Läste handlingsplanen")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Visa fler" }));
    expect(await within(table).findByText("Nekad")).toBeInTheDocument();
    expect(cursors).toEqual([null, "page-2"]);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument());
  });

  it("fetches nothing for a reader who may not read the log", async () => {
    server.use(...caseHandlers(aCase([])));
    renderLog();
    expect(await screen.findByRole("alert")).toHaveTextContent("Du har inte behörighet");
  });
});

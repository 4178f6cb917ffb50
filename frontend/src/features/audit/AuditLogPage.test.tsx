import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import type { components } from "../../client/schema";
import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, server } from "../../test/server";
import { AuditLogPage } from "./AuditLogPage";

type AuditEvent = components["schemas"]["AuditEventRead"];

const CASE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const USER_ID = "2e6d9b4f-5c7a-4d8e-8f9a-1b2c3d4e5f60";

const ORGANIZATION = {
  id: "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d",
  name: "Polisen Exempelstad",
  kind: "police",
  parent_id: null,
  municipality_code: null,
  is_active: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 1,
};

function event(seq: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    seq,
    occurred_at: "2026-05-04T07:00:00Z",
    actor_user_id: USER_ID,
    actor_client_id: null,
    actor_organization_id: ORGANIZATION.id,
    actor_roles: ["professional"],
    action: "cases:get",
    resource_type: "case",
    resource_id: CASE_ID,
    case_id: CASE_ID,
    outcome: "allowed",
    legal_basis: "consent",
    consent_id: null,
    request_id: null,
    client_address: null,
    channel: "web",
    hash: "ab".repeat(32),
    ...overrides,
  };
}

/** Records the query of every call and answers page by page. */
function serveEvents(pages: Record<string, { items: AuditEvent[]; next_cursor: string | null }>) {
  const calls: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl("/api/v1/organizations"), () =>
      HttpResponse.json({ items: [ORGANIZATION], next_cursor: null }),
    ),
    http.get(apiUrl("/api/v1/audit-events"), ({ request }) => {
      const params = new URL(request.url).searchParams;
      calls.push(params);
      return HttpResponse.json(pages[params.get("cursor") ?? "first"] ?? { items: [], next_cursor: null });
    }),
  );
  return calls;
}

/** The first render mounts the whole app's modules: give a busy machine time. */
const WAIT = { timeout: 5000 };

function findTable() {
  return screen.findByRole("table", { name: "Händelser i åtkomstloggen" }, WAIT);
}

function renderPage() {
  return renderWithProviders(<AuditLogPage />, { path: "/audit" });
}

describe("AuditLogPage", () => {
  it("shows who did what, when in Stockholm time, in which case and the outcome", async () => {
    serveEvents({
      first: {
        items: [event(2), event(1, { outcome: "denied", action: "journal:list", legal_basis: null })],
        next_cursor: null,
      },
    });
    renderPage();
    expect(await screen.findByRole("heading", { level: 1, name: "Åtkomstlogg" }, WAIT)).toBeInTheDocument();
    expect(screen.getByText(/hashkedja/)).toBeInTheDocument();
    const table = await findTable();
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    // 07:00 UTC is 09:00 in Stockholm in May.
    expect(within(rows[1]!).getByText("2026-05-04 09:00")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Ärende – läst")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Yrkesverksam")).toBeInTheDocument();
    expect(await within(rows[1]!).findByText("Polisen Exempelstad")).toBeInTheDocument();
    expect(within(rows[1]!).getByText(CASE_ID)).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Tillåten")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("Nekad")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("Journalanteckning – listat")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument();
  });

  it("sends the filters as query parameters when the auditor searches", async () => {
    const calls = serveEvents({ first: { items: [event(1)], next_cursor: null } });
    renderPage();
    await findTable();
    expect(calls).toHaveLength(1);
    expect([...calls[0]!.keys()].sort()).toEqual(["limit"]);

    await userEvent.click(screen.getByLabelText("Ärende-id"));
    await userEvent.paste(CASE_ID);
    await userEvent.click(screen.getByLabelText("Användar-id"));
    await userEvent.paste(USER_ID);
    await userEvent.click(screen.getByLabelText("Från och med datum"));
    await userEvent.paste("2026-05-01");
    await userEvent.click(screen.getByLabelText("Till och med datum"));
    await userEvent.paste("2026-05-31");
    await userEvent.selectOptions(screen.getByLabelText("Utfall"), "Nekad");
    await userEvent.click(screen.getByRole("button", { name: "Sök" }));

    await waitFor(() => expect(calls).toHaveLength(2));
    const sent = calls[1]!;
    expect(sent.get("case_id")).toBe(CASE_ID);
    expect(sent.get("user_id")).toBe(USER_ID);
    expect(sent.get("outcome")).toBe("denied");
    // Whole days in Stockholm, the end date included.
    expect(sent.get("since")).toBe("2026-05-01T00:00:00+02:00");
    expect(sent.get("until")).toBe("2026-06-01T00:00:00+02:00");
  }, 40_000);

  it("does not search with an incomplete id and says why", async () => {
    const calls = serveEvents({ first: { items: [event(1)], next_cursor: null } });
    renderPage();
    await findTable();
    await userEvent.type(screen.getByLabelText("Ärende-id"), "3fa85f64");
    await userEvent.click(screen.getByRole("button", { name: "Sök" }));
    expect(await screen.findByText(/Ange ett fullständigt id/)).toBeInTheDocument();
    expect(calls).toHaveLength(1);
  }, 40_000);

  it("filters on a row's user with one click", async () => {
    const calls = serveEvents({ first: { items: [event(1)], next_cursor: null } });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: `Filtrera på användare ${USER_ID}` }, WAIT));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.get("user_id")).toBe(USER_ID);
    expect(screen.getByLabelText("Användar-id")).toHaveValue(USER_ID);
  });

  it("shows the cases a list event names, each with its basis, and filters on one", async () => {
    const other = "5b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    const listed = event(1, {
      action: "cases:list",
      resource_id: null,
      case_id: null,
      legal_basis: null,
      cases: [
        { case_id: CASE_ID, legal_basis: "consent", consent_id: null },
        { case_id: other, legal_basis: "social_services_unit", consent_id: null },
      ],
    });
    const calls = serveEvents({ first: { items: [listed], next_cursor: null } });
    renderPage();
    const table = await findTable();
    const [, row] = within(table).getAllByRole("row");
    expect(within(row!).getByText("2 ärenden i en lista")).toBeInTheDocument();
    expect(within(row!).getByText(other)).toBeInTheDocument();
    expect(within(row!).getByText("Socialtjänstens egen enhet")).toBeInTheDocument();
    await userEvent.click(within(row!).getByRole("button", { name: `Filtrera på ärende ${other}` }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.get("case_id")).toBe(other);
  });

  it("pages with the cursor and keeps the events already shown", async () => {
    const calls = serveEvents({
      first: { items: [event(3), event(2)], next_cursor: "c2" },
      c2: { items: [event(1)], next_cursor: null },
    });
    renderPage();
    const table = await findTable();
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    await userEvent.click(screen.getByRole("button", { name: "Visa fler" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(4));
    expect(calls[1]!.get("cursor")).toBe("c2");
    expect(calls[0]!.has("cursor")).toBe(false);
    expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument();
  });

  it("has no serious or critical accessibility violations", async () => {
    serveEvents({ first: { items: [event(2), event(1, { outcome: "denied" })], next_cursor: "c2" } });
    const { container } = renderPage();
    await findTable();
    const results = await axe(container);
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }, 40_000);

  it("says so when nothing matches", async () => {
    serveEvents({ first: { items: [], next_cursor: null } });
    renderPage();
    expect(await screen.findByText("Inga händelser matchar sökningen.", {}, WAIT)).toBeInTheDocument();
  });
});

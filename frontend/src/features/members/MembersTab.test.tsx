import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, server } from "../../test/server";
import { aCase, CASE_ID, caseHandlers, UNIT_ID } from "../case/test-fixtures";
import type { CaseAction } from "../case/useCase";
import { MembersTab } from "./MembersTab";
import type { Member } from "./members";

const POLICE_ORG = "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7";

const member = (overrides: Partial<Member>): Member => ({
  id: crypto.randomUUID(),
  kind: "user",
  group_role: "other",
  joined_at: "2026-03-01T09:00:00+01:00",
  ...overrides,
});

// In the API's order (latest joined first), which is not the order shown.
const MEMBERS: Member[] = [
  member({ display_name: "Lärare Ett", group_role: "school", joined_at: "2026-05-01T09:00:00+02:00", left_at: "2026-05-20T16:00:00+02:00", left_reason: "Bytt skola" }),
  member({ display_name: "Polis Två", group_role: "police", organization_id: POLICE_ORG, joined_at: "2026-04-01T09:00:00+02:00" }),
  member({ display_name: "Coach Tre", kind: "external", group_role: "coach", joined_at: "2026-03-15T09:00:00+01:00", left_at: "2026-06-01T16:00:00+02:00", left_reason: "Flyttat" }),
  member({ kind: "person", group_role: "young_person", person_id: "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b", joined_at: "2026-03-10T09:00:00+01:00" }),
];

function setUp(actions: CaseAction[], members = MEMBERS) {
  server.use(
    ...caseHandlers(aCase(actions)),
    http.get(apiUrl(`/api/v1/cases/${CASE_ID}/members`), () => HttpResponse.json({ items: members, next_cursor: null })),
    http.get(apiUrl("/api/v1/organizations"), () =>
      HttpResponse.json({
        items: [{ id: POLICE_ORG, name: "Polisen Exempelstad", kind: "police", is_active: true, created_at: "", updated_at: "", version: 1 }],
        next_cursor: null,
      }),
    ),
  );
  return renderWithProviders(<MembersTab />, { path: "/cases/$caseId/members", url: `/cases/${CASE_ID}/members` });
}

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("cell")[0]?.textContent);

describe("MembersTab", () => {
  it("lists current members first and former ones after, latest left first, with the reason", async () => {
    setUp([]);
    const current = await screen.findByRole("table", { name: "Nuvarande medlemmar i gruppen" });
    expect(names(current)).toEqual(["Polis Två", "Testa Testsson"]);
    expect(within(current).getByText("Polisen Exempelstad")).toBeInTheDocument();
    const former = screen.getByRole("table", { name: "Tidigare medlemmar i gruppen" });
    expect(names(former)).toEqual(["Coach Tre", "Lärare Ett"]);
    const first = within(former).getAllByRole("row")[1] as HTMLElement;
    expect(within(first).getByText("2026-06-01")).toBeInTheDocument();
    expect(within(first).getByText("Flyttat")).toBeInTheDocument();
    // Without add_member (and no other change allowed) nothing is offered.
    expect(screen.queryByRole("button", { name: "Lägg till medlem" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Avsluta medverkan/ })).not.toBeInTheDocument();
  });

  it("adds a Samverka user with the role chosen", async () => {
    let sent: unknown;
    server.use(
      http.get(apiUrl("/api/v1/users"), () =>
        HttpResponse.json({
          items: [{ id: "4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6b8d0f", username: "skola", display_name: "Sara Skola", organization_id: UNIT_ID, roles: ["professional"], is_active: true, created_at: "", updated_at: "", version: 1 }],
          next_cursor: null,
        }),
      ),
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/members`), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...member({ display_name: "Sara Skola" }), warnings: [] }, { status: 201 });
      }),
    );
    setUp(["add_member"]);
    await userEvent.click(await screen.findByRole("button", { name: "Lägg till medlem" }));
    const dialog = await screen.findByRole("dialog", { name: "Lägg till medlem i gruppen" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till" }));
    expect(await within(dialog).findAllByText("Obligatoriskt")).toHaveLength(2);
    expect(sent).toBeUndefined();

    await userEvent.click(await within(dialog).findByRole("combobox", { name: /^Person/ }));
    await userEvent.click(await screen.findByRole("option", { name: "Sara Skola", hidden: true }));
    await userEvent.click(within(dialog).getByRole("combobox", { name: /Roll i gruppen/ }));
    await userEvent.click(await screen.findByRole("option", { name: "Skola", hidden: true }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till" }));
    await waitFor(() =>
      expect(sent).toEqual({ kind: "user", user_id: "4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6b8d0f", group_role: "school" }),
    );
  }, 20_000);

  it("asks before ending a membership, and sends the reason", async () => {
    let sent: unknown;
    const police = MEMBERS[1] as Member;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/members/${police.id}/leave`), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...police, left_at: "2026-06-02T10:00:00+02:00" });
      }),
    );
    setUp(["add_member", "update"]);
    await userEvent.click(await screen.findByRole("button", { name: "Avsluta medverkan för Polis Två" }));
    const dialog = await screen.findByRole("dialog", { name: "Avsluta medverkan i gruppen" });
    expect(dialog).toHaveTextContent("förlorar sin åtkomst till ärendet direkt");
    expect(sent).toBeUndefined();
    await userEvent.type(within(dialog).getByLabelText(/Skäl/), "Byter tjänst");
    await userEvent.click(within(dialog).getByRole("button", { name: "Avsluta medverkan" }));
    await waitFor(() => expect(sent).toEqual({ reason: "Byter tjänst" }));
  }, 20_000);
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { aCase, CASE_ID, caseHandlers, typeDate, YOUNG_ID } from "../case/test-fixtures";
import type { CaseAction } from "../case/useCase";
import type { Consent } from "./consents";
import { ConsentsTab } from "./ConsentsTab";

const POLICE = "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d";
const SCHOOL = "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7";
const GUARDIAN = "c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f";

const ACTIVE: Consent = {
  id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
  case_id: CASE_ID,
  status: "active",
  expires_soon: true,
  grantors: [
    { person_id: YOUNG_ID, relation: "young_person", signed_on: "2026-05-04" },
    { person_id: GUARDIAN, relation: "guardian", signed_on: "2026-05-05" },
  ],
  organization_ids: [POLICE, SCHOOL],
  category_codes: ["police", "school"],
  valid_from: "2026-05-04",
  valid_until: "2026-06-20",
  collected_by_id: "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
  collected_by_organization_id: "5e7a9c1b-3d5f-4a7b-8c9d-0e1f2a3b4c5d",
  created_at: "2026-05-04T09:00:00+02:00",
  version: 1,
};

const WITHDRAWN: Consent = {
  ...ACTIVE,
  id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  status: "withdrawn",
  expires_soon: false,
  valid_from: "2026-01-10",
  valid_until: "2026-12-31",
  withdrawn_at: "2026-04-01T10:00:00+02:00",
  withdrawn_by_person_id: GUARDIAN,
};

const org = (id: string, name: string, kind: string) => ({ id, name, kind, is_active: true, created_at: "", updated_at: "", version: 1 });
const category = (code: string, name: string, order: number) => ({
  code,
  name_sv: name,
  name_en: name,
  is_social_services: code === "social_services",
  is_active: true,
  sort_order: order,
});

function setUp(actions: CaseAction[], consents: Consent[] = [ACTIVE, WITHDRAWN]) {
  server.use(
    ...caseHandlers(aCase(actions)),
    http.get(apiUrl(`/api/v1/cases/${CASE_ID}/consents`), () => HttpResponse.json({ items: consents, next_cursor: null })),
    http.get(apiUrl(`/api/v1/cases/${CASE_ID}/members`), () =>
      HttpResponse.json({
        items: [
          { id: "m1", kind: "person", group_role: "guardian", person_id: GUARDIAN, display_name: "Gun Testsson", joined_at: "2026-03-01T09:00:00+01:00" },
        ],
        next_cursor: null,
      }),
    ),
    http.get(apiUrl("/api/v1/organizations"), () =>
      HttpResponse.json({ items: [org(POLICE, "Polisen Exempelstad", "police"), org(SCHOOL, "Exempelskolan", "school")], next_cursor: null }),
    ),
    http.get(apiUrl("/api/v1/information-categories"), () =>
      HttpResponse.json({
        items: [category("school", "Skolgång och studieresultat", 10), category("police", "Misstankar om brott", 20)],
        next_cursor: null,
      }),
    ),
  );
  return renderWithProviders(<ConsentsTab />, { path: "/cases/$caseId/consents", url: `/cases/${CASE_ID}/consents` });
}

async function pick(dialog: HTMLElement, label: RegExp, option: string) {
  await userEvent.click(within(dialog).getByRole("combobox", { name: label }));
  await userEvent.click(await screen.findByRole("option", { name: option, hidden: true }));
}

describe("ConsentsTab", () => {
  it("shows each consent's status, period, organisations, information and signers in words", async () => {
    setUp([]);
    const active = await screen.findByRole("article", { name: "Samtycke 2026-05-04 – 2026-06-20" });
    expect(within(active).getByText("Status: Gäller")).toBeInTheDocument();
    expect(within(active).getByText("Går ut inom 30 dagar")).toBeInTheDocument();
    expect(await within(active).findByText("Polisen Exempelstad")).toBeInTheDocument();
    expect(await within(active).findByText("Skolgång och studieresultat")).toBeInTheDocument();
    expect(await within(active).findByText(/Testa Testsson \(den unge\), undertecknat 2026-05-04/)).toBeInTheDocument();
    expect(await within(active).findByText(/Gun Testsson \(vårdnadshavare\)/)).toBeInTheDocument();
    const withdrawn = screen.getByRole("article", { name: "Samtycke 2026-01-10 – 2026-12-31" });
    expect(within(withdrawn).getByText("Status: Återkallat")).toBeInTheDocument();
    // No change offered to a reader who may not change the case.
    expect(screen.queryByRole("button", { name: "Registrera samtycke" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Återkalla/ })).not.toBeInTheDocument();
  });

  it("registers a consent: required fields first, then the body the API expects", async () => {
    let sent: unknown;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/consents`), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(ACTIVE, { status: 201 });
      }),
    );
    setUp(["register_consent"], []);
    await userEvent.click(await screen.findByRole("button", { name: "Registrera samtycke" }));
    const dialog = await screen.findByRole("dialog", { name: "Registrera ett skriftligt samtycke" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Registrera samtycket" }));
    expect(await within(dialog).findAllByText("Välj minst en.")).toHaveLength(2);
    expect(within(dialog).getByText("Välj minst en som har skrivit under.")).toBeInTheDocument();
    expect(within(dialog).getByText("Obligatoriskt")).toBeInTheDocument(); // valid until
    expect(sent).toBeUndefined();

    await pick(dialog, /Organisationer som får utbyta/, "Polisen Exempelstad");
    await pick(dialog, /Uppgifter som får utbytas/, "Misstankar om brott");
    await userEvent.click(await within(dialog).findByRole("checkbox", { name: /Testa Testsson \(den unge\)/ }));
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Gun Testsson \(vårdnadshavare\)/ }));
    typeDate(within(dialog).getByLabelText(/Datum för underskrift, Testa Testsson/), "2026-05-04");
    typeDate(within(dialog).getByLabelText(/Datum för underskrift, Gun Testsson/), "2026-05-03");
    typeDate(within(dialog).getByLabelText(/Giltigt från/), "2026-05-04");
    typeDate(within(dialog).getByLabelText(/Giltigt till/), "2027-05-03");
    await userEvent.click(within(dialog).getByLabelText(/Var blanketten finns/));
    await userEvent.paste("Akt 2026-14");
    await userEvent.click(within(dialog).getByRole("button", { name: "Registrera samtycket" }));
    await waitFor(() =>
      expect(sent).toEqual({
        organization_ids: [POLICE],
        category_codes: ["police"],
        grantors: [
          { person_id: YOUNG_ID, signed_on: "2026-05-04" },
          { person_id: GUARDIAN, signed_on: "2026-05-03" },
        ],
        valid_from: "2026-05-04",
        valid_until: "2027-05-03",
        document_reference: "Akt 2026-14",
      }),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  }, 45_000);

  it("puts the API's 422 on the field it names", async () => {
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/consents`), () =>
        problem(422, "Check these fields: valid_until.", [
          { field: "body.valid_until", rule: "max_duration", message: "A consent may be valid for at most one year." },
          { field: "body.grantors.0.signed_on", rule: "in_future", message: "A signature cannot be dated in the future." },
        ]),
      ),
    );
    setUp(["register_consent"], []);
    await userEvent.click(await screen.findByRole("button", { name: "Registrera samtycke" }));
    const dialog = await screen.findByRole("dialog");
    await pick(dialog, /Organisationer som får utbyta/, "Exempelskolan");
    await pick(dialog, /Uppgifter som får utbytas/, "Skolgång och studieresultat");
    await userEvent.click(await within(dialog).findByRole("checkbox", { name: /Gun Testsson/ }));
    typeDate(within(dialog).getByLabelText(/Giltigt till/), "2028-05-03");
    await userEvent.click(within(dialog).getByRole("button", { name: "Registrera samtycket" }));
    expect(await within(dialog).findByText("A consent may be valid for at most one year.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Giltigt till/)).toHaveAttribute("aria-invalid", "true");
    // grantors.0 is the first one sent: the guardian, the only one ticked.
    expect(within(dialog).getByLabelText(/Datum för underskrift, Gun Testsson/)).toHaveAttribute("aria-invalid", "true");
  }, 45_000);

  it("asks for confirmation, saying access ends at once, before withdrawing", async () => {
    let sent: unknown;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/consents/${ACTIVE.id}/withdraw`), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...ACTIVE, status: "withdrawn" });
      }),
    );
    setUp(["register_consent", "update"]);
    await userEvent.click(await screen.findByRole("button", { name: "Återkalla samtycket 2026-05-04 – 2026-06-20" }));
    // Only the consent in force can be withdrawn.
    expect(screen.queryByRole("button", { name: "Återkalla samtycket 2026-01-10 – 2026-12-31" })).not.toBeInTheDocument();
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("förlorar genast sin åtkomst");
    expect(sent).toBeUndefined();
    await userEvent.click(within(dialog).getByRole("button", { name: "Återkalla samtycket" }));
    expect(await within(dialog).findByText("Obligatoriskt")).toBeInTheDocument();
    expect(sent).toBeUndefined();
    await userEvent.click(within(dialog).getByRole("combobox", { name: /Vem återkallar/ }));
    await userEvent.click(await screen.findByRole("option", { name: "Gun Testsson (vårdnadshavare)", hidden: true }));
    await userEvent.type(within(dialog).getByLabelText(/Skäl/), "Vill inte längre");
    await userEvent.click(within(dialog).getByRole("button", { name: "Återkalla samtycket" }));
    await waitFor(() => expect(sent).toEqual({ withdrawn_by_person_id: GUARDIAN, reason: "Vill inte längre" }));
  }, 45_000);
});

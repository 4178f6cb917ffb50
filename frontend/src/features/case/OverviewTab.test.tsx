import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { nextStep, OverviewTab } from "./OverviewTab";
import { aCase, CASE_ID, caseHandlers, typeDate } from "./test-fixtures";

function renderOverview() {
  return renderWithProviders(<OverviewTab />, { path: "/cases/$caseId", url: `/cases/${CASE_ID}` });
}

describe("OverviewTab", () => {
  it("offers only the actions the API lists", async () => {
    server.use(...caseHandlers(aCase(["update", "close"])));
    renderOverview();
    expect(await screen.findByRole("button", { name: "Ändra uppgifter" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Avsluta ärendet" })).toBeInTheDocument();
    // A decided case the API does not let this user activate: no activate button.
    expect(screen.queryByRole("button", { name: "Aktivera insatsen" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Fatta beslut" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Avslå förslaget" })).not.toBeInTheDocument();
  });

  it("shows no action at all to a reader who may take none", async () => {
    server.use(...caseHandlers(aCase([])));
    renderOverview();
    expect(await screen.findByText("Det finns inget du kan ändra i ärendet just nu.")).toBeInTheDocument();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("shows the case's facts as a definition list", async () => {
    server.use(...caseHandlers(aCase([])));
    renderOverview();
    const facts = await screen.findByRole("region", { name: "Uppgifter om ärendet" });
    expect(within(facts).getByText("Bistånd enligt SoL 4 kap. 1 §")).toBeInTheDocument();
    expect(within(facts).getByText("2026-03-16")).toBeInTheDocument();
    expect(within(facts).getByText("Risk för kriminell livsstil")).toBeInTheDocument();
    expect(await within(facts).findByText("Hanna Handläggare")).toBeInTheDocument();
    expect(within(facts).getByText("Inte tilldelad")).toBeInTheDocument();
  });

  it("activates with the period typed, sending the ETag", async () => {
    let sent: unknown;
    let ifMatch: string | null = null;
    server.use(
      ...caseHandlers(aCase(["activate"])),
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/activate`), async ({ request }) => {
        sent = await request.json();
        ifMatch = request.headers.get("If-Match");
        return HttpResponse.json(aCase([], { status: "active" }));
      }),
    );
    renderOverview();
    await userEvent.click(await screen.findByRole("button", { name: "Aktivera insatsen" }));
    const dialog = await screen.findByRole("dialog", { name: "Aktivera insatsen" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Aktivera" }));
    // The end date is required: nothing is sent without it.
    expect(await within(dialog).findByText("Obligatoriskt")).toBeInTheDocument();
    expect(sent).toBeUndefined();

    typeDate(within(dialog).getByLabelText(/Insatsen börjar/), "2026-05-04");
    typeDate(within(dialog).getByLabelText(/Insatsen slutar/), "2026-11-30");
    await userEvent.click(within(dialog).getByRole("button", { name: "Aktivera" }));
    await waitFor(() => expect(sent).toEqual({ intervention_start_on: "2026-05-04", intervention_end_on: "2026-11-30" }));
    expect(ifMatch).toBe('"v7"');
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  }, 20_000);

  it("explains a 409 inside the activate modal", async () => {
    server.use(
      ...caseHandlers(aCase(["activate"], { intervention_end_on: "2026-11-30" })),
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/activate`), () =>
        problem(409, "The case has no consent in force; register the young person's written consent first."),
      ),
    );
    renderOverview();
    await userEvent.click(await screen.findByRole("button", { name: "Aktivera insatsen" }));
    const dialog = await screen.findByRole("dialog", { name: "Aktivera insatsen" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Aktivera" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("no consent in force");
  });

  it("decides with the legal basis and date chosen", async () => {
    let sent: unknown;
    server.use(
      ...caseHandlers(aCase(["decide", "reject"], { status: "assessing", legal_basis: null, decided_on: null })),
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/decide`), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(aCase([], { status: "decided" }));
      }),
    );
    renderOverview();
    await userEvent.click(await screen.findByRole("button", { name: "Fatta beslut" }));
    const dialog = await screen.findByRole("dialog", { name: "Fatta beslut om insatsen" });
    await userEvent.click(within(dialog).getByRole("combobox", { name: /Grund för beslutet/ }));
    await userEvent.click(await screen.findByRole("option", { name: "LVU 11 §", hidden: true }));
    typeDate(within(dialog).getByLabelText(/Beslutsdatum/), "2026-05-04");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara beslutet" }));
    await waitFor(() => expect(sent).toEqual({ legal_basis: "lvu_11", decided_on: "2026-05-04" }));
  }, 20_000);

  it("puts a 422 on the field it names", async () => {
    server.use(
      ...caseHandlers(aCase(["decide"], { status: "assessing" })),
      http.post(apiUrl(`/api/v1/cases/${CASE_ID}/decide`), () =>
        problem(422, "Check these fields", [
          { field: "body.decided_on", rule: "in_future", message: "A decision cannot be dated in the future." },
        ]),
      ),
    );
    renderOverview();
    await userEvent.click(await screen.findByRole("button", { name: "Fatta beslut" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara beslutet" }));
    expect(await within(dialog).findByText("Datumet får inte ligga i framtiden.")).toBeInTheDocument();
  });

  it("updates only what changed, with If-Match, and says so on 412", async () => {
    let sent: unknown;
    let ifMatch: string | null = null;
    server.use(
      ...caseHandlers(aCase(["update"], { youth_goals: "Gå till skolan." })),
      http.patch(apiUrl(`/api/v1/cases/${CASE_ID}`), async ({ request }) => {
        sent = await request.json();
        ifMatch = request.headers.get("If-Match");
        return problem(412, "The case has changed.");
      }),
    );
    renderOverview();
    await userEvent.click(await screen.findByRole("button", { name: "Ändra uppgifter" }));
    const dialog = await screen.findByRole("dialog", { name: "Ändra uppgifter" });
    const goals = within(dialog).getByLabelText("Den unges mål");
    await userEvent.clear(goals);
    await userEvent.type(goals, "Träna fotboll.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara ändringar" }));
    await waitFor(() => expect(sent).toEqual({ youth_goals: "Träna fotboll." }));
    expect(ifMatch).toBe('"v7"');
    expect(await screen.findByText(/Någon annan har ändrat detta/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ladda om" })).toBeInTheDocument();
  }, 20_000);
});

describe("nextStep", () => {
  const base = { status: "assessing", case_officer_id: null } as unknown as Parameters<typeof nextStep>[0];
  it("says who acts next when it is someone else's turn", () => {
    expect(nextStep(base, new Set())).toBe("assignOfficer");
    expect(nextStep({ ...base, case_officer_id: "u1" }, new Set())).toBe("officerDecides");
    expect(nextStep({ ...base, case_officer_id: "u1" }, new Set(["decide"]))).toBeNull();
    expect(nextStep({ ...base, status: "decided" }, new Set(["register_consent"]))).toBe("consentFirst");
    expect(nextStep({ ...base, status: "decided" }, new Set(["register_consent", "activate"]))).toBeNull();
  });
});

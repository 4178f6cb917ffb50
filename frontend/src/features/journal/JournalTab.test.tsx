import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { JournalTab } from "./JournalTab";


const CASE = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const POLICE_ORG = "11111111-1111-4111-8111-111111111111";
const SCHOOL_ORG = "22222222-2222-4222-8222-222222222222";

const CATEGORIES = [
  ["school", "Skolgång och studieresultat", false, 10],
  ["police", "Polisiära uppgifter och misstänkta brott", false, 20],
  ["health", "Hälsa och psykiatri", false, 30],
  ["social_services", "Socialtjänstens utredning och insatser", true, 40],
].map(([code, name_sv, is_social_services, sort_order]) => ({
  code,
  name_sv,
  name_en: code,
  is_social_services,
  is_active: true,
  sort_order,
}));

function entry(id: string, category_code: string, body: string, occurred_at: string, org = SCHOOL_ORG) {
  return {
    id,
    category_code,
    kind: "note",
    occurred_at,
    body,
    author_id: "u-1",
    author_organization_id: org,
    created_at: occurred_at,
    version: 1,
  };
}

const schoolEntry = entry("e-school", "school", "Frånvarande hela veckan.", "2026-04-20T08:15:00+02:00");
const policeEntry = entry("e-police", "police", "Samtal med Testa på stationen.", "2026-04-18T19:40:00+02:00", POLICE_ORG);

/** A police officer: a professional whose consent covers police and school information. */
function serveCase(actions: string[], entries: object[]) {
  server.use(
    http.get(apiUrl(`/api/v1/cases/${CASE}`), () =>
      HttpResponse.json({
        id: CASE,
        reference: "SIG-2026-0007",
        status: "active",
        target_group: "crime",
        young_person: { id: "p1", given_name: "Testa", family_name: "Testsson", birth_date: "2010-01-01" },
        owning_unit_id: "unit-social",
        updated_at: "2026-03-02T08:30:00+01:00",
        proposed_by_organization_kind: "police",
        created_at: "2026-03-02T08:30:00+01:00",
        version: 7,
        actions,
      }),
    ),
    http.get(apiUrl("/api/v1/me"), () =>
      HttpResponse.json({
        kind: "user",
        id: "u-police",
        display_name: "Per Polis",
        organization: { id: POLICE_ORG, name: "Polisen Exempelstad", kind: "police" },
        unit: null,
        roles: ["professional"],
        scopes: ["cases:read", "cases:write"],
      }),
    ),
    http.get(apiUrl("/api/v1/information-categories"), () => HttpResponse.json({ items: CATEGORIES, next_cursor: null })),
    http.get(apiUrl(`/api/v1/organizations/${SCHOOL_ORG}`), () =>
      HttpResponse.json({ id: SCHOOL_ORG, name: "Exempelskolan", kind: "school" }),
    ),
    http.get(apiUrl(`/api/v1/cases/${CASE}/consents`), () =>
      HttpResponse.json({
        items: [
          { id: "c1", status: "active", organization_ids: [POLICE_ORG, SCHOOL_ORG], category_codes: ["school", "police"] },
          { id: "c0", status: "withdrawn", organization_ids: [POLICE_ORG], category_codes: ["health"] },
        ],
        next_cursor: null,
      }),
    ),
    http.get(apiUrl(`/api/v1/cases/${CASE}/journal`), () => HttpResponse.json({ items: entries, next_cursor: null })),
  );
}

function renderTab() {
  return renderWithProviders(<JournalTab />, { path: "/cases/$caseId/journal", url: `/cases/${CASE}/journal` });
}

async function choose(label: string | RegExp, option: string) {
  await userEvent.selectOptions(await screen.findByLabelText(label), option);
}

function optionsOf(label: RegExp): string[] {
  return within(screen.getByLabelText(label)).getAllByRole("option").map((o) => o.textContent ?? "");
}

describe("JournalTab", () => {
  it("shows each entry with time, author organisation, category name and text", async () => {
    serveCase([], [schoolEntry, policeEntry]);
    renderTab();
    const school = await screen.findByRole("article", { name: /2026-04-20 08:15/ });
    expect(within(school).getByText("Skolgång och studieresultat")).toBeInTheDocument();
    expect(await within(school).findByText("Skriven av Exempelskolan")).toBeInTheDocument();
    expect(within(school).getByText("Frånvarande hela veckan.")).toBeInTheDocument();
    const police = screen.getByRole("article", { name: /2026-04-18 19:40/ });
    expect(within(police).getByText("Skriven av Polisen Exempelstad")).toBeInTheDocument();
  });

  it("has no serious accessibility violations, with the form and the entries", async () => {
    serveCase(["write_journal"], [schoolEntry, policeEntry]);
    const { container } = renderTab();
    await screen.findByText("Frånvarande hela veckan.");
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("offers no form without write_journal", async () => {
    serveCase([], [schoolEntry]);
    renderTab();
    await screen.findByText("Frånvarande hela veckan.");
    expect(screen.queryByRole("button", { name: "Spara anteckning" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Ny anteckning" })).not.toBeInTheDocument();
  });

  it("filters the entries shown by category", async () => {
    serveCase([], [schoolEntry, policeEntry]);
    renderTab();
    await screen.findByText("Frånvarande hela veckan.");
    await choose("Visa kategori", "Polisiära uppgifter och misstänkta brott");
    expect(screen.getByText("Samtal med Testa på stationen.")).toBeInTheDocument();
    expect(screen.queryByText("Frånvarande hela veckan.")).not.toBeInTheDocument();
    await choose("Visa kategori", "Alla kategorier");
    expect(screen.getByText("Frånvarande hela veckan.")).toBeInTheDocument();
  });

  it("offers only the categories the consent lets the writer's organisation share", async () => {
    serveCase(["write_journal"], []);
    renderTab();
    await screen.findByLabelText(/^Kategori/);
    await waitFor(() => expect(optionsOf(/^Kategori/)).toHaveLength(3), { timeout: 8000 });
    expect(optionsOf(/^Kategori/)).toEqual([
      "Välj kategori",
      "Skolgång och studieresultat",
      "Polisiära uppgifter och misstänkta brott",
    ]);
    // A concern report always goes to social services.
    await choose(/^Typ av anteckning/, "Orosanmälan");
    expect(optionsOf(/^Kategori/)).toContain("Socialtjänstens utredning och insatser");
    expect(optionsOf(/^Kategori/)).not.toContain("Hälsa och psykiatri");
  });

  it("sends the category and text, and shows the new entry once the journal is read again", async () => {
    const written = entry("e-new", "police", "Testa hördes om helgens händelse.", "2026-04-21T10:00:00+02:00", POLICE_ORG);
    let saved = false;
    let sent: Record<string, unknown> | undefined;
    serveCase(["write_journal"], [schoolEntry]);
    server.use(
      http.get(apiUrl(`/api/v1/cases/${CASE}/journal`), () =>
        HttpResponse.json({ items: saved ? [written, schoolEntry] : [schoolEntry], next_cursor: null }),
      ),
      http.post(apiUrl(`/api/v1/cases/${CASE}/journal`), async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        saved = true;
        return HttpResponse.json(written, { status: 201 });
      }),
    );
    renderTab();
    await screen.findByText("Frånvarande hela veckan.");
    await waitFor(() => expect(optionsOf(/^Kategori/)).toHaveLength(3), { timeout: 8000 });
    await choose(/^Kategori/, "Polisiära uppgifter och misstänkta brott");
    fireEvent.change(screen.getByRole("textbox", { name: /^Anteckning/ }), {
      target: { value: "Testa hördes om helgens händelse." },
    });
    expect(screen.getByText(/33 av 20000 tecken/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Spara anteckning" }));
    expect(await screen.findByRole("article", { name: /2026-04-21 10:00/ })).toHaveTextContent(
      "Testa hördes om helgens händelse.",
    );
    expect(sent).toMatchObject({ kind: "note", category_code: "police", body: "Testa hördes om helgens händelse." });
    expect(sent?.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[12]:00$/);
  });

  it("shows the API's refusal on the category field", async () => {
    serveCase(["write_journal"], []);
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/journal`), () =>
        problem(409, "The consent does not cover this information category for your organisation.", [
          { field: "body.category_code", rule: "not_covered_by_consent", message: "Not covered." },
        ]),
      ),
    );
    renderTab();
    await waitFor(() => expect(optionsOf(/^Kategori/)).toHaveLength(3), { timeout: 8000 });
    await choose(/^Kategori/, "Skolgång och studieresultat");
    fireEvent.change(screen.getByRole("textbox", { name: /^Anteckning/ }), { target: { value: "Ny uppgift." } });
    await userEvent.click(screen.getByRole("button", { name: "Spara anteckning" }));
    const category = screen.getByLabelText(/^Kategori/);
    await waitFor(() =>
      expect(category).toHaveAccessibleDescription(
        expect.stringContaining("Samtycket låter inte din organisation dela uppgifter i den här kategorin."),
      ),
    );
  });

  it("asks for a category and text before sending", async () => {
    serveCase(["write_journal"], []);
    let posted = false;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/journal`), () => {
        posted = true;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Spara anteckning" }));
    expect(await screen.findByText("Välj en kategori.")).toBeInTheDocument();
    expect(screen.getByText("Skriv något i anteckningen.")).toBeInTheDocument();
    expect(posted).toBe(false);
  });

  it("loads older entries with the cursor of the previous page", async () => {
    serveCase([], []);
    const cursors: (string | null)[] = [];
    server.use(
      http.get(apiUrl(`/api/v1/cases/${CASE}/journal`), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        cursors.push(cursor);
        return HttpResponse.json(
          cursor === "page-2" ? { items: [policeEntry], next_cursor: null } : { items: [schoolEntry], next_cursor: "page-2" },
        );
      }),
    );
    renderTab();
    await screen.findByText("Frånvarande hela veckan.");
    await userEvent.click(screen.getByRole("button", { name: "Visa fler" }));
    expect(await screen.findByText("Samtal med Testa på stationen.")).toBeInTheDocument();
    expect(cursors).toEqual([null, "page-2"]);
    expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument();
  });
});

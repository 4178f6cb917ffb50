import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { notifications } from "@mantine/notifications";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { PlanTab } from "./PlanTab";
import { CASE_ID, ME, MEMBERS, planHandlers, planItem, POLICE, YOUNG } from "./testData";

const BASE = `/api/v1/cases/${CASE_ID}`;

/** Type into a field at once (a pasted value: typing each key is slow on a shared machine). */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

function renderPlan() {
  return renderWithProviders(<PlanTab />, { path: "/cases/$caseId/plan", url: `/cases/${CASE_ID}/plan` });
}

describe("PlanTab", { timeout: 20_000 }, () => {
  afterEach(() => notifications.clean());

  it("shows the draft's items with who, by when and what to do if it cannot be done", async () => {
    server.use(...planHandlers({ actions: [] }));
    const { container } = renderPlan();
    expect(await screen.findByRole("heading", { level: 2, name: "Handlingsplan" })).toBeInTheDocument();
    const item = await screen.findByRole("article", { name: "Punkt 1" });
    expect(within(item).getByText("Ordna studiestöd tre eftermiddagar i veckan.")).toBeInTheDocument();
    expect(await within(item).findByText("Testa (den unga)")).toBeInTheDocument();
    expect(within(item).getByText("2026-05-29")).toBeInTheDocument();
    expect(within(item).getByText("Kontakta samordnaren")).toBeInTheDocument();
    expect(screen.getByText("Planen har inte publicerats än.")).toBeInTheDocument();
    // Without edit_plan or publish_plan nothing is offered that the API would refuse.
    expect(screen.queryByRole("button", { name: "Lägg till punkt" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ändra punkt 1" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Publicera planen" })).not.toBeInTheDocument();
    const results = await axe(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);
  });

  it("adds an item: sends the body, and puts the API's 422 message on its field", async () => {
    let sent: Record<string, unknown> | undefined;
    server.use(
      ...planHandlers({ items: [] }),
      http.post(apiUrl(`${BASE}/action-plan/items`), async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return problem(422, "The request is not valid", [
          {
            field: "body.responsible_member_id",
            rule: "not_current_member",
            message: "Välj någon som är med i gruppen nu.",
          },
        ]);
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Lägg till punkt" }));
    const dialog = await screen.findByRole("dialog", { name: "Ny punkt i planen" });
    // The fields are required before anything is sent.
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara punkten" }));
    expect(within(dialog).getAllByText("Obligatoriskt").length).toBeGreaterThan(0);
    expect(sent).toBeUndefined();

    await fill(within(dialog).getByLabelText(/Vad ska göras/), "Gå till skolan varje dag.");
    await fill(within(dialog).getByLabelText(/Samma sak i enkla ord/), "Du går till skolan.");
    await userEvent.selectOptions(within(dialog).getByLabelText(/Vem ansvarar/), YOUNG);
    await userEvent.selectOptions(within(dialog).getByLabelText(/Område/), "school");
    await fill(within(dialog).getByLabelText(/Hur vi ser att det är gjort/), "Närvaron i skolan.");
    expect(within(dialog).getByLabelText(/Om det inte går att göra/)).toHaveValue("Kontakta samordnaren");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara punkten" }));

    expect(await within(dialog).findByText("Välj någon som är med i gruppen nu.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Vem ansvarar/)).toHaveAttribute("aria-invalid", "true");
    expect(sent).toEqual({
      text: "Gå till skolan varje dag.",
      plain_text: "Du går till skolan.",
      responsible_member_id: YOUNG,
      due_on: null,
      category_code: "school",
      completion_evidence: "Närvaron i skolan.",
      fallback_action: "Kontakta samordnaren",
    });
  });

  it("edits an item with the item's version as If-Match and sends only what changed", async () => {
    let ifMatch: string | null = null;
    let sent: unknown;
    server.use(
      ...planHandlers(),
      http.patch(apiUrl(`${BASE}/action-plan/items/:itemId`), async ({ request }) => {
        ifMatch = request.headers.get("If-Match");
        sent = await request.json();
        return HttpResponse.json(planItem({ status: "in_progress", version: 5 }));
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Ändra punkt 1" }));
    const dialog = await screen.findByRole("dialog", { name: "Ändra punkt 1" });
    await userEvent.selectOptions(within(dialog).getByLabelText("Läge"), "in_progress");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara ändringarna" }));
    await waitFor(() => expect(sent).toEqual({ status: "in_progress" }));
    expect(ifMatch).toBe('"v4"');
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("says someone else changed the item (412), reloads it, and saves on the new version", async () => {
    let reads = 0;
    const matches: (string | null)[] = [];
    server.use(
      http.get(apiUrl(`${BASE}/action-plan`), () => {
        reads += 1;
        // Someone else saved the item meanwhile: the reload brings its version 5.
        const item = reads === 1 ? planItem() : planItem({ version: 5, follow_up_notes: null });
        return HttpResponse.json({ draft_id: "d", version: 3 + reads, latest_published_number: null, items: [item] });
      }),
      http.patch(apiUrl(`${BASE}/action-plan/items/:itemId`), ({ request }) => {
        matches.push(request.headers.get("If-Match"));
        return request.headers.get("If-Match") === '"v4"'
          ? problem(412, "The resource has changed")
          : HttpResponse.json(planItem({ version: 6, follow_up_notes: "Har börjat." }));
      }),
      ...planHandlers(),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Ändra punkt 1" }));
    const dialog = await screen.findByRole("dialog", { name: "Ändra punkt 1" });
    await fill(within(dialog).getByLabelText(/Anteckning om läget/), "Har börjat.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara ändringarna" }));
    expect(await screen.findByText(/Någon annan har ändrat detta/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Ladda om" }));
    await waitFor(() => expect(reads).toBeGreaterThan(1));
    // The form keeps what was written; saving again is based on the version just read.
    expect(within(dialog).getByLabelText(/Anteckning om läget/)).toHaveValue("Har börjat.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara ändringarna" }));
    await waitFor(() => expect(matches).toEqual(['"v4"', '"v5"']));
  });

  it("removes an item only after confirmation", async () => {
    let removed = false;
    server.use(
      ...planHandlers(),
      http.delete(apiUrl(`${BASE}/action-plan/items/:itemId`), () => {
        removed = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Ta bort punkt 1" }));
    const dialog = await screen.findByRole("dialog", { name: "Ta bort punkt 1?" });
    expect(removed).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Ta bort punkten" }));
    await waitFor(() => expect(removed).toBe(true));
  });

  it("does not offer publishing without publish_plan", async () => {
    server.use(...planHandlers({ actions: ["edit_plan"] }));
    renderPlan();
    await screen.findByRole("button", { name: "Lägg till punkt" });
    expect(screen.queryByRole("button", { name: "Publicera planen" })).not.toBeInTheDocument();
  });

  it("publishes after a confirmation that says the plan is shared with the group and the young person", async () => {
    let ifMatch: string | null = null;
    let sent: unknown;
    server.use(
      ...planHandlers({ latest: 1 }),
      http.get(apiUrl(`${BASE}/meetings`), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.post(apiUrl(`${BASE}/action-plan/publish`), async ({ request }) => {
        ifMatch = request.headers.get("If-Match");
        sent = await request.json();
        return HttpResponse.json(
          { id: "v2", number: 2, published_at: "2026-05-04T10:30:00+02:00", version: 1, items: [] },
          { status: 201 },
        );
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Publicera planen" }));
    const dialog = await screen.findByRole("dialog", { name: "Publicera planen?" });
    expect(within(dialog).getByText(/delas då med alla i gruppen, också med den unga och vårdnadshavarna/)).toBeInTheDocument();
    expect(sent).toBeUndefined();
    await userEvent.click(within(dialog).getByRole("button", { name: "Publicera version 2" }));
    await waitFor(() => expect(sent).toEqual({ meeting_id: null }));
    expect(ifMatch).toBe('"v3"');
    expect(await screen.findByText("Version 2 är publicerad och delad med gruppen.")).toBeInTheDocument();
  });

  it("lets the responsible member report progress without edit_plan, and no one else", async () => {
    let sent: unknown;
    const mine = planItem({ id: "11111111-2222-4333-8444-555555555555", responsible_member_id: MEMBERS[1]!.id });
    const theirs = planItem({ responsible_member_id: POLICE });
    server.use(
      ...planHandlers({ actions: [], items: [mine, theirs], me: ME }),
      http.patch(apiUrl(`${BASE}/action-plan/items/:itemId`), async ({ request, params }) => {
        expect(params.itemId).toBe(mine.id);
        sent = await request.json();
        return HttpResponse.json({ ...mine, status: "done" });
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Rapportera läget för punkt 1" }));
    expect(screen.queryByRole("button", { name: "Rapportera läget för punkt 2" })).not.toBeInTheDocument();
    const dialog = await screen.findByRole("dialog", { name: "Läget för punkt 1" });
    expect(within(dialog).queryByLabelText(/Vad ska göras/)).not.toBeInTheDocument();
    await userEvent.selectOptions(within(dialog).getByLabelText("Läge"), "done");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara läget" }));
    await waitFor(() => expect(sent).toEqual({ status: "done" }));
  });

  it("shows what changed in a version: added, changed field by field, and dropped items", async () => {
    const before = planItem({ id: "aaaaaaaa-0000-4000-8000-000000000001", due_on: "2026-04-30", version: 1 });
    const after = planItem({ id: "aaaaaaaa-0000-4000-8000-000000000002", due_on: "2026-05-29", carried_from_id: before.id });
    const added = planItem({ id: "aaaaaaaa-0000-4000-8000-000000000003", text: "Börja träna fotboll igen." });
    const dropped = planItem({
      id: "aaaaaaaa-0000-4000-8000-000000000004",
      text: "Söka sommarjobb.",
      status: "not_done",
    });
    server.use(
      ...planHandlers({
        actions: [],
        latest: 2,
        versions: [
          { id: "v2", number: 2, published_at: "2026-05-04T10:30:00+02:00", meeting_id: null },
          { id: "v1", number: 1, published_at: "2026-04-06T10:00:00+02:00", meeting_id: null },
        ],
      }),
      http.get(apiUrl(`${BASE}/action-plan/versions/2`), () =>
        HttpResponse.json({ id: "v2", number: 2, published_at: "2026-05-04T10:30:00+02:00", version: 1, items: [after, added] }),
      ),
      http.get(apiUrl(`${BASE}/action-plan/versions/2/changes`), () =>
        HttpResponse.json({
          number: 2,
          previous_number: 1,
          added: [{ item: added, previous: null, changed_fields: [] }],
          changed: [{ item: after, previous: before, changed_fields: ["due_on"] }],
          finished: [],
          dropped: [{ item: dropped, previous: null, changed_fields: [] }],
        }),
      ),
    );
    renderPlan();
    expect(await screen.findByText("Senast publicerad: version 2, 2026-05-04.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Utskriftsvänlig plan" })).toHaveAttribute("href", `/cases/${CASE_ID}/print`);
    await userEvent.click(await screen.findByRole("button", { name: "Visa version 2" }));
    expect(await screen.findByRole("heading", { name: "Vad ändrades sedan version 1" })).toBeInTheDocument();
    const addedList = screen.getByRole("heading", { name: "Nya punkter" }).parentElement!;
    expect(within(addedList).getByText("Börja träna fotboll igen.")).toBeInTheDocument();
    const droppedList = screen.getByRole("heading", { name: "Togs bort utan att bli klara" }).parentElement!;
    expect(within(droppedList).getByText("Söka sommarjobb.")).toBeInTheDocument();
    expect(within(droppedList).getByText("Läge: Blev inte gjord")).toBeInTheDocument();
    expect(screen.getByText("Klart senast ändrades från 2026-04-30 till 2026-05-29")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Punkterna i version 2" })).toBeInTheDocument();
  });

  it("downloads a version's PDF through the API client and saves it as a file", async () => {
    let fetched = false;
    const created: string[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob.type);
      return "blob:plan";
    };
    URL.revokeObjectURL = () => undefined;
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
    server.use(
      ...planHandlers({
        actions: [],
        latest: 1,
        versions: [{ id: "v1", number: 1, published_at: "2026-04-06T10:00:00+02:00", meeting_id: null }],
      }),
      http.get(apiUrl(`${BASE}/action-plan/versions/1.pdf`), () => {
        fetched = true;
        return new HttpResponse("%PDF-1.7", {
          headers: { "Content-Type": "application/pdf" },
        });
      }),
    );
    renderPlan();
    await userEvent.click(await screen.findByRole("button", { name: "Ladda ner version 1 som PDF" }));
    await waitFor(() => expect(created).toEqual(["application/pdf"]));
    expect(fetched).toBe(true);
    expect(saved).toEqual(["handlingsplan-version-1.pdf blob:plan"]);
  });

  it("explains a refused read of the plan", async () => {
    // The first matching handler answers: the refusal goes before the usual reads.
    server.use(
      http.get(apiUrl(`${BASE}/action-plan`), () => problem(403, "Not allowed")),
      ...planHandlers(),
    );
    renderPlan();
    expect(await screen.findByText(/Du har inte behörighet till det här/)).toBeInTheDocument();
  });
});


import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { AdminPage } from "./AdminPage";
import type { ClientWithSecret, IntegrationClient, Organization, User } from "./types";

/** The first render mounts the whole app's modules: give a busy machine time. */
const WAIT = { timeout: 5000 };
const SLOW = 30_000;

const STAMP = { created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };

const UNIT: Organization = {
  id: "8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  name: "Socialtjänsten Norr",
  kind: "social_services",
  parent_id: null,
  municipality_code: "9999",
  is_active: true,
  version: 1,
  ...STAMP,
};
const POLICE: Organization = { ...UNIT, id: "6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b", name: "Polisen Syd", kind: "police" };

const ME_ID = "11111111-1111-4111-8111-111111111111";
const ADMIN: User = {
  id: ME_ID,
  username: "admin",
  display_name: "Ada Admin",
  email: null,
  organization_id: UNIT.id,
  unit_id: null,
  roles: ["admin"],
  is_active: true,
  version: 1,
  ...STAMP,
};
const HANNA: User = {
  id: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
  username: "hanna.handlaggare",
  display_name: "Hanna Handläggare",
  email: "hanna@exempelstad.example",
  organization_id: UNIT.id,
  unit_id: UNIT.id,
  roles: ["case_officer"],
  is_active: true,
  version: 3,
  ...STAMP,
};
const CLIENT: IntegrationClient = {
  id: "0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f",
  client_id: "polisens-system",
  name: "Polisens ärendesystem",
  organization_id: POLICE.id,
  scopes: ["cases:read"],
  is_active: true,
  version: 2,
  ...STAMP,
};
const SECRET = "nQ3k1s9Hf0vX2bYp7LmA4eRt6uWz8cJd5gKo1iSa0yE";

function serveDirectory() {
  server.use(
    http.get(apiUrl("/api/v1/me"), () =>
      HttpResponse.json({
        kind: "user",
        id: ME_ID,
        username: "admin",
        display_name: "Ada Admin",
        organization: { id: UNIT.id, name: UNIT.name, kind: "social_services" },
        unit: null,
        roles: ["admin"],
        scopes: ["directory:manage", "profile"],
      }),
    ),
    http.get(apiUrl("/api/v1/organizations"), () => HttpResponse.json({ items: [POLICE, UNIT], next_cursor: null })),
    http.get(apiUrl("/api/v1/users"), () => HttpResponse.json({ items: [ADMIN, HANNA], next_cursor: null })),
    http.get(apiUrl("/api/v1/clients"), () => HttpResponse.json({ items: [CLIENT], next_cursor: null })),
  );
}

async function openTab(name: "Organisationer" | "Användare" | "Integrationer") {
  renderWithProviders(<AdminPage />, { path: "/admin" });
  await userEvent.click(await screen.findByRole("tab", { name }, WAIT));
}

/** Mantine's dropdowns do not become visible in jsdom: pick the option all the same. */
/** Typing letter by letter is slow on a busy machine: put the text in at once. */
async function fill(input: HTMLElement, text: string) {
  await userEvent.click(input);
  await userEvent.paste(text);
}

async function choose(label: string, option: string) {
  const dialog = screen.getAllByRole("dialog").at(-1)!;
  const input = within(dialog).getByLabelText(new RegExp(`^${label}`), { selector: "input" });
  await userEvent.click(input);
  await waitFor(() => expect(input).toHaveAttribute("aria-controls"));
  const listbox = document.getElementById(input.getAttribute("aria-controls")!)!;
  await userEvent.click(within(listbox).getByRole("option", { name: option, hidden: true }));
  await waitFor(() => expect(input).toHaveValue(option));
}

describe("AdminPage", () => {
  it("has one h1 and the three tabs, the organisations first", async () => {
    serveDirectory();
    renderWithProviders(<AdminPage />, { path: "/admin" });
    expect(await screen.findByRole("heading", { level: 1, name: "Administration" }, WAIT)).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Organisationer" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "Användare" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Integrationer" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Organisationer" }, WAIT);
    expect(within(table).getByText("Polisen Syd")).toBeInTheDocument();
    expect(within(table).getByText("Polis")).toBeInTheDocument();
  });

  it("has no serious or critical accessibility violations in the users tab and its form", async () => {
    serveDirectory();
    await openTab("Användare");
    await screen.findByRole("table", { name: "Användare" }, WAIT);
    const serious = async () =>
      (await axe(document.body)).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(await serious()).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Ny användare" }));
    await screen.findByRole("dialog", { name: "Ny användare" });
    expect(await serious()).toEqual([]);
  }, SLOW);

  it("searches the users by name and lists their roles in Swedish", async () => {
    serveDirectory();
    const searches: (string | null)[] = [];
    server.use(
      http.get(apiUrl("/api/v1/users"), ({ request }) => {
        searches.push(new URL(request.url).searchParams.get("q"));
        return HttpResponse.json({ items: [HANNA], next_cursor: null });
      }),
    );
    await openTab("Användare");
    const table = await screen.findByRole("table", { name: "Användare" }, WAIT);
    expect(within(table).getByText("Handläggare")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("searchbox", { name: /Sök användare/ }), "Hanna");
    await waitFor(() => expect(searches).toContain("Hanna"), WAIT);
  }, SLOW);

  it("creates a user: the required fields are checked first, then the body is sent", async () => {
    serveDirectory();
    let sent: unknown = null;
    server.use(
      http.post(apiUrl("/api/v1/users"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ...HANNA, id: "22222222-2222-4222-8222-222222222222" }, { status: 201 });
      }),
    );
    await openTab("Användare");
    await userEvent.click(await screen.findByRole("button", { name: "Ny användare" }, WAIT));
    const dialog = await screen.findByRole("dialog", { name: "Ny användare" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till användaren" }));
    expect(within(dialog).getAllByText("Obligatoriskt").length).toBeGreaterThanOrEqual(3);
    expect(within(dialog).getByText("Välj minst en roll.")).toBeInTheDocument();
    expect(within(dialog).getByText("Minst 12 tecken.")).toBeInTheDocument();
    expect(sent).toBeNull();

    await fill(within(dialog).getByLabelText(/^Användarnamn/), "hanna.handlaggare");
    await fill(within(dialog).getByLabelText(/^Namn/), "Hanna Handläggare");
    await choose("Organisation", "Socialtjänsten Norr");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Handläggare" }));
    await userEvent.click(within(dialog).getByLabelText(/^Tillfälligt lösenord/));
    await userEvent.paste("byt-mig-vid-forsta");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till användaren" }));
    // A case officer needs a unit: asked for before anything is sent.
    expect(await within(dialog).findByText(/behöver en enhet inom socialtjänsten/)).toBeInTheDocument();
    expect(sent).toBeNull();

    await choose("Enhet inom socialtjänsten", "Socialtjänsten Norr");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till användaren" }));
    await waitFor(() => expect(sent).not.toBeNull());
    expect(sent).toEqual({
      username: "hanna.handlaggare",
      display_name: "Hanna Handläggare",
      email: null,
      organization_id: UNIT.id,
      unit_id: UNIT.id,
      roles: ["case_officer"],
      password: "byt-mig-vid-forsta",
    });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Ny användare" })).not.toBeInTheDocument());
  }, SLOW);

  it("says so on the field when the login name is taken (409), and 422 on its field", async () => {
    serveDirectory();
    let calls = 0;
    server.use(
      http.post(apiUrl("/api/v1/users"), () => {
        calls += 1;
        return calls === 1
          ? problem(409, "The login name 'hanna' is already taken.")
          : problem(422, "Invalid", [{ field: "body.email", rule: "pattern", message: "Not an e-mail address." }]);
      }),
    );
    await openTab("Användare");
    await userEvent.click(await screen.findByRole("button", { name: "Ny användare" }, WAIT));
    const dialog = await screen.findByRole("dialog", { name: "Ny användare" });
    await fill(within(dialog).getByLabelText(/^Användarnamn/), "hanna");
    await fill(within(dialog).getByLabelText(/^Namn/), "Hanna");
    await choose("Organisation", "Polisen Syd");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Yrkesverksam" }));
    await userEvent.click(within(dialog).getByLabelText(/^Tillfälligt lösenord/));
    await userEvent.paste("ett-langt-losenord");
    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till användaren" }));
    expect(await within(dialog).findByText("Användarnamnet är redan upptaget. Välj ett annat.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Användarnamn/)).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(within(dialog).getByRole("button", { name: "Lägg till användaren" }));
    expect(await within(dialog).findByText("Not an e-mail address.")).toBeInTheDocument();
  }, SLOW);

  it("asks before deactivating a user, saying they are logged out at once, and sends If-Match", async () => {
    serveDirectory();
    let patch: { body: unknown; ifMatch: string | null } | null = null;
    server.use(
      http.patch(apiUrl(`/api/v1/users/${HANNA.id}`), async ({ request }) => {
        patch = { body: await request.json(), ifMatch: request.headers.get("If-Match") };
        return HttpResponse.json({ ...HANNA, is_active: false, version: 4 });
      }),
    );
    await openTab("Användare");
    await userEvent.click(await screen.findByRole("button", { name: "Inaktivera Hanna Handläggare" }, WAIT));
    const dialog = await screen.findByRole("dialog", { name: "Inaktivera Hanna Handläggare?" });
    expect(dialog).toHaveTextContent("loggas ut direkt");
    expect(patch).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Inaktivera kontot" }));
    await waitFor(() => expect(patch).not.toBeNull());
    expect(patch).toEqual({ body: { is_active: false }, ifMatch: '"v3"' });
  }, SLOW);

  it("does not offer the administrator to deactivate themselves", async () => {
    serveDirectory();
    await openTab("Användare");
    await screen.findByRole("button", { name: "Inaktivera Hanna Handläggare" }, WAIT);
    expect(screen.queryByRole("button", { name: "Inaktivera Ada Admin" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ändra Ada Admin" })).toBeInTheDocument();
  }, SLOW);

  it("sets a new password", async () => {
    serveDirectory();
    let sent: unknown = null;
    server.use(
      http.post(apiUrl(`/api/v1/users/${HANNA.id}/reset-password`), async ({ request }) => {
        sent = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await openTab("Användare");
    await userEvent.click(await screen.findByRole("button", { name: "Nytt lösenord för Hanna Handläggare" }, WAIT));
    const dialog = await screen.findByRole("dialog", { name: "Nytt lösenord för Hanna Handläggare" });
    await userEvent.click(within(dialog).getByLabelText(/^Nytt lösenord/));
    await userEvent.paste("kort");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara det nya lösenordet" }));
    expect(await within(dialog).findByText("Minst 12 tecken.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText(/^Nytt lösenord/));
    await userEvent.paste("-men-nu-langre");
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara det nya lösenordet" }));
    await waitFor(() => expect(sent).toEqual({ password: "kort-men-nu-langre" }));
  }, SLOW);

  it("shows a new client's secret once, with a warning, and never after closing", async () => {
    serveDirectory();
    let sent: unknown = null;
    const created: ClientWithSecret = { ...CLIENT, id: "33333333-3333-4333-8333-333333333333", client_id: "skolans-system", name: "Skolans system", client_secret: SECRET };
    server.use(
      http.post(apiUrl("/api/v1/clients"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    await openTab("Integrationer");
    await userEvent.click(await screen.findByRole("button", { name: "Ny integration" }, WAIT));
    const form = await screen.findByRole("dialog", { name: "Ny integration" });
    await fill(within(form).getByLabelText(/^Klient-id/), "skolans-system");
    await fill(within(form).getByLabelText(/^Namn/), "Skolans system");
    await choose("Organisation", "Polisen Syd");
    await userEvent.click(within(form).getByRole("checkbox", { name: "Läsa ärenden" }));
    await userEvent.click(within(form).getByRole("checkbox", { name: "Ta emot händelser (webhooks)" }));
    await userEvent.click(within(form).getByRole("button", { name: "Lägg till integrationen" }));

    const shown = await screen.findByRole("dialog", { name: "Spara hemligheten nu" });
    expect(sent).toEqual({
      client_id: "skolans-system",
      name: "Skolans system",
      organization_id: POLICE.id,
      scopes: ["cases:read", "webhooks:manage"],
    });
    expect(within(shown).getByText(SECRET)).toBeInTheDocument();
    expect(within(shown).getByRole("alert")).toHaveTextContent("går den inte att visa igen");
    expect(within(shown).getByRole("button", { name: "Kopiera hemligheten" })).toBeInTheDocument();

    await userEvent.click(within(shown).getByRole("button", { name: "Jag har sparat hemligheten" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Spara hemligheten nu" })).not.toBeInTheDocument());
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);
  }, SLOW);

  it("says so on the field when the client id is taken (409)", async () => {
    serveDirectory();
    server.use(http.post(apiUrl("/api/v1/clients"), () => problem(409, "The client id 'polisens-system' is already taken.")));
    await openTab("Integrationer");
    await userEvent.click(await screen.findByRole("button", { name: "Ny integration" }, WAIT));
    const form = await screen.findByRole("dialog", { name: "Ny integration" });
    await fill(within(form).getByLabelText(/^Klient-id/), "polisens-system");
    await fill(within(form).getByLabelText(/^Namn/), "Dubblett");
    await choose("Organisation", "Polisen Syd");
    await userEvent.click(within(form).getByRole("checkbox", { name: "Läsa ärenden" }));
    await userEvent.click(within(form).getByRole("button", { name: "Lägg till integrationen" }));
    expect(await within(form).findByText("Klient-id:t används redan. Välj ett annat.")).toBeInTheDocument();
  }, SLOW);

  it("asks before replacing a client's secret, then shows the new one once", async () => {
    serveDirectory();
    let rotated = 0;
    server.use(
      http.post(apiUrl(`/api/v1/clients/${CLIENT.id}/rotate-secret`), () => {
        rotated += 1;
        return HttpResponse.json({ ...CLIENT, version: 3, client_secret: SECRET });
      }),
    );
    await openTab("Integrationer");
    await userEvent.click(await screen.findByRole("button", { name: "Byt hemlighet för Polisens ärendesystem" }, WAIT));
    const confirm = await screen.findByRole("dialog", { name: "Byt hemlighet för Polisens ärendesystem?" });
    expect(confirm).toHaveTextContent("slutar fungera direkt");
    expect(rotated).toBe(0);
    await userEvent.click(within(confirm).getByRole("button", { name: "Byt hemlighet" }));
    const shown = await screen.findByRole("dialog", { name: "Spara hemligheten nu" });
    expect(within(shown).getByText(SECRET)).toBeInTheDocument();
    expect(rotated).toBe(1);
    await userEvent.click(within(shown).getByRole("button", { name: "Jag har sparat hemligheten" }));
    await waitFor(() => expect(document.body.innerHTML).not.toContain(SECRET));
  }, SLOW);
});

import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { NewProposalPage } from "./NewProposalPage";
import { meAs, meHandler, OTHER_UNIT_ID, UNIT_ID } from "./testData";

// The machine running the tests may be busy: give the screens time to load.
configure({ asyncUtilTimeout: 5000 });

const CASE_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
// Synthetic identity numbers: valid check digit, or not.
const VALID_NUMBER = "20080314-2389";
const INVALID_NUMBER = "20100101-2386";

function unitsHandler() {
  return http.get(apiUrl("/api/v1/organizations"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    if (query.get("kind") !== "social_services") return HttpResponse.json({ items: [], next_cursor: null });
    return HttpResponse.json({
      items: [
        { id: UNIT_ID, name: "Ungdomsenheten", kind: "social_services", is_active: true },
        { id: OTHER_UNIT_ID, name: "Fältenheten", kind: "social_services", is_active: true },
      ],
      next_cursor: null,
    });
  });
}

function created() {
  return HttpResponse.json(
    {
      id: CASE_ID,
      reference: "SIG-2026-0042",
      status: "proposed",
      created_at: "2026-05-04T09:00:00+02:00",
      updated_at: "2026-05-04T09:00:00+02:00",
    },
    { status: 201 },
  );
}

/** Types a value at once (pasting): the form is what is tested here, not the keyboard. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, value: string) {
  await user.click(field);
  await user.paste(value);
}

function renderForm() {
  return renderWithProviders(<NewProposalPage />, { path: "/cases/new" });
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>, options: { unit?: string } = {}) {
  if (options.unit) await user.selectOptions(screen.getByLabelText(/Socialtjänstens enhet/), options.unit);
  await user.click(screen.getByRole("radio", { name: "Riskerar att hamna i en kriminell livsstil" }));
  await fill(user, screen.getByLabelText(/Förnamn/), "Testa");
  await fill(user, screen.getByLabelText(/Efternamn/), "Testsson");
  await fill(user, screen.getByLabelText(/Personnummer/), VALID_NUMBER);
  await user.click(screen.getByLabelText(/Skäl till ansökan/));
  await user.paste("Gripen två gånger i vår; hög skolfrånvaro.");
  await fill(user, screen.getByLabelText(/Riskbild för beredningsgruppen/), "Umgås med äldre kriminellt aktiva kamrater.");
}

describe("NewProposalPage", { timeout: 30_000 }, () => {
  it("says which required fields are missing and sends nothing", async () => {
    let posted = false;
    server.use(
      meHandler(meAs("professional")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), () => {
        posted = true;
        return created();
      }),
    );
    const { container } = renderForm();
    expect(await screen.findByRole("heading", { level: 1, name: "Ny ansökan om SIG" })).toBeInTheDocument();
    await screen.findByRole("option", { name: "Fältenheten" });
    await userEvent.setup({ delay: null }).click(screen.getByRole("button", { name: "Skicka ansökan" }));

    expect(await screen.findByText("Välj vilken enhet som ska ta emot ansökan.")).toBeInTheDocument();
    expect(screen.getByText("Välj målgrupp.")).toBeInTheDocument();
    expect(screen.getByText("Skriv den unges förnamn.")).toBeInTheDocument();
    expect(screen.getByText("Skriv den unges efternamn.")).toBeInTheDocument();
    expect(screen.getByText("Fyll i födelsedatum när personnumret är okänt.")).toBeInTheDocument();
    expect(screen.getByText("Beskriv varför du föreslår den unge.")).toBeInTheDocument();
    expect(screen.getByText("Beskriv riskbilden.")).toBeInTheDocument();
    expect(screen.getByLabelText(/Förnamn/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText(/Socialtjänstens enhet/)).toHaveFocus();
    expect(posted).toBe(false);
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("checks the identity number and keeps the name out of the risk picture", async () => {
    const user = userEvent.setup({ delay: null });
    server.use(meHandler(meAs("professional")), unitsHandler());
    renderForm();
    await screen.findByRole("option", { name: "Fältenheten" });
    await fill(user, screen.getByLabelText(/Förnamn/), "Testa");
    await fill(user, screen.getByLabelText(/Personnummer/), INVALID_NUMBER);
    await fill(user, screen.getByLabelText(/Riskbild för beredningsgruppen/), "Testa har hotats av äldre.");
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    expect(await screen.findByText(/Personnumret stämmer inte/)).toBeInTheDocument();
    expect(screen.getByText(/Skriv inte den unges namn i riskbilden/)).toBeInTheDocument();
    expect(screen.queryByText("Fyll i födelsedatum när personnumret är okänt.")).not.toBeInTheDocument();
  });

  it("sends the proposal and, as a police officer, shows its reference instead of the case", async () => {
    const user = userEvent.setup({ delay: null });
    let body: unknown;
    let idempotencyKey: string | null = null;
    server.use(
      meHandler(meAs("professional")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), async ({ request }) => {
        body = await request.json();
        idempotencyKey = request.headers.get("Idempotency-Key");
        return created();
      }),
    );
    const { router } = renderForm();
    await screen.findByRole("option", { name: "Fältenheten" });
    await fillRequired(user, { unit: "Fältenheten" });
    await fill(user, screen.getByLabelText(/Område/), "Exempelstad centrum");
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));

    expect(await screen.findByRole("status")).toHaveTextContent("SIG-2026-0042");
    expect(screen.getByRole("status")).toHaveTextContent("Föreslaget");
    expect(body).toEqual({
      unit_id: OTHER_UNIT_ID,
      target_group: "at_risk",
      young_person: { given_name: "Testa", family_name: "Testsson", personal_number: VALID_NUMBER },
      area: "Exempelstad centrum",
      proposal_reason: "Gripen två gånger i vår; hög skolfrånvaro.",
      risk_summary: "Umgås med äldre kriminellt aktiva kamrater.",
    });
    expect(idempotencyKey).toBeTruthy();
    expect(router.state.location.pathname).toBe("/cases/new");
  });

  it("takes a case officer of the receiving unit to the new case, their own unit chosen", async () => {
    const user = userEvent.setup({ delay: null });
    let body: Record<string, unknown> = {};
    server.use(
      meHandler(meAs("case_officer")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>;
        return created();
      }),
    );
    const { router } = renderForm();
    await waitFor(() => expect(screen.getByLabelText(/Socialtjänstens enhet/)).toHaveValue(UNIT_ID));
    await fillRequired(user);
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${CASE_ID}`));
    expect(body.unit_id).toBe(UNIT_ID);
    expect(body).not.toHaveProperty("area");
  });

  it("sends the same proposal again with the same Idempotency-Key after a lost connection", async () => {
    const user = userEvent.setup({ delay: null });
    const keys: (string | null)[] = [];
    server.use(
      meHandler(meAs("professional")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), ({ request }) => {
        keys.push(request.headers.get("Idempotency-Key"));
        return keys.length === 1 ? HttpResponse.error() : created();
      }),
    );
    renderForm();
    await screen.findByRole("option", { name: "Fältenheten" });
    await fillRequired(user, { unit: "Ungdomsenheten" });
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    expect(await screen.findByText(/Det gick inte att nå Samverka/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    expect(await screen.findByRole("status")).toHaveTextContent("SIG-2026-0042");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it("shows the API's message on the field it names", async () => {
    const user = userEvent.setup({ delay: null });
    server.use(
      meHandler(meAs("professional")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), () =>
        problem(422, "The request is not valid", [
          {
            field: "body.risk_summary",
            rule: "identifying",
            message: "The risk summary is read by the preparation group before consent: leave out the young person's name and identity number.",
          },
        ]),
      ),
    );
    renderForm();
    await screen.findByRole("option", { name: "Fältenheten" });
    await fillRequired(user, { unit: "Ungdomsenheten" });
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    const riskField = screen.getByLabelText(/Riskbild för beredningsgruppen/);
    await waitFor(() => expect(riskField).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText(/Ta bort den unga personens namn och personnummer/)).toBeInTheDocument();
    expect(riskField).toHaveFocus();
  });

  it("puts a rule the API refuses (age outside the target range) on the identity number", async () => {
    const user = userEvent.setup({ delay: null });
    server.use(
      meHandler(meAs("professional")),
      unitsHandler(),
      http.post(apiUrl("/api/v1/cases"), () =>
        problem(409, "The young person is 30.", [
          {
            field: "body.young_person.personal_number",
            rule: "age_outside_target_range",
            message: "The young person is 30; social intervention groups work with young people aged 12 to 25.",
          },
        ]),
      ),
    );
    renderForm();
    await screen.findByRole("option", { name: "Fältenheten" });
    await fillRequired(user, { unit: "Ungdomsenheten" });
    await user.click(screen.getByRole("button", { name: "Skicka ansökan" }));
    // In Swedish the rule's own text, not the API's English message.
    expect(await screen.findByText(/ligger utanför målgruppen/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Personnummer/)).toHaveAttribute("aria-invalid", "true");
  });
});

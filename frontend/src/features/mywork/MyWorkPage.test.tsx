import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { caseSummary, meAs, meHandler } from "../cases/testData";
import { MyWorkPage } from "./MyWorkPage";

// The machine running the tests may be busy: give the screens time to load.
configure({ asyncUtilTimeout: 5000 });

const CASE_A = "3fa85f64-5717-4562-b3fc-2c963f66aaaa";
const CASE_B = "3fa85f64-5717-4562-b3fc-2c963f66bbbb";

const tasks = [
  {
    id: "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8001",
    case_id: CASE_A,
    case_reference: "SIG-2026-0001",
    text: "Boka tid hos skolkuratorn.",
    category_code: "school",
    due_on: "2026-04-20",
    status: "planned",
    overdue: true,
  },
  {
    id: "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8002",
    case_id: CASE_B,
    case_reference: "SIG-2026-0002",
    text: "Ordna en plats i skolans studiestöd.",
    category_code: "school",
    due_on: "2026-05-29",
    status: "in_progress",
    overdue: false,
  },
];

const meeting = {
  id: "f7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8091a2",
  case_id: CASE_A,
  case_reference: "SIG-2026-0001",
  kind: "network",
  starts_at: "2026-05-04T07:00:00Z",
  ends_at: "2026-05-04T08:30:00Z",
  location: "Socialkontoret, rum 3",
  status: "scheduled",
};

const notice = {
  id: "0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3",
  kind: "consent.expiring",
  case_id: CASE_B,
  case_reference: "SIG-2026-0002",
  subject_type: "consent",
  subject_id: "1b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3",
  occurrence: "2026-05-31",
  category_code: null,
  raised_at: "2026-05-01T05:00:00Z",
  message: "Samtycket upphör 2026-05-31",
};

function page<T>(items: T[]) {
  return HttpResponse.json({ items, next_cursor: null });
}

function renderMyWork() {
  return renderWithProviders(<MyWorkPage />, { path: "/" });
}

function section(name: string) {
  return screen.getByRole("region", { name });
}

describe("MyWorkPage", { timeout: 20_000 }, () => {
  it("shows a coordinator's assigned cases, tasks in the API's order, meetings and notices", async () => {
    let casesQuery: URLSearchParams | undefined;
    server.use(
      meHandler(meAs("coordinator")),
      http.get(apiUrl("/api/v1/cases"), ({ request }) => {
        casesQuery = new URL(request.url).searchParams;
        return page([
          caseSummary({ id: CASE_A, reference: "SIG-2026-0001", flags: ["meeting_overdue"] }),
          caseSummary({ id: CASE_B, reference: "SIG-2026-0002" }),
        ]);
      }),
      http.get(apiUrl("/api/v1/me/tasks"), () => page(tasks)),
      http.get(apiUrl("/api/v1/me/meetings"), () => page([meeting])),
      http.get(apiUrl("/api/v1/me/notices"), () => page([notice])),
    );
    const { container } = renderMyWork();
    expect(await screen.findByRole("heading", { level: 1, name: "Mitt arbete" })).toBeInTheDocument();

    const cases = await screen.findByRole("region", { name: "Mina ärenden" });
    expect(await within(cases).findByRole("link", { name: "SIG-2026-0001" })).toHaveAttribute("href", `/cases/${CASE_A}`);
    expect(casesQuery?.get("assigned_to_me")).toBe("true");
    expect(within(cases).getByText("Nätverksmöte saknas i över fyra veckor")).toBeInTheDocument();

    const taskSection = section("Mina åtgärder");
    const items = await within(taskSection).findAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("Boka tid hos skolkuratorn."),
      expect.stringContaining("Ordna en plats i skolans studiestöd."),
    ]);
    expect(within(items[0]!).getByText("Försenad")).toBeInTheDocument();
    expect(within(items[0]!).getByText("Skulle varit klar 2026-04-20")).toBeInTheDocument();
    expect(within(items[1]!).queryByText("Försenad")).not.toBeInTheDocument();
    expect(within(items[1]!).getByText("Klar senast 2026-05-29")).toBeInTheDocument();
    expect(within(items[0]!).getByRole("link", { name: "Öppna planen för SIG-2026-0001" })).toHaveAttribute(
      "href",
      `/cases/${CASE_A}/plan`,
    );

    const meetings = section("Kommande möten");
    expect(await within(meetings).findByText("2026-05-04 kl. 09:00–10:30")).toBeInTheDocument();
    expect(within(meetings).getByText("Nätverksmöte")).toBeInTheDocument();
    expect(within(meetings).getByRole("link", { name: "Möten i SIG-2026-0001" })).toHaveAttribute(
      "href",
      `/cases/${CASE_A}/meetings`,
    );

    const notices = section("Att uppmärksamma");
    expect(await within(notices).findByText("Samtycket upphör 2026-05-31")).toBeInTheDocument();
    expect(within(notices).getByRole("link", { name: "Öppna SIG-2026-0002" })).toHaveAttribute(
      "href",
      `/cases/${CASE_B}/consents`,
    );
    expect(within(notices).getByRole("link", { name: "SIG-2026-0001" })).toBeInTheDocument();
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("shows a police officer the cases they can read, without the assignment filter", async () => {
    let casesQuery: URLSearchParams | undefined;
    server.use(
      meHandler(meAs("professional")),
      http.get(apiUrl("/api/v1/cases"), ({ request }) => {
        casesQuery = new URL(request.url).searchParams;
        return page([]);
      }),
      http.get(apiUrl("/api/v1/me/tasks"), () => page([])),
      http.get(apiUrl("/api/v1/me/meetings"), () => page([])),
      http.get(apiUrl("/api/v1/me/notices"), () => page([])),
    );
    renderMyWork();
    const cases = await screen.findByRole("region", { name: "Ärenden jag har tillgång till" });
    expect(await within(cases).findByText("Du har inte tillgång till några ärenden just nu.")).toBeInTheDocument();
    expect(casesQuery?.has("assigned_to_me")).toBe(false);
    expect(await within(section("Mina åtgärder")).findByText("Du har inga åtgärder att göra.")).toBeInTheDocument();
    expect(await within(section("Kommande möten")).findByText(/Inga möten är inbokade/)).toBeInTheDocument();
    expect(await within(section("Att uppmärksamma")).findByText("Inga påminnelser.")).toBeInTheDocument();
  });

  it("lets one section fail without the others, and offers a retry", async () => {
    let taskCalls = 0;
    server.use(
      meHandler(meAs("case_officer")),
      http.get(apiUrl("/api/v1/cases"), () => page([caseSummary({ reference: "SIG-2026-0077" })])),
      http.get(apiUrl("/api/v1/me/tasks"), () => {
        taskCalls += 1;
        return taskCalls === 1 ? problem(500, "Boom") : page(tasks);
      }),
      http.get(apiUrl("/api/v1/me/meetings"), () => page([])),
      http.get(apiUrl("/api/v1/me/notices"), () => page([])),
    );
    renderMyWork();
    const taskSection = await screen.findByRole("region", { name: "Mina åtgärder" });
    expect(await within(taskSection).findByRole("alert")).toHaveTextContent("Ett fel uppstod hos Samverka");
    expect(await screen.findByRole("link", { name: "SIG-2026-0077" })).toBeInTheDocument();
    await userEvent.click(within(taskSection).getByRole("button", { name: "Försök igen" }));
    expect(await within(taskSection).findByText("Boka tid hos skolkuratorn.")).toBeInTheDocument();
  });

  it("asks for no case data from someone without a case role, and shows where to go", async () => {
    server.use(meHandler(meAs("auditor")));
    renderMyWork();
    expect(await screen.findByRole("link", { name: "Åtkomstlogg" })).toHaveAttribute("href", "/audit");
    await waitFor(() => expect(screen.queryByRole("region", { name: "Mina åtgärder" })).not.toBeInTheDocument());
  });
});

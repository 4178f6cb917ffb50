import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { CaseListPage } from "./CaseListPage";
import { caseSummary, meAs, meHandler } from "./testData";

// The machine running the tests may be busy: give the screens time to load.
configure({ asyncUtilTimeout: 5000 });

function renderList(url = "/cases") {
  return renderWithProviders(<CaseListPage />, { path: "/cases", url });
}

describe("CaseListPage", { timeout: 20_000 }, () => {
  it("sends the chosen filter to the API and keeps it in the address", async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      meHandler(meAs("coordinator")),
      http.get(apiUrl("/api/v1/cases"), ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query);
        const items =
          query.get("status") === "active"
            ? [caseSummary({ reference: "SIG-2026-0100", status: "active" })]
            : [caseSummary({ reference: "SIG-2026-0200", status: "proposed" })];
        return HttpResponse.json({ items, next_cursor: null });
      }),
    );
    const { router } = renderList();
    expect(await screen.findByRole("link", { name: "SIG-2026-0200" })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/cases\/[0-9a-f-]+$/),
    );
    expect(queries[0]?.has("status")).toBe(false);
    expect(queries[0]?.has("assigned_to_me")).toBe(false);

    await userEvent.selectOptions(screen.getByLabelText("Status"), "Aktivt");
    expect(await screen.findByRole("link", { name: "SIG-2026-0100" })).toBeInTheDocument();
    expect(queries.at(-1)?.get("status")).toBe("active");
    expect(router.state.location.search).toEqual({ status: "active" });

    await userEvent.click(screen.getByLabelText(/Bara ärenden där jag är handläggare/));
    await waitFor(() => expect(queries.at(-1)?.get("assigned_to_me")).toBe("true"));
    expect(queries.at(-1)?.get("status")).toBe("active");
  });

  it("reads the filters from the address and labels every value in Swedish", async () => {
    let sent: URLSearchParams | undefined;
    server.use(
      meHandler(meAs("case_officer")),
      http.get(apiUrl("/api/v1/cases"), ({ request }) => {
        sent = new URL(request.url).searchParams;
        return HttpResponse.json({
          items: [caseSummary({ target_group: "defector", flags: ["consent_expiring"] })],
          next_cursor: null,
        });
      }),
    );
    const { container } = renderList("/cases?target_group=defector&flag=consent_expiring&status=nonsense");
    const table = await screen.findByRole("table", { name: "Ärendelista" });
    expect(sent?.get("target_group")).toBe("defector");
    expect(sent?.get("flag")).toBe("consent_expiring");
    expect(sent?.has("status")).toBe(false);
    expect(within(table).getByText("Vill lämna kriminell miljö (avhoppare)")).toBeInTheDocument();
    expect(within(table).getByText("Samtycket upphör inom 30 dagar")).toBeInTheDocument();
    expect(screen.getByLabelText("Målgrupp")).toHaveValue("defector");
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("appends the next page when the user asks for more", async () => {
    const cursors: (string | null)[] = [];
    server.use(
      meHandler(meAs("coordinator")),
      http.get(apiUrl("/api/v1/cases"), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        cursors.push(cursor);
        if (cursor === "page-2") {
          return HttpResponse.json({ items: [caseSummary({ reference: "SIG-2026-0902" })], next_cursor: null });
        }
        return HttpResponse.json({ items: [caseSummary({ reference: "SIG-2026-0901" })], next_cursor: "page-2" });
      }),
    );
    renderList();
    await screen.findByRole("link", { name: "SIG-2026-0901" });
    await userEvent.click(screen.getByRole("button", { name: "Visa fler" }));
    expect(await screen.findByRole("link", { name: "SIG-2026-0902" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "SIG-2026-0901" })).toBeInTheDocument();
    expect(cursors).toEqual([null, "page-2"]);
    expect(screen.queryByRole("button", { name: "Visa fler" })).not.toBeInTheDocument();
    expect(screen.getByText("Visar 2 ärenden")).toBeInTheDocument();
  });

  it("shows only the parts of the young person the API returns", async () => {
    const partial = caseSummary({ reference: "SIG-2026-0300" });
    server.use(
      meHandler(meAs("professional")),
      http.get(apiUrl("/api/v1/cases"), () =>
        HttpResponse.json({
          items: [
            { ...partial, young_person: { given_name: "Testa", family_name: "Polisfallet" } },
            { ...caseSummary({ reference: "SIG-2026-0301" }), young_person: undefined },
          ],
          next_cursor: null,
        }),
      ),
    );
    renderList();
    await screen.findByRole("link", { name: "SIG-2026-0300" });
    expect(screen.getByText("Testa Polisfallet")).toBeInTheDocument();
    expect(screen.queryByText(/^Född/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Personnummer/)).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "SIG-2026-0301" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Ny ansökan" })).toHaveAttribute("href", "/cases/new");
  });

  it("does not offer a new proposal to a role that cannot make one, and explains a refusal", async () => {
    server.use(
      meHandler(meAs("auditor")),
      http.get(apiUrl("/api/v1/cases"), () => problem(403, "Not allowed")),
    );
    renderList();
    expect(await screen.findByRole("alert")).toHaveTextContent("Du har inte behörighet");
    expect(screen.queryByRole("link", { name: "Ny ansökan" })).not.toBeInTheDocument();
  });
});

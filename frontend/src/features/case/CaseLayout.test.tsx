import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, problem, server } from "../../test/server";
import { CaseLayout } from "./CaseLayout";
import { aCase, CASE_ID, caseHandlers, ME_CASE_OFFICER, ME_POLICE } from "./test-fixtures";

function renderLayout(tab = "") {
  return renderWithProviders(<CaseLayout />, { path: `/cases/$caseId${tab}`, url: `/cases/${CASE_ID}${tab}` });
}

describe("CaseLayout", () => {
  it("heads the page with the case, its status and the young person", async () => {
    server.use(...caseHandlers(aCase(["read_access_log", "add_assessment"])));
    renderLayout();
    const heading = await screen.findByRole("heading", { level: 1 });
    expect(heading).toHaveTextContent("SIG-2026-0007");
    expect(screen.getByText("Beslutat")).toBeInTheDocument();
    expect(screen.getByText("Testa Testsson")).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Ärendets delar" });
    const links = within(nav).getAllByRole("link").map((link) => link.textContent);
    expect(links).toEqual([
      "Översikt",
      "Gruppen",
      "Samtycken",
      "Bedömningar",
      "Handlingsplan",
      "Möten",
      "Journal",
      "Åtkomstlogg",
    ]);
    expect(within(nav).getByRole("link", { name: "Översikt" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Gruppen" })).not.toHaveAttribute("aria-current");
    expect(within(nav).getByRole("link", { name: "Gruppen" })).toHaveAttribute("href", `/cases/${CASE_ID}/members`);
  });

  it("marks the open tab", async () => {
    server.use(...caseHandlers(aCase([])));
    renderLayout("/members");
    const nav = await screen.findByRole("navigation", { name: "Ärendets delar" });
    expect(within(nav).getByRole("link", { name: "Gruppen" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Översikt" })).not.toHaveAttribute("aria-current");
  });

  it("shows a police officer no access log, no assessments and no name the API did not send", async () => {
    const withoutPerson: Partial<ReturnType<typeof aCase>> = aCase([]);
    delete withoutPerson.young_person;
    server.use(...caseHandlers(withoutPerson as ReturnType<typeof aCase>, ME_POLICE));
    renderLayout();
    const nav = await screen.findByRole("navigation", { name: "Ärendets delar" });
    expect(within(nav).queryByRole("link", { name: "Åtkomstlogg" })).not.toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Bedömningar" })).not.toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Handlingsplan" })).toBeInTheDocument();
    expect(screen.queryByText(/Ungdom:/)).not.toBeInTheDocument();
  });

  it("shows the social worker the assessments even without add_assessment", async () => {
    server.use(...caseHandlers(aCase([]), ME_CASE_OFFICER));
    renderLayout();
    const nav = await screen.findByRole("navigation", { name: "Ärendets delar" });
    expect(await within(nav).findByRole("link", { name: "Bedömningar" })).toBeInTheDocument();
  });

  it("says plainly when the case cannot be read", async () => {
    server.use(
      http.get(apiUrl(`/api/v1/cases/${CASE_ID}`), () => problem(404, "Not found")),
      http.get(apiUrl("/api/v1/me"), () => new Response(JSON.stringify(ME_POLICE), { headers: { "Content-Type": "application/json" } })),
    );
    renderLayout();
    expect(await screen.findByRole("alert")).toHaveTextContent("Det du söker finns inte");
    expect(screen.queryByRole("navigation", { name: "Ärendets delar" })).not.toBeInTheDocument();
  });
});

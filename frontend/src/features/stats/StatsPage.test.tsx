import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { login } from "../../auth/session";
import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { meAs, meHandler } from "../cases/testData";
import { locales } from "./locales";
import { StatsPage } from "./StatsPage";
import { statsRead } from "./testData";

// The machine running the tests may be busy: give the screens time to load.
configure({ asyncUtilTimeout: 5000 });

/** Answers GET /api/v1/stats with `body` and records the query of every call. */
function serveStats(body = statsRead()) {
  const calls: URLSearchParams[] = [];
  server.use(
    meHandler(meAs("unit_manager")),
    http.get(apiUrl("/api/v1/stats"), ({ request }) => {
      calls.push(new URL(request.url).searchParams);
      return HttpResponse.json(body);
    }),
  );
  return calls;
}

function renderStats(url = "/stats") {
  return renderWithProviders(<StatsPage />, { path: "/stats", url });
}

function section(name: string) {
  return screen.getByRole("region", { name });
}

/** The table's rows as [label, count] text pairs, the total last. */
function rows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent ?? ""));
}

describe("StatsPage", { timeout: 20_000 }, () => {
  beforeEach(() => {
    // Only the clock: "today" in Stockholm decides the default period.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-04T10:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("asks for the year to date and shows every section's table, suppressed cells as hidden", async () => {
    const calls = serveStats();
    const { container } = renderStats();
    expect(await screen.findByRole("heading", { level: 1, name: "Uppföljning" })).toBeInTheDocument();
    expect(await screen.findByText("Enhet: Ungdomsenheten")).toBeInTheDocument();
    const status = await screen.findByRole("table", { name: "Ärenden per status: tabell" });
    expect(calls.map((query) => query.toString())).toEqual(["from=2026-01-01&to=2026-05-04"]);
    expect(screen.getByLabelText("Från och med")).toHaveValue("2026-01-01");
    expect(screen.getByLabelText("Till och med")).toHaveValue("2026-05-04");

    expect(rows(status)).toEqual([
      ["Föreslaget", "6"],
      ["Under bedömning", "Dolt"],
      ["Beslutat", "Dolt"],
      ["Aktivt", "21"],
      ["Avslutat", "9"],
      ["Avslaget", "0"],
      ["Totalt", "42"],
    ]);
    expect(status).toHaveAccessibleDescription(/Dolt: färre än 5.*Läs det inte som 0/);
    const closures = screen.getByRole("table", { name: "Avslutade ärenden per orsak: tabell" });
    expect(rows(closures).every(([, count]) => count === "Dolt")).toBe(true);
    expect(rows(screen.getByRole("table", { name: "Återkallade samtycken: tabell" }))).toEqual([["Totalt", "Dolt"]]);
    expect(screen.getByRole("table", { name: "Ärenden per målgrupp: tabell" })).not.toHaveAccessibleDescription();
    expect(rows(screen.getByRole("table", { name: "Handlingsplanernas åtgärder: tabell" }))[4]).toEqual(["Totalt", "0"]);
    expect(screen.getByText(/inga antal under 5/)).toBeInTheDocument();
    const results = await axe(container);
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it("names each chart, leaves hidden values out of it and says which, or why there is no chart", async () => {
    serveStats();
    renderStats();
    const status = await screen.findByRole("region", { name: "Ärenden per status" });
    expect(
      within(status).getByRole("img", { name: "Stapeldiagram: Ärenden per status. Samma siffror står i tabellen." }),
    ).toBeInTheDocument();
    expect(
      within(status).getByText("Finns inte med i diagrammet, eftersom värdet är dolt: Under bedömning, Beslutat."),
    ).toBeInTheDocument();

    const closures = section("Avslutade ärenden per orsak");
    expect(within(closures).queryByRole("img")).not.toBeInTheDocument();
    expect(within(closures).getByText("Inget diagram: alla värden är dolda.")).toBeInTheDocument();
    const items = section("Handlingsplanernas åtgärder");
    expect(within(items).queryByRole("img")).not.toBeInTheDocument();
    expect(within(items).getByText("Inget diagram: inga under perioden.")).toBeInTheDocument();
    expect(within(section("Återkallade samtycken")).queryByRole("img")).not.toBeInTheDocument();
  });

  it("shows the key figures in days and per cent, a suppressed one as hidden, and no invented placements", async () => {
    serveStats();
    renderStats();
    const timing = await screen.findByRole("table", { name: "Från samtycke till insats: nyckeltal" });
    expect(rows(timing)).toEqual([
      ["Mål", "28 dagar"],
      ["Median, dagar från samtycke till insats", "17 dagar"],
      ["90:e percentilen, dagar", "34 dagar"],
      ["Andel igång inom målet", "70,6\u00a0%"],
    ]);
    expect(within(section("Från samtycke till insats")).getByRole("rowheader", { name: "Inom 28 dagar" })).toBeInTheDocument();
    expect(rows(screen.getByRole("table", { name: "Nätverksmöten var fjärde vecka: nyckeltal" }))).toEqual([
      ["Andel med möte de senaste fyra veckorna", "Dolt"],
    ]);
    const placements = section("Undvikna placeringar");
    expect(within(placements).getByText(/Samverka registrerar inga placeringar/)).toBeInTheDocument();
    expect(within(placements).queryByRole("table")).not.toBeInTheDocument();
  });

  it("takes the period from the address and keeps a changed date in it", async () => {
    const calls = serveStats();
    const { router } = renderStats("/stats?from=2025-01-01&to=2025-12-31");
    await screen.findByRole("table", { name: "Ärenden per status: tabell" });
    expect(calls[0]?.toString()).toBe("from=2025-01-01&to=2025-12-31");

    // Typed a key at a time: only the whole date is asked for, not a half-typed one.
    const from = screen.getByLabelText("Från och med");
    await userEvent.clear(from);
    await userEvent.type(from, "2025-07-01");
    await waitFor(() => expect(router.state.location.search).toEqual({ from: "2025-07-01", to: "2025-12-31" }));
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls[1]?.toString()).toBe("from=2025-07-01&to=2025-12-31");

    await userEvent.click(screen.getByRole("button", { name: "Visa i år" }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    await waitFor(() => expect(calls.at(-1)?.toString()).toBe("from=2026-01-01&to=2026-05-04"));
  });

  it("drops a malformed date from the address instead of sending it", async () => {
    const calls = serveStats();
    renderStats("/stats?from=2026-02-30&to=2026-03-31");
    await screen.findByRole("table", { name: "Ärenden per status: tabell" });
    expect(calls[0]?.toString()).toBe("from=2026-01-01&to=2026-03-31");
  });

  it("shows the API's message on the date it refused, and offers no download", async () => {
    const message = "'from' must be on or before 'to' (which defaults to today).";
    server.use(
      meHandler(meAs("unit_manager")),
      http.get(apiUrl("/api/v1/stats"), () =>
        problem(422, message, [{ field: "query.from", rule: "after_to", message }]),
      ),
    );
    renderStats("/stats?from=2026-06-01&to=2026-03-31");
    expect(await screen.findByRole("alert")).toHaveTextContent("Några uppgifter behöver rättas");
    expect(screen.getByLabelText("Från och med")).toHaveAccessibleDescription(
      "Från-datumet måste vara samma dag som till-datumet eller tidigare.",
    );
    expect(screen.getByRole("button", { name: "Ladda ner CSV" })).toBeDisabled();
  });

  it("explains a refusal (not a unit manager) with the usual error", async () => {
    server.use(
      meHandler(meAs("coordinator")),
      http.get(apiUrl("/api/v1/stats"), () => problem(403, "Statistics cover a unit or a municipality.")),
    );
    renderStats();
    expect(await screen.findByText(/Du har inte behörighet till det här/)).toBeInTheDocument();
  });

  it("downloads the same period's CSV with the bearer token and saves it as a file", async () => {
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), () =>
        HttpResponse.json({ access_token: "token-1", expires_in: 600, refresh_token: "r1" }),
      ),
    );
    await login("chef", "demo");
    serveStats();
    let csvCall: { query: string; auth: string | null } | undefined;
    server.use(
      http.get(apiUrl("/api/v1/stats.csv"), ({ request }) => {
        csvCall = { query: new URL(request.url).search, auth: request.headers.get("Authorization") };
        return new HttpResponse("section,dimension,value,count,suppressed\r\n", {
          headers: { "Content-Type": "text/csv; charset=utf-8" },
        });
      }),
    );
    const saved: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        saved.push(blob);
        return "blob:stats";
      },
      revokeObjectURL: () => undefined,
    });
    let downloaded = "";
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = `${this.download} ${this.href}`;
    });

    renderStats("/stats?from=2026-02-01&to=2026-04-30");
    const button = await screen.findByRole("button", { name: "Ladda ner CSV" });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() => expect(downloaded).toBe("samverka-statistik-2026-02-01-2026-04-30.csv blob:stats"));
    expect(csvCall).toEqual({ query: "?from=2026-02-01&to=2026-04-30", auth: "Bearer token-1" });
    expect(await saved[0]?.text()).toBe("section,dimension,value,count,suppressed\r\n");
  });

  it("tells when the download fails", async () => {
    serveStats();
    server.use(http.get(apiUrl("/api/v1/stats.csv"), () => problem(500, "Boom")));
    renderStats();
    const button = await screen.findByRole("button", { name: "Ladda ner CSV" });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByText(/Ett fel uppstod hos Samverka/)).toBeInTheDocument();
  });
});

describe("texts", () => {
  function keys(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null) return [prefix];
    return Object.entries(value)
      .flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key))
      .sort();
  }

  it("has the same keys in Swedish and English", () => {
    expect(keys(locales.en)).toEqual(keys(locales.sv));
  });
});

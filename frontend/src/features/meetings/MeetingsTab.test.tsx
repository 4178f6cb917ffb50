import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { axe } from "jest-axe";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../test/render";
import { apiUrl, http, HttpResponse, problem, server } from "../../test/server";
import { icsFileName } from "./calendar";
import { MeetingsTab } from "./MeetingsTab";
import { networkCadence } from "./shared";


const CASE = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const MEMBER_A = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const MEMBER_B = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";

function caseRead(actions: string[], flags: string[] = []) {
  return {
    id: CASE,
    reference: "SIG-2026-0007",
    status: "active",
    target_group: "crime",
    young_person: { id: "p1", given_name: "Testa", family_name: "Testsson", birth_date: "2010-01-01" },
    owning_unit_id: "u1",
    updated_at: "2026-03-02T08:30:00+01:00",
    flags,
    proposed_by_organization_kind: "police",
    created_at: "2026-03-02T08:30:00+01:00",
    version: 7,
    actions,
  };
}

const upcoming = {
  id: "m-upcoming",
  case_id: CASE,
  kind: "network",
  starts_at: "2030-01-15T09:00:00+01:00",
  ends_at: "2030-01-15T10:30:00+01:00",
  location: "Socialkontoret, rum 3",
  status: "scheduled",
  sequence: 0,
  version: 1,
};
const started = {
  ...upcoming,
  id: "m-started",
  kind: "extra",
  starts_at: "2025-11-03T13:00:00+01:00",
  ends_at: "2025-11-03T14:00:00+01:00",
  location: null,
};
const held = {
  ...upcoming,
  id: "m-held",
  starts_at: "2025-10-06T09:00:00+02:00",
  ends_at: "2025-10-06T10:00:00+02:00",
  status: "held",
  version: 3,
};

function serve(actions: string[], meetings: object[] = [upcoming, started, held], flags: string[] = []) {
  server.use(
    http.get(apiUrl(`/api/v1/cases/${CASE}`), () => HttpResponse.json(caseRead(actions, flags))),
    http.get(apiUrl(`/api/v1/cases/${CASE}/meetings`), () => HttpResponse.json({ items: meetings, next_cursor: null })),
  );
}

function renderTab() {
  return renderWithProviders(<MeetingsTab />, { path: "/cases/$caseId/meetings", url: `/cases/${CASE}/meetings` });
}

async function fillSchedule(date: string, start: string, end: string) {
  const dialog = await screen.findByRole("dialog", { name: "Boka ett möte" });
  const dateInput = within(dialog).getByLabelText(/Datum/);
  fireEvent.change(dateInput, { target: { value: date } });
  fireEvent.blur(dateInput);
  fireEvent.change(within(dialog).getByLabelText(/Börjar/), { target: { value: start } });
  fireEvent.change(within(dialog).getByLabelText(/Slutar/), { target: { value: end } });
  fireEvent.change(within(dialog).getByLabelText("Plats"), { target: { value: "Skolan" } });
  return dialog;
}

// The machine running the suite is shared and slow; these tests open dialogs and wait for them.
vi.setConfig({ testTimeout: 20_000 });
afterEach(() => vi.restoreAllMocks());

describe("MeetingsTab", () => {
  it("lists coming and past meetings with kind, Stockholm time, place and status in words", async () => {
    serve([]);
    renderTab();
    const coming = await screen.findByRole("region", { name: "Kommande möten" });
    expect(within(coming).getByRole("heading", { name: "Nätverksmöte 2030-01-15 09:00–10:30" })).toBeInTheDocument();
    expect(within(coming).getByText("Socialkontoret, rum 3")).toBeInTheDocument();
    expect(within(coming).getByText("Planerat")).toBeInTheDocument();
    const past = screen.getByRole("region", { name: "Tidigare möten" });
    expect(within(past).getByRole("heading", { name: "Extra möte 2025-11-03 13:00–14:00" })).toBeInTheDocument();
    expect(within(past).getByText("Genomfört")).toBeInTheDocument();
    expect(within(past).getByText("Plats ej angiven")).toBeInTheDocument();
  });

  it("has no serious accessibility violations, with every action offered", async () => {
    serve(["schedule_meeting"]);
    const { container } = renderTab();
    await screen.findByRole("heading", { name: "Nätverksmöte 2030-01-15 09:00–10:30" });
    const results = await axe(container);
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("offers no booking or changes without schedule_meeting", async () => {
    serve(["write_journal"]);
    renderTab();
    await screen.findByRole("heading", { name: "Nätverksmöte 2030-01-15 09:00–10:30" });
    expect(screen.queryByRole("button", { name: "Boka möte" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ställ in mötet" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ändra tid eller plats" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Registrera som genomfört" })).not.toBeInTheDocument();
    // Everyone who reads the case may still put a coming meeting in their calendar.
    expect(screen.getByRole("button", { name: "Lägg till i kalendern" })).toBeInTheDocument();
  });

  it("says when a network meeting is overdue, and when the next one is due", async () => {
    serve(["schedule_meeting"], [held], ["meeting_overdue"]);
    renderTab();
    expect(await screen.findByText(/Inget nätverksmöte har hållits de senaste fyra veckorna/)).toBeInTheDocument();
    expect(screen.getByText(/Nästa nätverksmöte ska hållas senast 2025-11-03/)).toBeInTheDocument();
    expect(screen.getByText("Inget nätverksmöte är bokat.")).toBeInTheDocument();
  });

  it("books a meeting with the Stockholm offset of that day", async () => {
    serve(["schedule_meeting"]);
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/meetings`), async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ ...upcoming, minutes_visible: true, attendance: [], created_at: "", updated_at: "" }, { status: 201 });
      }),
    );
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Boka möte" }));
    const dialog = await fillSchedule("2026-05-04", "09:00", "10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: "Boka mötet" }));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent).toEqual({
      kind: "network",
      starts_at: "2026-05-04T09:00:00+02:00",
      ends_at: "2026-05-04T10:30:00+02:00",
      location: "Skolan",
    });
  });

  it("refuses an end before the start without asking the API", async () => {
    serve(["schedule_meeting"]);
    let posted = false;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/meetings`), () => {
        posted = true;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Boka möte" }));
    const dialog = await fillSchedule("2026-05-04", "10:00", "09:00");
    await userEvent.click(within(dialog).getByRole("button", { name: "Boka mötet" }));
    expect(await within(dialog).findByText("Mötet måste sluta efter att det börjar.")).toBeInTheDocument();
    expect(posted).toBe(false);
  });

  it("puts the API's 422 message on the field it names", async () => {
    serve(["schedule_meeting"]);
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/meetings`), () =>
        problem(422, "Invalid", [{ field: "body.location", rule: "string_too_long", message: "String should have at most 255 characters" }]),
      ),
    );
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Boka möte" }));
    const dialog = await fillSchedule("2026-05-04", "09:00", "10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: "Boka mötet" }));
    const location = within(dialog).getByLabelText("Plats");
    await waitFor(() => expect(location).toHaveAccessibleDescription("Texten är för lång."));
  });

  it("asks for confirmation before cancelling a meeting", async () => {
    serve(["schedule_meeting"]);
    let cancelled = 0;
    server.use(
      http.post(apiUrl(`/api/v1/cases/${CASE}/meetings/${upcoming.id}/cancel`), () => {
        cancelled += 1;
        return HttpResponse.json({ ...upcoming, status: "cancelled", minutes_visible: true, attendance: [], created_at: "", updated_at: "" });
      }),
    );
    renderTab();
    const card = await screen.findByRole("article", { name: "Nätverksmöte 2030-01-15 09:00–10:30" });
    await userEvent.click(within(card).getByRole("button", { name: "Ställ in mötet" }));
    const dialog = await screen.findByRole("dialog", { name: "Ställa in mötet?" });
    expect(cancelled).toBe(0);
    await userEvent.click(within(dialog).getByRole("button", { name: "Behåll mötet" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(cancelled).toBe(0);

    await userEvent.click(within(card).getByRole("button", { name: "Ställ in mötet" }));
    await userEvent.click(await screen.findByRole("button", { name: "Ja, ställ in mötet" }));
    await waitFor(() => expect(cancelled).toBe(1));
  });

  it("moves a meeting with If-Match of the version shown", async () => {
    serve(["schedule_meeting"]);
    let ifMatchSent: string | null = null;
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.patch(apiUrl(`/api/v1/cases/${CASE}/meetings/${upcoming.id}`), async ({ request }) => {
        ifMatchSent = request.headers.get("If-Match");
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ ...upcoming, minutes_visible: true, attendance: [], created_at: "", updated_at: "" });
      }),
    );
    renderTab();
    const card = await screen.findByRole("article", { name: "Nätverksmöte 2030-01-15 09:00–10:30" });
    await userEvent.click(within(card).getByRole("button", { name: "Ändra tid eller plats" }));
    const dialog = await screen.findByRole("dialog", { name: "Ändra tid eller plats" });
    fireEvent.change(within(dialog).getByLabelText(/Slutar/), { target: { value: "11:00" } });
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara ändringen" }));
    await waitFor(() => expect(sent).toBeDefined());
    expect(ifMatchSent).toBe('"v1"');
    expect(sent).toEqual({
      starts_at: "2030-01-15T09:00:00+01:00",
      ends_at: "2030-01-15T11:00:00+01:00",
      location: "Socialkontoret, rum 3",
    });
  });

  it("records a meeting as held with minutes and who attended", async () => {
    serve(["schedule_meeting"]);
    let sent: Record<string, unknown> | undefined;
    server.use(
      http.get(apiUrl(`/api/v1/cases/${CASE}/meetings/${started.id}`), () =>
        HttpResponse.json({
          ...started,
          minutes: null,
          minutes_visible: true,
          attendance: [
            { member_id: MEMBER_A, status: "invited" },
            { member_id: MEMBER_B, status: "invited" },
          ],
          created_at: "2025-10-01T08:00:00+02:00",
          updated_at: "2025-10-01T08:00:00+02:00",
        }),
      ),
      http.get(apiUrl(`/api/v1/cases/${CASE}/members`), () =>
        HttpResponse.json({
          items: [
            { id: MEMBER_A, kind: "user", display_name: "Sara Skola", group_role: "school", joined_at: "2025-09-01T08:00:00+02:00" },
            { id: MEMBER_B, kind: "user", display_name: "Per Polis", group_role: "police", joined_at: "2025-09-01T08:00:00+02:00" },
          ],
          next_cursor: null,
        }),
      ),
      http.post(apiUrl(`/api/v1/cases/${CASE}/meetings/${started.id}/hold`), async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ ...started, status: "held" });
      }),
    );
    renderTab();
    const card = await screen.findByRole("article", { name: "Extra möte 2025-11-03 13:00–14:00" });
    await userEvent.click(within(card).getByRole("button", { name: "Registrera som genomfört" }));
    const dialog = await screen.findByRole("dialog", { name: "Registrera mötet som genomfört" });
    fireEvent.change(await within(dialog).findByLabelText("Protokoll"), { target: { value: "Skolstart diskuterad." } });
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Sara Skola (Skola)" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Spara som genomfört" }));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent).toEqual({
      minutes: "Skolstart diskuterad.",
      attendance: [
        { member_id: MEMBER_A, status: "attended" },
        { member_id: MEMBER_B, status: "absent" },
      ],
    });
  });

  it("downloads the meeting as a calendar file named by case and day", async () => {
    serve([]);
    server.use(
      http.get(apiUrl(`/api/v1/cases/${CASE}/meetings/${upcoming.id}.ics`), () =>
        new HttpResponse("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", { headers: { "Content-Type": "text/calendar" } }),
      ),
    );
    const createObjectURL = vi.fn(() => "blob:meeting");
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    let downloaded = "";
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = this.download;
    });
    renderTab();
    await userEvent.click(await screen.findByRole("button", { name: "Lägg till i kalendern" }));
    await waitFor(() => expect(downloaded).toBe("SIG-2026-0007-2030-01-15.ics"));
    expect(createObjectURL).toHaveBeenCalledOnce();
  });
});

describe("meeting helpers", () => {
  it("names the calendar file by case reference and Stockholm date", () => {
    expect(icsFileName("SIG-2026-0007", { starts_at: "2026-05-03T23:30:00Z" })).toBe("SIG-2026-0007-2026-05-04.ics");
  });

  it("flags a booked network meeting more than four weeks after the last", () => {
    const later = { ...upcoming, starts_at: "2025-11-04T09:00:00+01:00", ends_at: "2025-11-04T10:00:00+01:00" };
    const cadence = networkCadence([held, later] as never, new Date("2025-10-20T00:00:00Z").getTime());
    expect(cadence.deadline).toBe("2025-11-03");
    expect(cadence.bookedTooLate).toBe(true);
  });
});

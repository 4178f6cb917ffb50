/**
 * "Add to calendar": the meeting's .ics fetched through the authenticated client (the file is
 * case content, so never a bare link) and saved under a name that says which case and day.
 */
import { fetchClient } from "../../api/client";
import { toApiError } from "../../api/problem";
import { formatDate } from "../../components/format";
import type { MeetingSummary } from "./MeetingForm";

export function icsFileName(reference: string | undefined, meeting: Pick<MeetingSummary, "starts_at">): string {
  return `${reference ?? "mote"}-${formatDate(meeting.starts_at)}.ics`;
}

export async function downloadMeetingIcs(caseId: string, meeting: MeetingSummary, reference: string | undefined) {
  let result;
  try {
    result = await fetchClient.GET("/api/v1/cases/{case_id}/meetings/{meeting_id}.ics", {
      params: { path: { case_id: caseId, meeting_id: meeting.id } },
      parseAs: "blob",
    });
  } catch {
    throw toApiError(undefined);
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok || !data) throw toApiError(error, response);
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = icsFileName(reference, meeting);
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Add to calendar": the meeting's .ics fetched through the authenticated client (the file is
 * case content, so never a bare link) and saved under a name that says which case and day.
 */
import { fetchClient, unwrap } from "../../api/client";
import { formatDate } from "../../components/format";
import { saveFile } from "../../components/saveFile";
import type { MeetingSummary } from "./MeetingForm";

export function icsFileName(reference: string | undefined, meeting: Pick<MeetingSummary, "starts_at">): string {
  return `${reference ?? "mote"}-${formatDate(meeting.starts_at)}.ics`;
}

export async function downloadMeetingIcs(caseId: string, meeting: MeetingSummary, reference: string | undefined) {
  const blob = await unwrap(
    fetchClient.GET("/api/v1/cases/{case_id}/meetings/{meeting_id}.ics", {
      params: { path: { case_id: caseId, meeting_id: meeting.id } },
      parseAs: "blob",
    }),
  );
  saveFile(blob as Blob, icsFileName(reference, meeting));
}

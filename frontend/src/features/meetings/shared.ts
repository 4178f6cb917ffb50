/** Small pieces the meetings tab's parts share: reads, invalidation, labels, the 28-day rule. */
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import type { TFunction } from "i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { formatDate, formatDateTime, formatTime } from "../../components/format";
import type { MeetingSummary } from "./MeetingForm";

export type MeetingRead = components["schemas"]["MeetingRead"];
export type MemberRead = components["schemas"]["MemberRead"];
export type AttendanceStatus = components["schemas"]["AttendanceStatus"];

/** DOMAIN.md: network meetings at least every four weeks. */
export const NETWORK_CADENCE_DAYS = 28;

export function useFullScreenDialogs(): boolean {
  return useMediaQuery("(max-width: 36em)") ?? false;
}

/** After any change to a meeting: its lists, its detail, the case's flags and "my meetings". */
export function useInvalidateMeetings(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/meetings"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/meetings/{meeting_id}"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/me/meetings"] }),
    ]);
  };
}

export function useMeeting(caseId: string, meetingId: string) {
  return $api.useQuery("get", "/api/v1/cases/{case_id}/meetings/{meeting_id}", {
    params: { path: { case_id: caseId, meeting_id: meetingId } },
  });
}

/** The whole group with its history: an attendance row may name someone who has left. */
export function useMembers(caseId: string) {
  return $api.useQuery("get", "/api/v1/cases/{case_id}/members", {
    params: { path: { case_id: caseId }, query: { limit: 200 } },
  });
}

export function memberLabel(member: MemberRead | undefined, t: TFunction<"meetings">): string {
  if (!member) return t("unknownMember");
  const role = t(`role.${member.group_role}`);
  return member.display_name ? `${member.display_name} (${role})` : role;
}

/** `2026-05-04 09:00–10:30` (the end's date too when it is another day). */
export function meetingTimeRange(meeting: Pick<MeetingSummary, "starts_at" | "ends_at">): string {
  const sameDay = formatDate(meeting.starts_at) === formatDate(meeting.ends_at);
  const end = sameDay ? formatTime(meeting.ends_at) : formatDateTime(meeting.ends_at);
  return `${formatDateTime(meeting.starts_at)}–${end}`;
}

export function isUpcoming(meeting: MeetingSummary, now: number): boolean {
  return meeting.status === "scheduled" && new Date(meeting.ends_at).getTime() >= now;
}

export function hasStarted(meeting: MeetingSummary, now: number): boolean {
  return new Date(meeting.starts_at).getTime() <= now;
}

export interface NetworkCadence {
  lastHeld: MeetingSummary | undefined;
  /** The latest day (YYYY-MM-DD) the next network meeting should be held. */
  deadline: string | null;
  nextBooked: MeetingSummary | undefined;
  bookedTooLate: boolean;
}

export function networkCadence(meetings: MeetingSummary[], now: number): NetworkCadence {
  const time = (m: MeetingSummary) => new Date(m.starts_at).getTime();
  const network = meetings.filter((m) => m.kind === "network");
  const lastHeld = network.filter((m) => m.status === "held").sort((a, b) => time(b) - time(a))[0];
  const nextBooked = network.filter((m) => isUpcoming(m, now)).sort((a, b) => time(a) - time(b))[0];
  const deadline = lastHeld
    ? dayjs(formatDate(lastHeld.starts_at)).add(NETWORK_CADENCE_DAYS, "day").format("YYYY-MM-DD")
    : null;
  const bookedTooLate = Boolean(nextBooked && deadline && formatDate(nextBooked.starts_at) > deadline);
  return { lastHeld, deadline, nextBooked, bookedTooLate };
}

/** The group's members: types, the list read, and the order they are shown in. */
import { $api } from "../../api/client";
import type { components } from "../../client/schema";

export type Member = components["schemas"]["MemberRead"];

export const MEMBER_READS = ["/api/v1/cases/{case_id}/members", "/api/v1/cases/{case_id}"];

/** Current members first (latest joined first), then former ones (latest left first). */
export function orderMembers(members: Member[]): { current: Member[]; former: Member[] } {
  const byTimeDesc = (a: string | null | undefined, b: string | null | undefined) =>
    new Date(b ?? 0).getTime() - new Date(a ?? 0).getTime();
  const current = members.filter((member) => !member.left_at).sort((a, b) => byTimeDesc(a.joined_at, b.joined_at));
  const former = members.filter((member) => member.left_at).sort((a, b) => byTimeDesc(a.left_at, b.left_at));
  return { current, former };
}

/** GET /members, the whole history (groups are small: one page of 200). */
export function useMembers(caseId: string) {
  return $api.useQuery("get", "/api/v1/cases/{case_id}/members", {
    params: { path: { case_id: caseId }, query: { limit: 200 } },
  });
}


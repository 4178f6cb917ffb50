/**
 * The case of the page, read once: `CaseLayout` and every tab call `useCase()` with the same
 * query key, so the case is fetched a single time. `useCaseActions()` gives the workflow
 * actions the API says the caller may take now (`CaseRead.actions`): offer exactly these.
 */
import { useMemo } from "react";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { useCaseId } from "./useCaseId";

/** What a caller may do with a case now, one per operation (`CaseRead.actions`). */
export type CaseAction = components["schemas"]["CaseAction"];

/** The case as read (`CaseRead`, which carries `actions`). */
export type CaseWithActions = components["schemas"]["CaseRead"];

/** The query options of the case read, for invalidation: `queryClient.invalidateQueries(caseQueryKey(id))`. */
export function caseQueryKey(caseId: string) {
  return { queryKey: ["get", "/api/v1/cases/{case_id}", { params: { path: { case_id: caseId } } }] };
}

/** The case of the page (GET /api/v1/cases/{case_id}). */
export function useCase() {
  const caseId = useCaseId();
  return $api.useQuery("get", "/api/v1/cases/{case_id}", {
    params: { path: { case_id: caseId } },
  });
}

/** The actions a case offers, as a set (empty while loading or when the API sent none). */
export function actionsOf(value: CaseWithActions | undefined): ReadonlySet<CaseAction> {
  return new Set(value?.actions ?? []);
}

/** The actions the caller may take on the page's case now. */
export function useCaseActions(): ReadonlySet<CaseAction> {
  const { data } = useCase();
  return useMemo(() => actionsOf(data), [data]);
}

/** Actions that all stand behind the API's "may edit this case" check (EditableCase). */
const EDITOR_ACTIONS: CaseAction[] = [
  "update",
  "assess",
  "decide",
  "activate",
  "close",
  "reject",
  "add_member",
  "register_consent",
  "add_assessment",
  "edit_plan",
  "publish_plan",
  "schedule_meeting",
];

/**
 * Whether the caller may edit the case at all (the API's check behind leaving a member or
 * withdrawing a consent, which have no action of their own): any editor action is offered.
 */
export function canEditCase(actions: ReadonlySet<CaseAction>): boolean {
  return EDITOR_ACTIONS.some((action) => actions.has(action));
}

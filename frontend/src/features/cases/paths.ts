/**
 * Addresses of the case pages as plain strings. The route tree in app/router.tsx builds these
 * routes through a helper whose `path` is typed `string`, so their typed `to`/`params` form is
 * not available; a string address works whatever the typing.
 */
export type CaseTab = "plan" | "meetings" | "consents" | "journal" | "members" | "assessments";

export function casePath(caseId: string, tab?: CaseTab): string {
  const base = `/cases/${encodeURIComponent(caseId)}`;
  return tab ? `${base}/${tab}` : base;
}

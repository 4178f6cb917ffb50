/** Who is signed in (`GET /api/v1/me`): their roles decide which menus and screens exist. */
import { $api } from "../api/client";
import type { components } from "../client/schema";

export type Me = components["schemas"]["Me"];
export type Role = components["schemas"]["Role"];

export function useMe() {
  return $api.useQuery("get", "/api/v1/me", {}, { staleTime: 5 * 60_000 });
}

export function hasRole(me: Me | undefined, ...roles: Role[]): boolean {
  return me !== undefined && me.roles.some((role) => roles.includes(role));
}

/** Roles that work with cases (everyone but the admin and the auditor). */
export const CASE_ROLES: Role[] = [
  "unit_manager",
  "case_officer",
  "coordinator",
  "professional",
];

/**
 * Directory reads the case tabs need: organisations (ids to names, consent recipients),
 * information categories (what a consent covers) and users (who can be assigned or added).
 * Directories are small (a municipality's agencies and categories): one page of 200 each.
 */
import { useMemo } from "react";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { hasRole, type Me } from "../../auth/useMe";

export type Organization = components["schemas"]["OrganizationRead"];
export type InformationCategory = components["schemas"]["CategoryRead"];
export type DirectoryUser = components["schemas"]["UserRead"];

const DIRECTORY_STALE = 5 * 60_000;
const PAGE = 200;

/** GET /api/v1/organizations (every signed-in caller may read it). */
export function useOrganizations() {
  return $api.useQuery(
    "get",
    "/api/v1/organizations",
    { params: { query: { limit: PAGE } } },
    { staleTime: DIRECTORY_STALE, select: (page) => page.items },
  );
}

/** Organisations by id; empty until the list has loaded (or if it cannot be read). */
export function useOrganizationNames(): Map<string, Organization> {
  const { data } = useOrganizations();
  return useMemo(
    () => new Map((data ?? []).map((organization) => [organization.id, organization])),
    [data],
  );
}

/** GET /api/v1/information-categories (every signed-in caller may read it), in their order. */
export function useInformationCategories() {
  return $api.useQuery(
    "get",
    "/api/v1/information-categories",
    { params: { query: { limit: PAGE } } },
    {
      staleTime: DIRECTORY_STALE,
      select: (page) => [...page.items].sort((a, b) => a.sort_order - b.sort_order),
    },
  );
}

/** The category's name in the current language, or its code when it is not known. */
export function categoryName(
  categories: InformationCategory[] | undefined,
  code: string,
  language: string,
): string {
  const category = categories?.find((candidate) => candidate.code === code);
  if (!category) return code;
  return language === "en" ? category.name_en : category.name_sv;
}

/** Who may look users up (the API's DIRECTORY_USER_READERS); nobody else asks. */
export function canReadUsers(me: Me | undefined): boolean {
  return hasRole(me, "admin", "unit_manager", "case_officer", "coordinator");
}

/** GET /api/v1/users?role=…, active users only; only asked when `enabled`. */
export function useUsers(role: components["schemas"]["Role"] | undefined, enabled: boolean) {
  return $api.useQuery(
    "get",
    "/api/v1/users",
    { params: { query: { is_active: true, limit: PAGE, ...(role ? { role } : {}) } } },
    { staleTime: DIRECTORY_STALE, enabled, select: (page) => page.items },
  );
}

/** GET /api/v1/users/{user_id}; only asked when `enabled` and there is an id. */
export function useUser(userId: string | null | undefined, enabled: boolean) {
  return $api.useQuery(
    "get",
    "/api/v1/users/{user_id}",
    { params: { path: { user_id: userId ?? "" } } },
    { staleTime: DIRECTORY_STALE, enabled: enabled && !!userId },
  );
}

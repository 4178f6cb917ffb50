/**
 * The directory reads shared by the admin tabs: each list page by page ("Visa fler") with its
 * filters, and the organisations to choose from and to name in lists.
 */
import { useMemo } from "react";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";

export const ORGANIZATIONS = "/api/v1/organizations";
export const USERS = "/api/v1/users";
export const CLIENTS = "/api/v1/clients";

const PAGE_SIZE = 50;

const paging = {
  initialPageParam: null as string | null,
  getNextPageParam: (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined,
  pageParamName: "cursor",
};

export function useOrganizationList(query: { q?: string; include_inactive?: boolean }) {
  return $api.useInfiniteQuery(
    "get",
    "/api/v1/organizations",
    { params: { query: { ...query, limit: PAGE_SIZE } } },
    paging,
  );
}

export function useUserList(query: { q?: string; role?: components["schemas"]["Role"]; is_active?: boolean }) {
  return $api.useInfiniteQuery(
    "get",
    "/api/v1/users",
    { params: { query: { ...query, limit: PAGE_SIZE } } },
    paging,
  );
}

export function useClientList() {
  return $api.useInfiniteQuery("get", "/api/v1/clients", { params: { query: { limit: PAGE_SIZE } } }, paging);
}

/**
 * The organisations to choose from and to name in lists: the first 200 by name, inactive
 * ones included so that an old account still shows its organisation's name.
 */
export function useOrganizationChoices() {
  const query = $api.useQuery(
    "get",
    "/api/v1/organizations",
    { params: { query: { limit: 200, include_inactive: true } } },
    { staleTime: 60_000 },
  );
  const organizations = query.data?.items;
  const isPending = query.isPending;
  return useMemo(() => {
    const all = organizations ?? [];
    const byId = new Map(all.map((org) => [org.id, org]));
    return {
      all,
      active: all.filter((org) => org.is_active),
      nameOf: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? null) : null),
      isPending,
    };
  }, [organizations, isPending]);
}

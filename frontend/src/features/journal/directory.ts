/**
 * Directory data the journal names things with: information categories (their Swedish
 * names) and the organisations that wrote the entries. Until the categories have loaded (or
 * if they cannot be read), the known codes' names are used, and an unknown code shows as is.
 */
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";

export type Category = components["schemas"]["CategoryRead"];

/** The seeded categories (migrations), for when the directory cannot be read. */
export const KNOWN_CATEGORY_CODES = [
  "school",
  "police",
  "health",
  "social_services",
  "substance_use",
  "employment",
  "leisure",
] as const;

const DIRECTORY_STALE = 10 * 60_000;

export function useCategories() {
  const { t, i18n } = useTranslation("journal");
  const query = $api.useQuery(
    "get",
    "/api/v1/information-categories",
    { params: { query: { limit: 200 } } },
    { staleTime: DIRECTORY_STALE, retry: false },
  );
  const fallback: Category[] = KNOWN_CATEGORY_CODES.map((code, index) => ({
    code,
    name_sv: t(`category.${code}`, { lng: "sv" }),
    name_en: t(`category.${code}`, { lng: "en" }),
    is_social_services: code === "social_services",
    is_active: true,
    sort_order: (index + 1) * 10,
  }));
  const categories = [...(query.data?.items ?? fallback)].sort((a, b) => a.sort_order - b.sort_order);
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const english = i18n.language === "en";
  const nameOf = (code: string): string => {
    const category = byCode.get(code);
    if (!category) return code;
    return english ? category.name_en : category.name_sv;
  };
  return { categories, nameOf, isSocialServices: (code: string) => byCode.get(code)?.is_social_services ?? false };
}

/** The names of the given organisations, by id (one that cannot be read is not in the map). */
export function useOrganizationNames(ids: string[]): Map<string, string> {
  const results = useQueries({
    queries: ids.map((id) => ({
      ...$api.queryOptions("get", "/api/v1/organizations/{organization_id}", {
        params: { path: { organization_id: id } },
      }),
      staleTime: DIRECTORY_STALE,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const id = ids[index];
    if (id && result.data) names.set(id, result.data.name);
  });
  return names;
}

/**
 * The organisation filter of the access log, and the organisations' names for its rows.
 * Every signed-in user may read the directory's organisations (no case content).
 */
import { Select } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";

function useOrganizations() {
  return $api.useQuery(
    "get",
    "/api/v1/organizations",
    { params: { query: { limit: 200, include_inactive: true } } },
    { staleTime: 5 * 60_000 },
  );
}

interface Props {
  value?: string | null;
  onChange: (value: string | null) => void;
  error?: React.ReactNode;
}

export function OrganizationFilter({ value, onChange, error }: Props) {
  const { t } = useTranslation("audit");
  const organizations = useOrganizations();
  const data = useMemo(
    () => (organizations.data?.items ?? []).map((org) => ({ value: org.id, label: org.name })),
    [organizations.data],
  );
  return (
    <Select
      label={t("filters.organization")}
      placeholder={t("filters.organizationPlaceholder")}
      data={data}
      value={value ?? null}
      onChange={onChange}
      error={error}
      searchable
      clearable
      clearButtonProps={{ "aria-label": t("filters.clearField", { field: t("filters.organization") }) }}
      nothingFoundMessage={t("filters.noOrganization")}
    />
  );
}

/** The name of an organisation by id, when the directory has it. */
export function useOrganizationNames(): (id: string) => string | undefined {
  const organizations = useOrganizations();
  return useMemo(() => {
    const names = new Map((organizations.data?.items ?? []).map((org) => [org.id, org.name]));
    return (id: string) => names.get(id);
  }, [organizations.data]);
}

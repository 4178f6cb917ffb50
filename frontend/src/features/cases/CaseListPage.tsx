/** Placeholder until this screen is built. */
import { Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { z } from "zod";

/** The case list's filters live in the URL, so a filtered list can be bookmarked and shared. */
export const caseListSearch = z.object({
  status: z.string().optional(),
  target_group: z.string().optional(),
  assigned_to_me: z.boolean().optional(),
  flag: z.string().optional(),
  cursor: z.string().optional(),
});

export function CaseListPage() {
  const { t } = useTranslation();
  return <Title order={1}>{t("nav.cases")}</Title>;
}

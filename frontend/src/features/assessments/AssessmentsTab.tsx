/** Placeholder until this screen is built. */
import { Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function AssessmentsTab() {
  const { t } = useTranslation();
  return <Title order={1}>{t("nav.cases")}</Title>;
}

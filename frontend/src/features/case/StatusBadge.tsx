/** A case's status as text (never colour alone), with "Status:" for screen readers. */
import { Badge, type BadgeProps, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { components } from "../../client/schema";

const COLORS: Record<components["schemas"]["CaseStatus"], string> = {
  proposed: "gray",
  assessing: "yellow",
  decided: "cyan",
  active: "green",
  closed: "dark",
  rejected: "red",
};

export function StatusBadge({
  status,
  size,
}: {
  status: components["schemas"]["CaseStatus"];
  size?: BadgeProps["size"];
}) {
  const { t } = useTranslation("case");
  return (
    // Dark text on the light tint keeps the contrast above 4.5:1 whatever the colour.
    <Badge variant="light" color={COLORS[status]} size={size} tt="none" styles={{ label: { color: "var(--mantine-color-black)" } }}>
      <VisuallyHidden>{t("overview.status")}: </VisuallyHidden>
      {t(`status.${status}`)}
    </Badge>
  );
}

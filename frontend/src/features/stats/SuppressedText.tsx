/** A suppressed number: the word, in italics, so text and not colour says it is hidden. */
import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function SuppressedText() {
  const { t } = useTranslation("stats");
  return (
    <Text span inherit fs="italic">
      {t("suppressed")}
    </Text>
  );
}

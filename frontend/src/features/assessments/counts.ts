/** A group's counts in words: "Hög 2, måttlig 3, låg 5" or "Finns 2, saknas 4". */
import { useTranslation } from "react-i18next";

import type { components } from "../../client/schema";

type GroupCounts = components["schemas"]["GroupCounts"];

export function useCountsText() {
  const { t } = useTranslation("assessments");
  return (counts: GroupCounts | undefined) => {
    if (!counts) return "–";
    return counts.group === "protective"
      ? t("detail.countsProtective", { present: counts.present, absent: counts.absent })
      : t("detail.counts", { high: counts.high, moderate: counts.moderate, low: counts.low });
  };
}

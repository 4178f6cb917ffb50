/**
 * A breakdown as horizontal bars (long Swedish labels fit beside a bar, not under it). Only
 * visible numbers are drawn: a suppressed cell is left out and named below the chart, so a
 * gap is never read as 0. The chart is one image with a name; the table beside it is its
 * accessible equivalent, so the chart's own keyboard layer is turned off.
 */
import { BarChart } from "@mantine/charts";
import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { type Breakdown, formatCount, plottable } from "./model";

const BAR_ROW = 44;
const AXIS = 36;
const LABEL_WIDTH = 150;
const TICK = { transform: "translate(-10, 0)", fontSize: 12, fill: "currentColor", width: LABEL_WIDTH - 10 };

interface BreakdownChartProps {
  title: string;
  breakdown: Breakdown;
  label: (value: string) => string;
  series: string;
}

export function BreakdownChart({ title, breakdown, label, series }: BreakdownChartProps) {
  const { t, i18n } = useTranslation("stats");
  const drawn = plottable(breakdown);
  const hidden = breakdown.cells.filter((cell) => cell.suppressed);

  if (!breakdown.total.suppressed && breakdown.total.count === 0) {
    return <Text size="sm">{t("chart.empty")}</Text>;
  }
  if (drawn.length === 0) return <Text size="sm">{t("chart.allSuppressed")}</Text>;
  return (
    <Stack gap="xs">
      <BarChart
        role="img"
        aria-label={t("chart.label", { title })}
        accessibilityLayer={false}
        h={drawn.length * BAR_ROW + AXIS}
        data={drawn.map(({ cell, count }) => ({ label: label(cell.value), count }))}
        dataKey="label"
        orientation="vertical"
        series={[{ name: "count", label: series, color: "blue.8" }]}
        withBarValueLabel
        // Mantine's value labels are empty without a formatter.
        valueFormatter={(value) => formatCount(value, i18n.language)}
        gridAxis="none"
        xAxisProps={{ allowDecimals: false }}
        yAxisProps={{ width: LABEL_WIDTH, tick: TICK }}
      />
      {hidden.length > 0 && (
        <Text size="sm">{t("chart.omitted", { labels: hidden.map((cell) => label(cell.value)).join(", ") })}</Text>
      )}
    </Stack>
  );
}

/**
 * One section of the statistics: what it counts, the chart and the table with the same
 * numbers beside it (stacked on a phone). The table is the accessible equivalent of the
 * chart, so it holds every cell, a suppressed one as "Dolt", never as 0.
 */
import { Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { BreakdownChart } from "./BreakdownChart";
import { type Breakdown, type Cell, formatCount, hasSuppressed, type SectionName } from "./model";
import { SuppressedText } from "./SuppressedText";

/** The one section whose cells count action items rather than young people. */
const ITEM_SECTION: SectionName = "plan_items";

interface BreakdownSectionProps {
  name: SectionName;
  breakdown: Breakdown;
  minCell: number;
  /** Values the section's texts refer to (the goal's days, the snapshot's time). */
  values?: Record<string, string | number>;
  children?: ReactNode;
}

export function BreakdownSection({ name, breakdown, minCell, values, children }: BreakdownSectionProps) {
  const { t } = useTranslation("stats");
  const title = t(`sections.${name}.title`);
  const series = t(name === ITEM_SECTION ? "table.items" : "table.people");
  const label = (value: string) =>
    t(`cells.${breakdown.dimension}.${value}`, { defaultValue: value, ...values });
  const table = (
    <BreakdownTable title={title} breakdown={breakdown} label={label} series={series} minCell={minCell} id={name} />
  );
  return (
    <StatsSection name={name} title={title} description={t(`sections.${name}.description`, values)}>
      {breakdown.cells.length > 0 ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <BreakdownChart title={title} breakdown={breakdown} label={label} series={series} />
          {table}
        </SimpleGrid>
      ) : (
        table
      )}
      {children}
    </StatsSection>
  );
}

interface StatsSectionProps {
  name: string;
  title: string;
  description?: string;
  children: ReactNode;
}

/** A titled region of the page (an `h2` under the page's `h1`). */
export function StatsSection({ name, title, description, children }: StatsSectionProps) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`stats-${name}`}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id={`stats-${name}`}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="gray.7">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

interface BreakdownTableProps {
  id: string;
  title: string;
  breakdown: Breakdown;
  label: (value: string) => string;
  series: string;
  minCell: number;
}

function BreakdownTable({ id, title, breakdown, label, series, minCell }: BreakdownTableProps) {
  const { t } = useTranslation("stats");
  const noteId = `stats-${id}-note`;
  const suppressed = hasSuppressed(breakdown);
  return (
    <div>
      <Table captionSide="top" striped aria-describedby={suppressed ? noteId : undefined}>
        <Table.Caption>{t("table.caption", { title })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(`dimension.${breakdown.dimension}`, { defaultValue: breakdown.dimension })}</Table.Th>
            <Table.Th scope="col" ta="right">
              {series}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {breakdown.cells.map((cell) => (
            <Table.Tr key={cell.value}>
              <Table.Th scope="row" fw="normal">
                {label(cell.value)}
              </Table.Th>
              <Table.Td ta="right">
                <CountText cell={cell} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t("table.total")}</Table.Th>
            <Table.Td ta="right" fw={700}>
              <CountText cell={breakdown.total} />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {suppressed && (
        <Text id={noteId} size="xs" c="gray.7" mt={4}>
          {t("table.suppressedNote", { min: minCell })}
        </Text>
      )}
    </div>
  );
}

/** A cell's number, or "Dolt" (the API sends no number for a suppressed cell). */
function CountText({ cell }: { cell: Cell }) {
  const { i18n } = useTranslation();
  if (cell.suppressed || cell.count === null || cell.count === undefined) return <SuppressedText />;
  return <>{formatCount(cell.count, i18n.language)}</>;
}

/**
 * The period: two dates that change the address (and so the figures) as soon as one is
 * picked or fully typed. The calendars keep `from` on or before `to`; an address that breaks the rule gets
 * the API's 422, whose message is shown on the field it names.
 */
import { Button, Group, Paper, SimpleGrid, Title } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useTranslation } from "react-i18next";

import { isIsoDate, type StatsPeriod, type StatsSearch } from "./search";

/** Only a whole date counts: Mantine's lenient parser would take a half-typed `2026-07-0` as
 * 30 June and fetch (and log) the figures of every keystroke. */
function parseDay(input: string): string | null {
  const value = input.trim();
  return isIsoDate(value) ? value : null;
}

interface PeriodPickerProps {
  period: StatsPeriod;
  /** The API's messages by field (`from`, `to`) after a 422. */
  errors: Record<string, string>;
  onChange: (change: StatsSearch) => void;
  /** Offered when the address holds a period of its own. */
  onReset?: () => void;
}

export function PeriodPicker({ period, errors, onChange, onReset }: PeriodPickerProps) {
  const { t } = useTranslation("stats");
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="stats-period">
      <Title order={2} size="h4" id="stats-period" mb="xs">
        {t("period.title")}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={520}>
        <DateInput
          label={t("period.from")}
          placeholder={t("period.placeholder")}
          valueFormat="YYYY-MM-DD"
          dateParser={parseDay}
          value={period.from}
          maxDate={period.to}
          error={errors.from}
          onChange={(value) => value && onChange({ from: value })}
        />
        <DateInput
          label={t("period.to")}
          placeholder={t("period.placeholder")}
          valueFormat="YYYY-MM-DD"
          dateParser={parseDay}
          value={period.to}
          minDate={period.from}
          error={errors.to}
          onChange={(value) => value && onChange({ to: value })}
        />
      </SimpleGrid>
      {onReset && (
        <Group mt="sm">
          <Button variant="subtle" size="compact-sm" onClick={onReset}>
            {t("period.reset")}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

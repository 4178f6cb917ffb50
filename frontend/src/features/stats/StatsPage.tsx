/**
 * The follow-up statistics (issue #7, GET /api/v1/stats) for a unit manager: the unit's
 * figures for a period kept in the address, each as a chart with its table beside it, and
 * the same table as CSV. Small counts arrive suppressed from the API and are shown as such.
 * Loaded on demand (router.tsx): the charts are the app's heaviest code.
 */
import "@mantine/charts/styles.css";

import { Alert, Group, Stack, Text, Title } from "@mantine/core";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { type DescribeFieldError, fieldErrorsByName, toApiError } from "../../api/problem";
import { useMe } from "../../auth/useMe";
import { useDescribeFieldError } from "../../components/errors";
import { formatDateTime, todayInStockholm } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { BreakdownSection, StatsSection } from "./BreakdownSection";
import { DownloadCsvButton } from "./DownloadCsvButton";
import { FiguresTable } from "./FiguresTable";
import { formatShare, type StatsRead } from "./model";
import { PeriodPicker } from "./PeriodPicker";
import { periodOf, statsSearch, type StatsSearch } from "./search";

/** The API's messages for the period's fields, when it refused the period (422). */
function periodErrors(error: unknown, describe: DescribeFieldError): Record<string, string> {
  const apiError = toApiError(error);
  return apiError.status === 422 ? fieldErrorsByName(apiError, describe) : {};
}

export function StatsPage() {
  const { t } = useTranslation("stats");
  const describe = useDescribeFieldError();
  const me = useMe();
  const navigate = useNavigate();
  const search = statsSearch.parse(useSearch({ strict: false }));
  const period = periodOf(search, todayInStockholm());
  const query = $api.useQuery("get", "/api/v1/stats", { params: { query: period } });

  const setSearch = (next: StatsSearch) => void navigate({ to: "/stats", search: next, replace: true });
  const custom = search.from !== undefined || search.to !== undefined;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1}>{t("title")}</Title>
          <Text size="sm" c="gray.7">
            {t("intro")}
          </Text>
          {me.data?.unit && <Text size="sm">{t("unit", { name: me.data.unit.name })}</Text>}
        </div>
        <DownloadCsvButton period={period} disabled={query.data === undefined} />
      </Group>
      <PeriodPicker
        period={period}
        errors={periodErrors(query.error, describe)}
        onChange={(change) => setSearch({ ...search, ...change })}
        onReset={custom ? () => setSearch({}) : undefined}
      />
      <QueryState query={query}>{(stats) => <StatsReport stats={stats} />}</QueryState>
    </Stack>
  );
}

function StatsReport({ stats }: { stats: StatsRead }) {
  const { t, i18n } = useTranslation("stats");
  const { sections, min_cell: minCell } = stats;
  const timing = stats.consent_to_intervention;
  const days = (value: number) => t("figures.days", { count: value });
  const share = (value: number) => formatShare(value, i18n.language);
  const goal = { days: timing.goal_days };

  return (
    <Stack gap="md">
      <Text size="sm" aria-live="polite">
        {t("period.shown", {
          from: stats.period.from,
          to: stats.period.to,
          generated: formatDateTime(stats.generated_at),
        })}
      </Text>
      <Alert color="blue" variant="light" title={t("suppression.title")}>
        {t("suppression.text", { min: minCell })}
      </Alert>
      <BreakdownSection name="cases_by_status" breakdown={sections.cases_by_status} minCell={minCell} />
      <BreakdownSection name="cases_by_target_group" breakdown={sections.cases_by_target_group} minCell={minCell} />
      <BreakdownSection name="closures_by_reason" breakdown={sections.closures_by_reason} minCell={minCell} />
      <BreakdownSection name="proposals" breakdown={sections.proposals} minCell={minCell} />
      <BreakdownSection
        name="consent_to_intervention"
        breakdown={sections.consent_to_intervention}
        minCell={minCell}
        values={goal}
      >
        <FiguresTable
          title={t("sections.consent_to_intervention.title")}
          rows={[
            { key: "goal", label: t("figures.goal"), figure: { value: timing.goal_days, suppressed: false }, format: days },
            { key: "median", label: t("figures.median"), figure: timing.median_days, format: days },
            { key: "p90", label: t("figures.p90"), figure: timing.p90_days, format: days },
            { key: "within", label: t("figures.withinGoal"), figure: timing.within_goal_share, format: share },
          ]}
        />
      </BreakdownSection>
      <BreakdownSection
        name="meeting_cadence"
        breakdown={sections.meeting_cadence}
        minCell={minCell}
        values={{ asOf: formatDateTime(stats.meeting_cadence.as_of) }}
      >
        <FiguresTable
          title={t("sections.meeting_cadence.title")}
          rows={[
            { key: "kept", label: t("figures.keptShare"), figure: stats.meeting_cadence.kept_share, format: share },
          ]}
        />
      </BreakdownSection>
      <BreakdownSection name="plan_items" breakdown={sections.plan_items} minCell={minCell} />
      <BreakdownSection name="consent_withdrawals" breakdown={sections.consent_withdrawals} minCell={minCell} />
      <StatsSection name="placements_avoided" title={t("sections.placements_avoided.title")}>
        {/* The API always answers `recorded: false`: Samverka keeps no placements. */}
        <Text size="sm">{t("sections.placements_avoided.notRecorded")}</Text>
      </StatsSection>
    </Stack>
  );
}

/**
 * The auditor's access log (`GET /api/v1/audit-events`): who read or changed what, when, in
 * which case and whether it was allowed, newest first. The search is applied when the
 * auditor presses "Sök", so half-typed ids never reach the API; more pages by cursor.
 */
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { ErrorAlert } from "../../components/errors";
import { formatDateTime, stockholmInstant } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { describeAction, UUID_PATTERN } from "./describe";
import { OrganizationFilter, useOrganizationNames } from "./OrganizationFilter";

type AuditEvent = components["schemas"]["AuditEventRead"];
type Outcome = components["schemas"]["AuditOutcome"];

export interface AuditFilters {
  caseId: string;
  userId: string;
  organizationId: string | null;
  since: string | null;
  until: string | null;
  outcome: Outcome | "";
}

const EMPTY: AuditFilters = {
  caseId: "",
  userId: "",
  organizationId: null,
  since: null,
  until: null,
  outcome: "",
};

const PAGE_SIZE = 50;

/** The filters as the API's query: dates are whole days in Stockholm, `until` inclusive. */
export function toQuery(filters: AuditFilters) {
  return {
    case_id: filters.caseId.trim() || undefined,
    user_id: filters.userId.trim() || undefined,
    organization_id: filters.organizationId || undefined,
    since: filters.since ? stockholmInstant(filters.since, "00:00") : undefined,
    until: filters.until
      ? stockholmInstant(dayjs(filters.until).add(1, "day").format("YYYY-MM-DD"), "00:00")
      : undefined,
    outcome: filters.outcome || undefined,
    limit: PAGE_SIZE,
  };
}

export function AuditLogPage() {
  const { t } = useTranslation("audit");
  const [applied, setApplied] = useState<AuditFilters>(EMPTY);

  const form = useForm<AuditFilters>({
    initialValues: EMPTY,
    validate: {
      caseId: (value) => (value.trim() && !UUID_PATTERN.test(value.trim()) ? t("filters.invalidId") : null),
      userId: (value) => (value.trim() && !UUID_PATTERN.test(value.trim()) ? t("filters.invalidId") : null),
      until: (value, values) =>
        value && values.since && value < values.since ? t("filters.untilBeforeSince") : null,
    },
  });

  const apply = (values: AuditFilters) => setApplied({ ...values });
  const filterOn = (field: "caseId" | "userId", id: string) => {
    form.setFieldValue(field, id);
    setApplied({ ...form.getValues(), [field]: id });
  };

  return (
    <Stack gap="md">
      <Title order={1}>{t("title")}</Title>
      <Text>{t("intro")}</Text>
      <Alert color="blue" variant="light">
        {t("tamperEvident")}
      </Alert>

      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title">
        <Title order={2} size="h4" id="audit-filters-title" mb="sm">
          {t("filters.title")}
        </Title>
        <form onSubmit={form.onSubmit(apply)} noValidate>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t("filters.caseId")}
              description={t("filters.idHint")}
              spellCheck={false}
              autoComplete="off"
              {...form.getInputProps("caseId")}
            />
            <TextInput
              label={t("filters.userId")}
              description={t("filters.idHint")}
              spellCheck={false}
              autoComplete="off"
              {...form.getInputProps("userId")}
            />
            <OrganizationFilter {...form.getInputProps("organizationId")} />
            <DateInput
              label={t("filters.since")}
              placeholder={t("filters.datePlaceholder")}
              valueFormat="YYYY-MM-DD"
              clearable
              clearButtonProps={{ "aria-label": t("filters.clearField", { field: t("filters.since") }) }}
              {...form.getInputProps("since")}
            />
            <DateInput
              label={t("filters.until")}
              placeholder={t("filters.datePlaceholder")}
              valueFormat="YYYY-MM-DD"
              clearable
              clearButtonProps={{ "aria-label": t("filters.clearField", { field: t("filters.until") }) }}
              {...form.getInputProps("until")}
            />
            <NativeSelect
              label={t("filters.outcome")}
              data={[
                { value: "", label: t("outcome.all") },
                { value: "allowed", label: t("outcome.allowed") },
                { value: "denied", label: t("outcome.denied") },
              ]}
              {...form.getInputProps("outcome")}
            />
          </SimpleGrid>
          <Group mt="md">
            <Button type="submit">{t("filters.search")}</Button>
            <Button
              variant="default"
              onClick={() => {
                form.setValues(EMPTY);
                form.clearErrors();
                setApplied(EMPTY);
              }}
            >
              {t("filters.clear")}
            </Button>
          </Group>
        </form>
      </Paper>

      <AuditResults filters={applied} onFilter={filterOn} />
    </Stack>
  );
}

interface ResultsProps {
  filters: AuditFilters;
  onFilter: (field: "caseId" | "userId", id: string) => void;
}

function AuditResults({ filters, onFilter }: ResultsProps) {
  const { t } = useTranslation("audit");
  const organizationName = useOrganizationNames();
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/audit-events",
    { params: { query: toQuery(filters) } },
    {
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
      pageParamName: "cursor",
    },
  );

  return (
    <QueryState
      // A failed further page keeps the events already shown (its error is shown below them).
      query={{ ...query, error: query.data ? null : query.error }}
      isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
      empty={<Text c="dimmed">{t("empty")}</Text>}
    >
      {(data) => {
        const events = data.pages.flatMap((page) => page.items);
        return (
          <Stack gap="sm">
            <Table.ScrollContainer minWidth={760}>
              <Table striped aria-label={t("table.label")} verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("table.seq")}</Table.Th>
                    <Table.Th scope="col">{t("table.when")}</Table.Th>
                    <Table.Th scope="col">{t("table.who")}</Table.Th>
                    <Table.Th scope="col">{t("table.what")}</Table.Th>
                    <Table.Th scope="col">{t("table.case")}</Table.Th>
                    <Table.Th scope="col">{t("table.outcome")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {events.map((event) => (
                    <EventRow
                      key={event.id}
                      event={event}
                      organizationName={organizationName}
                      onFilter={onFilter}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm" c="dimmed" aria-live="polite">
              {t("count", { count: events.length })}
            </Text>
            {query.isFetchNextPageError && <ErrorAlert error={query.error} onRetry={() => void query.fetchNextPage()} />}
            {query.hasNextPage && (
              <Group>
                <Button
                  variant="default"
                  loading={query.isFetchingNextPage}
                  onClick={() => void query.fetchNextPage()}
                >
                  {t("more")}
                </Button>
              </Group>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

interface RowProps {
  event: AuditEvent;
  organizationName: (id: string) => string | undefined;
  onFilter: (field: "caseId" | "userId", id: string) => void;
}

function EventRow({ event, organizationName, onFilter }: RowProps) {
  const { t } = useTranslation("audit");
  const described = describeAction(t, event.action);
  const roles = event.actor_roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(", ");
  const organization = event.actor_organization_id
    ? (organizationName(event.actor_organization_id) ?? event.actor_organization_id)
    : null;
  return (
    <Table.Tr>
      <Table.Td>{event.seq}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {event.actor_user_id ? (
            <Group gap={4} wrap="nowrap">
              <Text size="sm">{t("table.user")}</Text>
              <Code>{event.actor_user_id}</Code>
              <Button
                size="compact-xs"
                variant="subtle"
                aria-label={t("table.filterUser", { id: event.actor_user_id })}
                onClick={() => onFilter("userId", event.actor_user_id as string)}
              >
                {t("table.filterShort")}
              </Button>
            </Group>
          ) : event.actor_client_id ? (
            <Group gap={4} wrap="nowrap">
              <Text size="sm">{t("table.client")}</Text>
              <Code>{event.actor_client_id}</Code>
            </Group>
          ) : (
            <Text size="sm">{t("table.system")}</Text>
          )}
          {roles && <Text size="sm">{roles}</Text>}
          {organization && (
            <Text size="xs" c="dimmed">
              {organization}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm">{described ?? event.action}</Text>
          {described && (
            <Text size="xs" c="dimmed">
              <Code>{event.action}</Code>
            </Text>
          )}
          {event.legal_basis && (
            <Text size="xs">
              {t("table.legalBasis")}: {t(`legalBasis.${event.legal_basis}`, { defaultValue: event.legal_basis })}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <EventCases event={event} onFilter={onFilter} />
      </Table.Td>
      <Table.Td>
        <Badge color={event.outcome === "denied" ? "red" : "green"} variant="light">
          {t(`outcome.${event.outcome}`)}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

type Filter = RowProps["onFilter"];

/** The case of an event, or the cases a list showed (one event a list, each with its basis). */
function EventCases({ event, onFilter }: { event: AuditEvent; onFilter: Filter }) {
  const { t } = useTranslation("audit");
  const listed = event.cases ?? [];
  if (event.case_id) {
    return <CaseId id={event.case_id} onFilter={onFilter} />;
  }
  if (listed.length === 0) {
    return t("table.noCase");
  }
  return (
    <details>
      <summary>
        <Text size="sm" span>
          {t("table.listedCases", { count: listed.length })}
        </Text>
      </summary>
      <Stack gap={2} mt={4}>
        {listed.map((listedCase) => (
          <Group key={listedCase.case_id} gap={4} wrap="nowrap">
            <CaseId id={listedCase.case_id} onFilter={onFilter} />
            {listedCase.legal_basis && (
              <Text size="xs">
                {t(`legalBasis.${listedCase.legal_basis}`, { defaultValue: listedCase.legal_basis })}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </details>
  );
}

function CaseId({ id, onFilter }: { id: string; onFilter: Filter }) {
  const { t } = useTranslation("audit");
  return (
    <Group gap={4} wrap="nowrap">
      <Code>{id}</Code>
      <Button
        size="compact-xs"
        variant="subtle"
        aria-label={t("table.filterCase", { id })}
        onClick={() => onFilter("caseId", id)}
      >
        {t("table.filterShort")}
      </Button>
    </Group>
  );
}

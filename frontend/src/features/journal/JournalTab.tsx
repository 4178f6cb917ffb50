/**
 * The case journal (`/cases/$caseId/journal`): entries newest first, filterable by
 * information category, and (with the `write_journal` action) a form to write one.
 *
 * The API returns only the categories the reader's consent covers; the filter works among
 * what was returned and never asks for anything else.
 */
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { formatDateTime } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { useCase, useCaseActions } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { useCategories, useOrganizationNames } from "./directory";
import { JournalEntryForm } from "./JournalEntryForm";

type JournalEntry = components["schemas"]["JournalEntryRead"];
const PAGE_SIZE = 50;
const ALL = "__all__";

export function JournalTab() {
  const { t } = useTranslation("journal");
  const { t: tc } = useTranslation();
  const caseId = useCaseId();
  const caseRead = useCase();
  const actions = useCaseActions();
  const canWrite = actions.has("write_journal");

  const journal = $api.useInfiniteQuery(
    "get",
    "/api/v1/cases/{case_id}/journal",
    { params: { path: { case_id: caseId }, query: { limit: PAGE_SIZE } } },
    {
      initialPageParam: null as string | null,
      getNextPageParam: (last: { next_cursor?: string | null }) => last.next_cursor ?? undefined,
    },
  );

  return (
    <Stack gap="lg">
      <Title order={2}>{t("title")}</Title>
      {canWrite && <JournalEntryForm caseId={caseId} caseData={caseRead.data} />}
      <QueryState
        query={journal}
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty={<Text c="dimmed">{t("empty")}</Text>}
      >
        {(data) => <JournalEntries entries={data.pages.flatMap((page) => page.items)} />}
      </QueryState>
      {journal.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={journal.isFetchingNextPage} onClick={() => void journal.fetchNextPage()}>
            {tc("actions.more")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function JournalEntries({ entries }: { entries: JournalEntry[] }) {
  const { t } = useTranslation("journal");
  const { nameOf } = useCategories();
  const me = useMe();
  const [filter, setFilter] = useState<string>(ALL);
  const headingId = useId();

  const present = [...new Set(entries.map((e) => e.category_code))];
  const ownOrganization = me.data?.organization;
  // Once it is known who the reader is: their own organisation needs no look-up.
  const otherOrganizations = me.isPending
    ? []
    : [...new Set(entries.map((e) => e.author_organization_id))].filter((id) => id !== ownOrganization?.id);
  const fetched = useOrganizationNames(otherOrganizations);
  const names = new Map(fetched);
  if (ownOrganization) names.set(ownOrganization.id, ownOrganization.name);

  const shown = filter === ALL ? entries : entries.filter((e) => e.category_code === filter);

  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Title order={3} id={headingId}>
            {t("entriesTitle")}
          </Title>
          <NativeSelect
            label={t("filter")}
            data={[
              { value: ALL, label: t("allCategories") },
              ...present.map((code) => ({ value: code, label: nameOf(code) })),
            ]}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
            w={{ base: "100%", xs: 320 }}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t("scopeNote")} {t("count", { count: shown.length })}
        </Text>
        {shown.length === 0 ? (
          <Text c="dimmed">{t("emptyFiltered")}</Text>
        ) : (
          shown.map((entry) => (
            <EntryCard
              key={entry.id}
              entry={entry}
              categoryName={nameOf(entry.category_code)}
              organization={names.get(entry.author_organization_id) ?? t("unknownOrganization")}
            />
          ))
        )}
      </Stack>
    </section>
  );
}

function EntryCard({ entry, categoryName, organization }: { entry: JournalEntry; categoryName: string; organization: string }) {
  const { t } = useTranslation("journal");
  const titleId = useId();
  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={titleId}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={4} fz="md" id={titleId}>
            {formatDateTime(entry.occurred_at)} · {t(`kind.${entry.kind}`)}
          </Title>
          <Badge variant="light" color="gray" style={{ textTransform: "none" }} maw="100%">
            {categoryName}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t("writtenBy", { organization })}
        </Text>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{entry.body}</Text>
      </Stack>
    </Paper>
  );
}

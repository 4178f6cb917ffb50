/**
 * The case list: the cases the user may read, most recently changed first, filtered by the
 * URL's search parameters (so a filtered list can be bookmarked and shared) and paged by the
 * API's cursor: "Visa fler" appends the next page.
 */
import {
  Anchor,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { $api } from "../../api/client";
import { CASE_ROLES, hasRole, useMe } from "../../auth/useMe";
import { ErrorAlert } from "../../components/errors";
import { formatDate, formatDateTime } from "../../components/format";
import {
  CASE_FLAGS,
  CASE_STATUSES,
  type CaseSummary,
  FlagBadges,
  StatusBadge,
  TARGET_GROUPS,
  YoungPersonText,
} from "./caseLabels";
import { LoadMore } from "./LoadMore";
import { casePath } from "./paths";

const PAGE_SIZE = 50;

/**
 * The case list's filters live in the URL, so a filtered list can be bookmarked and shared:
 * the query parameters of GET /api/v1/cases. A value the API does not know is dropped rather
 * than sent. (Pages are appended in place, so the cursor is not part of the address.)
 */
export const caseListSearch = z.object({
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  target_group: z.enum(TARGET_GROUPS).optional().catch(undefined),
  assigned_to_me: z.boolean().optional().catch(undefined),
  flag: z.enum(CASE_FLAGS).optional().catch(undefined),
});

export type CaseListSearch = z.infer<typeof caseListSearch>;

export function CaseListPage() {
  const { t } = useTranslation("cases");
  const me = useMe();
  const search = caseListSearch.parse(useSearch({ strict: false }));
  const navigate = useNavigate();

  const setFilter = (change: Partial<CaseListSearch>) => {
    const next: CaseListSearch = { ...search, ...change };
    for (const key of Object.keys(next) as (keyof CaseListSearch)[]) {
      if (next[key] === undefined || next[key] === false) delete next[key];
    }
    void navigate({ to: "/cases", search: next, replace: true });
  };

  const filtered = Object.values(search).some((value) => value !== undefined);
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/cases",
    {
      params: {
        query: {
          status: search.status,
          target_group: search.target_group,
          assigned_to_me: search.assigned_to_me || undefined,
          flag: search.flag,
          limit: PAGE_SIZE,
        },
      },
    },
    {
      initialPageParam: null,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    },
  );
  const cases = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1}>{t("list.title")}</Title>
          <Text size="sm" c="gray.7">
            {t("list.intro")}
          </Text>
        </div>
        {hasRole(me.data, ...CASE_ROLES) && (
          <Button component={Link} to="/cases/new">
            {t("list.newProposal")}
          </Button>
        )}
      </Group>

      <Paper withBorder p="md" component="section" aria-labelledby="case-filters">
        <Title order={2} size="h4" id="case-filters" mb="xs">
          {t("list.filters")}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            label={t("list.status")}
            value={search.status ?? ""}
            onChange={(event) =>
              setFilter({ status: (event.currentTarget.value || undefined) as CaseListSearch["status"] })
            }
            data={[
              { value: "", label: t("list.all") },
              ...CASE_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
            ]}
          />
          <NativeSelect
            label={t("list.targetGroup")}
            value={search.target_group ?? ""}
            onChange={(event) =>
              setFilter({
                target_group: (event.currentTarget.value || undefined) as CaseListSearch["target_group"],
              })
            }
            data={[
              { value: "", label: t("list.all") },
              ...TARGET_GROUPS.map((value) => ({ value, label: t(`targetGroup.${value}`) })),
            ]}
          />
          <NativeSelect
            label={t("list.flag")}
            value={search.flag ?? ""}
            onChange={(event) =>
              setFilter({ flag: (event.currentTarget.value || undefined) as CaseListSearch["flag"] })
            }
            data={[
              { value: "", label: t("list.all") },
              ...CASE_FLAGS.map((value) => ({ value, label: t(`flag.${value}`) })),
            ]}
          />
        </SimpleGrid>
        <Group mt="sm" justify="space-between" wrap="wrap">
          <Checkbox
            label={t("list.assignedToMe")}
            checked={search.assigned_to_me === true}
            onChange={(event) => setFilter({ assigned_to_me: event.currentTarget.checked || undefined })}
          />
          {filtered && (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => void navigate({ to: "/cases", search: {}, replace: true })}
            >
              {t("list.clear")}
            </Button>
          )}
        </Group>
      </Paper>

      {query.isPending ? (
        <Center py="lg">
          <Loader size="sm" aria-label={t("common:loading")} />
        </Center>
      ) : query.data === undefined ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : cases.length === 0 ? (
        <Text>{filtered ? t("list.empty") : t("list.emptyAll")}</Text>
      ) : (
        <>
          <Text size="sm" aria-live="polite">
            {t("list.shown", { count: cases.length })}
          </Text>
          <CaseTable cases={cases} />
          {query.error && !query.isFetchingNextPage && (
            <ErrorAlert error={query.error} onRetry={() => void query.fetchNextPage()} />
          )}
          <LoadMore
            hasNextPage={query.hasNextPage}
            isFetchingNextPage={query.isFetchingNextPage}
            fetchNextPage={query.fetchNextPage}
          />
        </>
      )}
    </Stack>
  );
}

function CaseTable({ cases }: { cases: CaseSummary[] }) {
  const { t } = useTranslation("cases");
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table striped highlightOnHover aria-label={t("list.tableLabel")} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("list.reference")}</Table.Th>
            <Table.Th scope="col">{t("list.youngPerson")}</Table.Th>
            <Table.Th scope="col">{t("list.status")}</Table.Th>
            <Table.Th scope="col">{t("list.targetGroup")}</Table.Th>
            <Table.Th scope="col">{t("list.endsOn")}</Table.Th>
            <Table.Th scope="col">{t("list.flags")}</Table.Th>
            <Table.Th scope="col">{t("list.updated")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Anchor component={Link} to={casePath(item.id)} fw={600}>
                  {item.reference}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <YoungPersonText person={item.young_person} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={item.status} />
              </Table.Td>
              <Table.Td>{t(`targetGroup.${item.target_group}`, { defaultValue: item.target_group })}</Table.Td>
              <Table.Td>{formatDate(item.intervention_end_on)}</Table.Td>
              <Table.Td>
                {item.flags && item.flags.length > 0 ? (
                  <FlagBadges flags={item.flags} />
                ) : (
                  <Text size="sm" c="gray.7">
                    {t("list.noFlags")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(item.updated_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Who has accessed the case: organisation and roles, what, when, allowed or denied; newest
 * first, "Visa fler" for older pages. Offered to the case officer (`read_access_log`), who
 * answers the young person's question of who has seen their information.
 */
import { Button, Center, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { fetchClient, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/errors";
import { QueryState } from "../../components/QueryState";
import { formatDateTime } from "../../components/format";
import { useCase, useCaseActions } from "./useCase";
import { useCaseId } from "./useCaseId";

const PAGE_SIZE = 50;

export function useAccessLog(caseId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["get", "/api/v1/cases/{case_id}/access-log", { params: { path: { case_id: caseId } } }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        fetchClient.GET("/api/v1/cases/{case_id}/access-log", {
          params: {
            path: { case_id: caseId },
            query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function AccessLogTab() {
  const { t } = useTranslation("case");
  const caseId = useCaseId();
  const caseQuery = useCase();
  const actions = useCaseActions();
  const allowed = actions.has("read_access_log");
  const log = useAccessLog(caseId, allowed);

  if (caseQuery.isPending) return null;
  if (!allowed) {
    // Not offered to this reader: nothing is fetched, the reason is said plainly.
    return <ErrorAlert error={{ status: 403, title: "Forbidden" }} />;
  }

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t("accessLog.title")}
      </Title>
      <Text size="sm">{t("accessLog.intro")}</Text>
      <QueryState
        query={{
          data: log.data?.pages.flatMap((page) => page.items),
          // A failed "Visa fler" keeps the rows already shown; its error is shown below them.
          error: log.isFetchNextPageError ? null : log.error,
          isPending: log.isPending,
          refetch: (() => log.refetch()) as never,
        }}
        isEmpty={(items) => items.length === 0}
        empty={<Text size="sm">{t("accessLog.empty")}</Text>}
      >
        {(items) => (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped aria-label={t("accessLog.table")} verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("accessLog.when")}</Table.Th>
                    <Table.Th scope="col">{t("accessLog.who")}</Table.Th>
                    <Table.Th scope="col">{t("accessLog.what")}</Table.Th>
                    <Table.Th scope="col">{t("accessLog.outcome")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((entry, index) => (
                    <Table.Tr key={`${entry.occurred_at}-${index}`}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(entry.occurred_at)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {entry.organization_name ??
                            (entry.organization_kind
                              ? t(`orgKind.${entry.organization_kind}`)
                              : t("accessLog.unknownOrg"))}
                        </Text>
                        {entry.roles.length > 0 && (
                          <Text size="xs" c="dimmed">
                            {t("accessLog.roles", {
                              roles: entry.roles.map((role) => t(`role.${role}`, { defaultValue: role })).join(", "),
                            })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {t(`operation.${entry.action.replace(/[:-]/g, "_")}`, { defaultValue: entry.action })}
                        </Text>
                        {entry.channel && (
                          <Text size="xs" c="dimmed">
                            {t("accessLog.channel")}: {t(`channelName.${entry.channel}`, { defaultValue: entry.channel })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {entry.outcome === "denied" ? (
                          <Text size="sm" fw={700}>
                            {t("accessLog.denied")}
                          </Text>
                        ) : (
                          <Text size="sm">{t("accessLog.allowed")}</Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {log.isFetchNextPageError && <ErrorAlert error={log.error} onRetry={() => void log.fetchNextPage()} />}
            {log.hasNextPage && (
              <Center>
                <Button variant="light" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                  {t("common:actions.more")}
                </Button>
              </Center>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

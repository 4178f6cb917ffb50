/**
 * The preparation group's list (beredningsgrupp): open proposals of the municipality,
 * de-identified (GET /api/v1/proposals/deidentified). Only what the API returns for them is
 * shown — age, area, target group, risk picture, who proposed, status — and nothing links to
 * a case: the group discusses the proposal before any consent exists (DOMAIN.md, "Proposal").
 */
import { Center, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { ErrorAlert } from "../../components/errors";
import { formatDate } from "../../components/format";
import { StatusBadge } from "../cases/caseLabels";
import { LoadMore } from "../cases/LoadMore";

type DeidentifiedProposal = components["schemas"]["DeidentifiedProposal"];

const PAGE_SIZE = 50;

export function DeidentifiedPage() {
  const { t } = useTranslation("proposals");
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/proposals/deidentified",
    { params: { query: { limit: PAGE_SIZE } } },
    { initialPageParam: null, getNextPageParam: (last) => last.next_cursor ?? undefined },
  );
  const proposals = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t("title")}</Title>
        <Text size="sm" c="gray.7">
          {t("intro")}
        </Text>
      </div>
      {query.isPending ? (
        <Center py="lg">
          <Loader size="sm" aria-label={t("common:loading")} />
        </Center>
      ) : query.data === undefined ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : proposals.length === 0 ? (
        <Text>{t("empty")}</Text>
      ) : (
        <>
          <Text size="sm" aria-live="polite">
            {t("shown", { count: proposals.length })}
          </Text>
          <ProposalTable proposals={proposals} />
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

function ProposalTable({ proposals }: { proposals: DeidentifiedProposal[] }) {
  const { t } = useTranslation("proposals");
  return (
    // Wider than a phone: the table scrolls sideways, and the scroll area takes keyboard focus
    // (there is nothing else to focus in it) so it can be scrolled without a mouse.
    <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={t("tableScroll")}>
      <Table striped aria-label={t("tableLabel")} verticalSpacing="sm" style={{ tableLayout: "auto" }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("created")}</Table.Th>
            <Table.Th scope="col">{t("age")}</Table.Th>
            <Table.Th scope="col">{t("area")}</Table.Th>
            <Table.Th scope="col">{t("targetGroup")}</Table.Th>
            <Table.Th scope="col" style={{ minWidth: 260 }}>
              {t("riskSummary")}
            </Table.Th>
            <Table.Th scope="col">{t("proposedBy")}</Table.Th>
            <Table.Th scope="col">{t("status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {proposals.map((proposal) => (
            <Table.Tr key={proposal.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(proposal.created_at)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{t("years", { count: proposal.age })}</Table.Td>
              <Table.Td>{proposal.area ?? <Text size="sm" c="gray.7" span>{t("areaWithheld")}</Text>}</Table.Td>
              <Table.Td>{t(`cases:targetGroup.${proposal.target_group}`, { defaultValue: proposal.target_group })}</Table.Td>
              <Table.Td style={{ whiteSpace: "pre-line" }}>
                {proposal.risk_summary ?? <Text size="sm" c="gray.7" span>{t("noRiskSummary")}</Text>}
              </Table.Td>
              <Table.Td>
                {t(`organizationKind.${proposal.proposed_by_organization_kind}`, {
                  defaultValue: proposal.proposed_by_organization_kind,
                })}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={proposal.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

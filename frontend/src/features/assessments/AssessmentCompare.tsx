/**
 * How the risk changed between two assessments (DOMAIN.md: "repeated to measure change"):
 * the overall judgement, each item's rating then and now with the change in words and an
 * arrow (never colour alone), and the counts per group.
 */
import { Checkbox, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { formatDate } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { useCountsText } from "./counts";
import { GROUPS, itemName } from "./savry";

type AssessmentSummary = components["schemas"]["AssessmentSummary"];

const ARROW: Record<string, string> = { worse: "↑", better: "↓", same: "–" };

export function ChangeText({ change }: { change: string }) {
  const { t } = useTranslation("assessments");
  const words = change === "worse" || change === "better" || change === "same" ? t(`compare.${change}`) : change;
  return (
    <Text component="span" size="sm" fw={change === "same" ? 400 : 700}>
      <span aria-hidden="true">{ARROW[change] ?? ""} </span>
      {words}
    </Text>
  );
}

interface CompareProps {
  caseId: string;
  /** The case's assessments, newest first. */
  assessments: AssessmentSummary[];
}

export function AssessmentCompare({ caseId, assessments }: CompareProps) {
  const { t, i18n } = useTranslation("assessments");
  const countsText = useCountsText();
  // The API's own default: the second newest against the newest.
  const [fromId, setFromId] = useState<string | null>(null);
  const [toId, setToId] = useState<string | null>(null);
  const [onlyChanged, setOnlyChanged] = useState(false);
  const from = fromId ?? assessments[1]?.id ?? "";
  const to = toId ?? assessments[0]?.id ?? "";
  const enabled = assessments.length >= 2 && from !== "" && to !== "" && from !== to;
  const comparison = $api.useQuery(
    "get",
    "/api/v1/cases/{case_id}/assessments/compare",
    { params: { path: { case_id: caseId }, query: { from, to } } },
    { enabled },
  );

  const options = assessments.map((assessment) => ({
    value: assessment.id,
    label: `${formatDate(assessment.assessed_at)} (${t(`risk.${assessment.overall_risk}`)})`,
  }));

  return (
    <Stack gap="sm" component="section" aria-labelledby="assessment-compare-title">
      <Title order={3} id="assessment-compare-title">
        {t("compare.title")}
      </Title>
      {assessments.length < 2 ? (
        <Text>{t("compare.needTwo")}</Text>
      ) : (
        <>
          <Text size="sm">{t("compare.intro")}</Text>
          <Group gap="sm" wrap="wrap" align="flex-end">
            <NativeSelect
              label={t("compare.from")}
              value={from}
              onChange={(event) => setFromId(event.currentTarget.value)}
              data={options}
            />
            <NativeSelect
              label={t("compare.to")}
              value={to}
              onChange={(event) => setToId(event.currentTarget.value)}
              data={options}
            />
          </Group>
          {from === to ? (
            <Text>{t("compare.sameAssessment")}</Text>
          ) : (
            <QueryState query={comparison}>
              {(data) => {
                const fromDate = formatDate(data.from_assessment.assessed_at);
                const toDate = formatDate(data.to_assessment.assessed_at);
                const overall = {
                  from: t(`risk.${data.from_assessment.overall_risk}`),
                  to: t(`risk.${data.to_assessment.overall_risk}`),
                };
                const items = onlyChanged ? data.items.filter((item) => item.change !== "same") : data.items;
                return (
                  <Stack gap="sm">
                    <Text fw={600}>
                      <span aria-hidden="true">{t("compare.overall", overall)}</span>
                      <VisuallyHidden>{t("compare.overallSr", overall)}</VisuallyHidden> (
                      <ChangeText change={data.overall_risk_change} />)
                    </Text>
                    <Text size="sm">{t("compare.legend")}</Text>
                    <Checkbox
                      label={t("compare.onlyChanged")}
                      checked={onlyChanged}
                      onChange={(event) => setOnlyChanged(event.currentTarget.checked)}
                    />
                    <Table.ScrollContainer minWidth={520}>
                      <Table aria-label={t("compare.itemsLabel", { from: fromDate, to: toDate })} striped>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t("compare.item")}</Table.Th>
                            <Table.Th scope="col">{fromDate}</Table.Th>
                            <Table.Th scope="col">{toDate}</Table.Th>
                            <Table.Th scope="col">{t("compare.change")}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {items.map((item) => (
                            <Table.Tr key={item.item_code}>
                              <Table.Th scope="row" fw={400}>
                                {item.item_code} {itemName(item.item_code, i18n.language, item.name_sv)}
                              </Table.Th>
                              <Table.Td>{t(`ratings.${item.from_rating}`, { defaultValue: item.from_rating })}</Table.Td>
                              <Table.Td>{t(`ratings.${item.to_rating}`, { defaultValue: item.to_rating })}</Table.Td>
                              <Table.Td>
                                <ChangeText change={item.change} />
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                    <Table.ScrollContainer minWidth={520}>
                      <Table aria-label={t("compare.groupsLabel", { from: fromDate, to: toDate })}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t("compare.group")}</Table.Th>
                            <Table.Th scope="col">{fromDate}</Table.Th>
                            <Table.Th scope="col">{toDate}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {GROUPS.map((group) => {
                            const change = data.groups.find((candidate) => candidate.group === group);
                            if (!change) return null;
                            return (
                              <Table.Tr key={group}>
                                <Table.Th scope="row" fw={400}>
                                  {t(`groups.${group}`)}
                                </Table.Th>
                                <Table.Td>{countsText(change.from_counts)}</Table.Td>
                                <Table.Td>{countsText(change.to_counts)}</Table.Td>
                              </Table.Tr>
                            );
                          })}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  </Stack>
                );
              }}
            </QueryState>
          )}
        </>
      )}
    </Stack>
  );
}

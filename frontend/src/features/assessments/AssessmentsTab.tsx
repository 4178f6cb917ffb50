/**
 * The case's risk assessments: the list (newest first), one assessment's ratings, registering
 * a new SAVRY assessment (`add_assessment`), and the change between two assessments.
 */
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { formatDate } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { useCaseActions } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { AssessmentCompare } from "./AssessmentCompare";
import { AssessmentForm } from "./AssessmentForm";
import { useCountsText } from "./counts";
import { GROUPS, itemName } from "./savry";

type AssessmentSummary = components["schemas"]["AssessmentSummary"];

function AssessmentDetail({ caseId, summary }: { caseId: string; summary: AssessmentSummary }) {
  const { t, i18n } = useTranslation("assessments");
  const countsText = useCountsText();
  const date = formatDate(summary.assessed_at);
  const assessment = $api.useQuery("get", "/api/v1/cases/{case_id}/assessments/{assessment_id}", {
    params: { path: { case_id: caseId, assessment_id: summary.id } },
  });
  return (
    <QueryState query={assessment}>
      {(data) => (
        <Stack gap="sm" component="section" aria-labelledby={`assessment-${data.id}`}>
          <Title order={4} id={`assessment-${data.id}`}>
            {t("detail.title", { date })}
          </Title>
          <Text fw={600}>{t("detail.overall", { risk: t(`risk.${data.overall_risk}`) })}</Text>
          {data.summary && (
            <div>
              <Text fw={600} size="sm">
                {t("detail.summary")}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {data.summary}
              </Text>
            </div>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {GROUPS.map((group) => {
              const ratings = data.ratings.filter((rating) => rating.group === group);
              if (ratings.length === 0) return null;
              const groupName = t(`groups.${group}`);
              return (
                <Paper key={group} withBorder p="sm">
                  <Title order={5}>{groupName}</Title>
                  <Text size="sm" mb="xs">
                    {countsText(data.groups.find((counts) => counts.group === group))}
                  </Text>
                  <Table aria-label={t("detail.ratingsLabel", { group: groupName, date })} verticalSpacing={4}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t("detail.item")}</Table.Th>
                        <Table.Th scope="col">{t("detail.rating")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {ratings.map((rating) => (
                        <Table.Tr key={rating.item_code}>
                          <Table.Td>
                            {rating.item_code} {itemName(rating.item_code, i18n.language, rating.name_sv)}
                          </Table.Td>
                          <Table.Td>{t(`ratings.${rating.rating}`, { defaultValue: rating.rating })}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Paper>
              );
            })}
          </SimpleGrid>
        </Stack>
      )}
    </QueryState>
  );
}

export function AssessmentsTab() {
  const caseId = useCaseId();
  const { t } = useTranslation("assessments");
  const actions = useCaseActions();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const list = $api.useQuery("get", "/api/v1/cases/{case_id}/assessments", {
    params: { path: { case_id: caseId }, query: { limit: 200 } },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Title order={2}>{t("title")}</Title>
        {actions.has("add_assessment") && !creating && (
          <Button onClick={() => setCreating(true)}>{t("create.button")}</Button>
        )}
      </Group>
      <Text>{t("intro")}</Text>

      {creating && (
        <Paper withBorder p="md" component="section" aria-labelledby="assessment-create-title">
          <Title order={3} id="assessment-create-title" mb="sm">
            {t("create.title")}
          </Title>
          <AssessmentForm caseId={caseId} onDone={() => setCreating(false)} />
        </Paper>
      )}

      <QueryState
        query={list}
        isEmpty={(page) => page.items.length === 0}
        empty={<Text>{t("list.empty")}</Text>}
      >
        {(page) => {
          const selected = page.items.find((item) => item.id === shown);
          return (
            <Stack gap="md">
              <Table.ScrollContainer minWidth={420}>
                <Table aria-label={t("list.label")} striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t("list.date")}</Table.Th>
                      <Table.Th scope="col">{t("list.instrument")}</Table.Th>
                      <Table.Th scope="col">{t("list.overall")}</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>{t("list.show")}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((item) => {
                      const date = formatDate(item.assessed_at);
                      const open = shown === item.id;
                      return (
                        <Table.Tr key={item.id}>
                          <Table.Td>{date}</Table.Td>
                          <Table.Td>{t(`instruments.${item.instrument}`)}</Table.Td>
                          <Table.Td>{t(`risk.${item.overall_risk}`)}</Table.Td>
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="light"
                              aria-expanded={open}
                              aria-label={t(open ? "list.hideLabel" : "list.showLabel", { date })}
                              onClick={() => setShown(open ? null : item.id)}
                            >
                              {open ? t("list.hide") : t("list.show")}
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {selected && <AssessmentDetail caseId={caseId} summary={selected} />}
              <AssessmentCompare caseId={caseId} assessments={page.items} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

/**
 * The printable plan for the young person and the guardians: the latest published version in
 * plain words, large type, no menus. Built from the plan's JSON reads (not the API's HTML page),
 * so no server markup is placed in the app. The buttons are hidden on paper.
 */
import { Anchor, Box, Button, Container, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { formatDate } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { useCase } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { type Member, type PlanItem, useMembers } from "./planModel";

/** Who is responsible, as the family would say it (api/plans/printing.py). */
function whoInPlainWords(t: TFunction<"plan">, member: Member | undefined): string {
  if (!member) return "";
  const name = member.display_name ?? "";
  if (member.group_role === "young_person") return name ? t("printPage.youNamed", { name }) : t("printPage.you");
  if (member.group_role === "guardian") {
    return name ? t("printPage.guardianNamed", { name }) : t("printPage.guardian");
  }
  return name || t("printPage.contact");
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text component="dt" fz="lg" fw={700}>
        {label}
      </Text>
      <Text component="dd" fz="lg" m={0} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Box>
  );
}

function PrintedItem({ item, members }: { item: PlanItem; members: Map<string, Member> }) {
  const { t } = useTranslation("plan");
  return (
    <Paper withBorder p="md" component="li" style={{ breakInside: "avoid" }}>
      <Title order={3} fz="xl" mb="xs" style={{ whiteSpace: "pre-wrap" }}>
        {item.plain_text}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="sm" m={0}>
        <Row label={t("printPage.who")}>{whoInPlainWords(t, members.get(item.responsible_member_id))}</Row>
        <Row label={t("printPage.when")}>{item.due_on ? formatDate(item.due_on) : t("item.noDue")}</Row>
        <Row label={t("printPage.evidence")}>{item.completion_evidence || "–"}</Row>
        <Row label={t("printPage.fallback")}>{item.fallback_action || "–"}</Row>
        <Row label={t("printPage.status")}>{t(`status.${item.status}`)}</Row>
      </SimpleGrid>
    </Paper>
  );
}

function PrintedVersion({ caseId, number }: { caseId: string; number: number }) {
  const { t } = useTranslation("plan");
  const caseRead = useCase();
  const members = useMembers(caseId);
  const version = $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan/versions/{number}", {
    params: { path: { case_id: caseId, number } },
  });
  const memberMap = new Map((members.data?.items ?? []).map((member) => [member.id, member]));
  return (
    <QueryState query={version}>
      {(data) => (
        <Stack gap="md">
          <Text fz="lg">
            {t("printPage.reference", {
              reference: caseRead.data?.reference ?? "",
              number: data.number,
              date: formatDate(data.published_at),
            })}
          </Text>
          <Text fz="lg">{t("printPage.intro")}</Text>
          <Title order={2}>{t("printPage.todo")}</Title>
          <Stack component="ol" gap="md" p={0} m={0} style={{ listStyle: "none" }}>
            {data.items.map((item) => (
              <PrintedItem key={item.id} item={item} members={memberMap} />
            ))}
          </Stack>
        </Stack>
      )}
    </QueryState>
  );
}

export function PrintPlanPage() {
  const caseId = useCaseId();
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const latest = $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan/versions", {
    params: { path: { case_id: caseId }, query: { limit: 1 } },
  });
  return (
    <Container size="md" py="lg" component="main" id="main">
      <Stack gap="lg">
        <Group justify="space-between" className="no-print" wrap="wrap" gap="sm">
          <Anchor fz="lg" renderRoot={(props) => <Link to="/cases/$caseId/plan" params={{ caseId }} {...props} />}>
            {t("printPage.back")}
          </Anchor>
          <Button size="md" onClick={() => window.print()}>
            {tc("actions.print")}
          </Button>
        </Group>
        <Title order={1}>{t("printPage.title")}</Title>
        <QueryState query={latest}>
          {(page) => {
            const version = page.items[0];
            return version ? (
              <PrintedVersion caseId={caseId} number={version.number} />
            ) : (
              <Text fz="lg">{t("printPage.none")}</Text>
            );
          }}
        </QueryState>
      </Stack>
    </Container>
  );
}

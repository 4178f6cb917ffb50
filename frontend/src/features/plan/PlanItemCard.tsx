/** One item of the plan: what, who, by when, the area, how we see it is done, what if not. */
import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { formatDate } from "../../components/format";
import { categoryLabel, type Member, memberLabel, type PlanItem } from "./planModel";

const STATUS_COLOR: Record<string, string> = {
  // Outline badges in dark shades: text contrast at least 5:1 on white (WCAG 1.4.3).
  planned: "gray.7",
  in_progress: "blue.9",
  done: "teal.9",
  not_done: "red.9",
};

interface PlanItemCardProps {
  item: PlanItem;
  number: number;
  members: Map<string, Member>;
  /** Heading level of the item's title (the draft's items are h4 under an h3). */
  order?: 3 | 4 | 5 | 6;
  note?: ReactNode;
  actions?: ReactNode;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Box>
  );
}

export function PlanItemCard({ item, number, members, order = 4, note, actions }: PlanItemCardProps) {
  const { t } = useTranslation("plan");
  return (
    <Paper withBorder p="md" component="article" aria-label={t("item.heading", { n: number })}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title order={order} size="h5">
            {t("item.heading", { n: number })}
          </Title>
          <Badge color={STATUS_COLOR[item.status] ?? "gray.7"} variant="outline">
            {t("fields.status")}: {t(`status.${item.status}`)}
          </Badge>
        </Group>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{item.text}</Text>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" m={0}>
          <Field label={t("fields.plain_text")}>{item.plain_text}</Field>
          <Field label={t("fields.responsible_member_id")}>
            {memberLabel(t, members.get(item.responsible_member_id))}
          </Field>
          <Field label={t("fields.due_on")}>{item.due_on ? formatDate(item.due_on) : t("item.noDue")}</Field>
          <Field label={t("fields.category_code")}>{categoryLabel(t, item.category_code)}</Field>
          <Field label={t("fields.completion_evidence")}>{item.completion_evidence || "–"}</Field>
          <Field label={t("fields.fallback_action")}>{item.fallback_action || "–"}</Field>
          {item.follow_up_notes && <Field label={t("fields.follow_up_notes")}>{item.follow_up_notes}</Field>}
        </SimpleGrid>
        {item.carried_from_id && (
          <Text size="xs" c="gray.7">
            {t("item.carried")}
          </Text>
        )}
        {note}
        {actions && (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The case's words everyone reads the same way: status, target group and follow-up flags,
 * with the API's enum values in one place (the case list, My work and the preparation group's
 * list use them). Flags and statuses are shown as text, never by colour alone.
 */
import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { components } from "../../client/schema";
import { formatDate } from "../../components/format";

export type CaseSummary = components["schemas"]["CaseSummary"];
export type CaseStatus = components["schemas"]["CaseStatus"];
export type TargetGroup = components["schemas"]["TargetGroup"];
export type CaseFlag = components["schemas"]["CaseFlag"];
type YoungPersonRef = components["schemas"]["YoungPersonRef"];

export const CASE_STATUSES = [
  "proposed",
  "assessing",
  "decided",
  "active",
  "closed",
  "rejected",
] as const satisfies readonly CaseStatus[];
export const TARGET_GROUPS = ["at_risk", "defector"] as const satisfies readonly TargetGroup[];
export const CASE_FLAGS = ["meeting_overdue", "consent_expiring"] as const satisfies readonly CaseFlag[];

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation("cases");
  return (
    <Badge variant="outline" color={status === "active" ? "blue.9" : "gray.8"} tt="none">
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The case's follow-up flags as readable warnings (an unknown flag is shown as the API names it). */
export function FlagBadges({ flags }: { flags: readonly string[] | undefined }) {
  const { t } = useTranslation("cases");
  if (!flags || flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {flags.map((flag) => (
        <Badge key={flag} variant="outline" color="red.9" tt="none" style={{ whiteSpace: "normal", height: "auto" }}>
          {t(`flag.${flag}`, { defaultValue: flag })}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * The young person as far as the API shows them to this reader: some readers get only part of
 * it (no identity number outside social services), so only what is there is shown.
 */
export function YoungPersonText({ person }: { person: Partial<YoungPersonRef> | null | undefined }) {
  const { t } = useTranslation("cases");
  if (!person) return <Text size="sm" c="gray.7">–</Text>;
  const name = [person.given_name, person.family_name].filter(Boolean).join(" ");
  return (
    <div>
      {name && <Text size="sm" fw={500}>{name}</Text>}
      {person.birth_date && (
        <Text size="xs" c="gray.7">
          {t("list.born", { date: formatDate(person.birth_date) })}
        </Text>
      )}
      {person.personal_number && (
        <Text size="xs" c="gray.7">
          {t("list.personalNumber", { number: person.personal_number })}
        </Text>
      )}
    </div>
  );
}

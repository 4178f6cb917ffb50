/** The action plan's shapes and the words the screens use for them. */
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { formatDate } from "../../components/format";

export type PlanItem = components["schemas"]["PlanItemRead"];
export type PlanItemStatus = components["schemas"]["PlanItemStatus"];
export type PlanItemUpdate = components["schemas"]["PlanItemUpdate"];
export type PlanItemCreate = components["schemas"]["PlanItemCreate"];
export type Member = components["schemas"]["MemberRead"];
export type ItemChange = components["schemas"]["api__plans__schemas__ItemChange"];

export const STATUSES: PlanItemStatus[] = ["planned", "in_progress", "done", "not_done"];

/**
 * The information categories the first migration seeds, in their order. The API has no list
 * of categories to read, so a code outside these is shown as it is.
 */
export const CATEGORY_CODES = [
  "school",
  "police",
  "health",
  "social_services",
  "substance_use",
  "employment",
  "leisure",
] as const;

export function categoryLabel(t: TFunction<"plan">, code: string): string {
  return (CATEGORY_CODES as readonly string[]).includes(code) ? t(`categories.${code}` as "categories.school") : code;
}

/** A member as the group knows them: "Anna Berg (polis)", "Testa (den unga)". */
export function memberLabel(t: TFunction<"plan">, member: Member | undefined): string {
  if (!member) return t("item.unknownMember");
  const role = t(`roles.${member.group_role}` as "roles.other");
  const name = member.display_name ?? member.external_contact;
  const label = name ? `${name} (${role})` : role.charAt(0).toUpperCase() + role.slice(1);
  return member.left_at ? `${label}, ${t("item.left")}` : label;
}

/** The case's members (the group, with those who left, for the names of older items). */
export function useMembers(caseId: string) {
  return $api.useQuery("get", "/api/v1/cases/{case_id}/members", {
    params: { path: { case_id: caseId }, query: { limit: 200 } },
  });
}

export function useMemberMap(caseId: string): Map<string, Member> {
  const members = useMembers(caseId);
  return new Map((members.data?.items ?? []).map((member) => [member.id, member]));
}

/** A field's value in words, for the "what changed" view. */
export function useFieldValue(members: Map<string, Member>) {
  const { t } = useTranslation("plan");
  return (field: string, item: PlanItem | null | undefined): string => {
    if (!item) return t("changes.empty");
    const value = (item as unknown as Record<string, unknown>)[field];
    if (value === null || value === undefined || value === "") {
      return field === "due_on" ? t("item.noDue") : t("changes.empty");
    }
    switch (field) {
      case "responsible_member_id":
        return memberLabel(t, members.get(String(value)));
      case "status":
        return t(`status.${String(value)}` as "status.planned");
      case "category_code":
        return categoryLabel(t, String(value));
      case "due_on":
        return formatDate(String(value));
      default:
        return String(value);
    }
  };
}

export function fieldLabel(t: TFunction<"plan">, field: string): string {
  const known = [
    "text",
    "plain_text",
    "responsible_member_id",
    "due_on",
    "category_code",
    "completion_evidence",
    "fallback_action",
    "status",
    "follow_up_notes",
    "position",
  ];
  return known.includes(field) ? t(`fields.${field}` as "fields.text") : field;
}

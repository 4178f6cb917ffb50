/**
 * Adding an item to the draft, or changing one: what, the same in plain words, who, by when,
 * the area (its information category), how we see it is done and what to do if it cannot be.
 * A change sends only the fields that changed, with the item's own version as If-Match.
 */
import { Button, Group, NativeSelect, SimpleGrid, Stack, Textarea } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import { useMutationErrorHandler } from "../../components/errors";
import { todayInStockholm } from "../../components/format";
import {
  CATEGORY_CODES,
  categoryLabel,
  type Member,
  memberLabel,
  type PlanItem,
  type PlanItemCreate,
  type PlanItemStatus,
  type PlanItemUpdate,
  STATUSES,
} from "./planModel";

export interface ItemValues {
  text: string;
  plain_text: string;
  responsible_member_id: string;
  due_on: string | null;
  category_code: string;
  completion_evidence: string;
  fallback_action: string;
  status: PlanItemStatus;
  follow_up_notes: string;
}

function initialValues(item: PlanItem | undefined, fallback: string): ItemValues {
  return {
    text: item?.text ?? "",
    plain_text: item?.plain_text ?? "",
    responsible_member_id: item?.responsible_member_id ?? "",
    due_on: item?.due_on ?? null,
    category_code: item?.category_code ?? "",
    completion_evidence: item?.completion_evidence ?? "",
    fallback_action: item?.fallback_action ?? fallback,
    status: item?.status ?? "planned",
    follow_up_notes: item?.follow_up_notes ?? "",
  };
}

/** What differs from the item, as the PATCH body (emptied optional fields become null). */
export function changedFields(item: PlanItem, values: ItemValues): PlanItemUpdate {
  const body: PlanItemUpdate = {};
  const before = initialValues(item, "");
  for (const key of Object.keys(values) as (keyof ItemValues)[]) {
    const now = values[key] ?? "";
    const was = before[key] ?? "";
    if (now === was) continue;
    if (key === "due_on" || key === "follow_up_notes") {
      (body as Record<string, unknown>)[key] = now === "" ? null : now;
    } else {
      (body as Record<string, unknown>)[key] = now;
    }
  }
  return body;
}

export function invalidatePlan(queryClient: ReturnType<typeof useQueryClient>) {
  // The draft's version moves with every change of an item, and the case's actions with it.
  void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/action-plan"] });
  void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}"] });
  void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/me/tasks"] });
}

interface ItemFormProps {
  caseId: string;
  members: Member[];
  /** The item being changed; none when adding. */
  item?: PlanItem;
  onDone: () => void;
}

export function ItemForm({ caseId, members, item, onDone }: ItemFormProps) {
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const add = $api.useMutation("post", "/api/v1/cases/{case_id}/action-plan/items");
  const update = $api.useMutation("patch", "/api/v1/cases/{case_id}/action-plan/items/{item_id}");
  const required = (value: string | null) => (value && value.trim() !== "" ? null : tc("required"));
  const form = useForm<ItemValues>({
    mode: "controlled",
    initialValues: initialValues(item, t("fields.fallbackDefault")),
    validate: {
      text: required,
      plain_text: required,
      responsible_member_id: required,
      category_code: required,
      completion_evidence: required,
      fallback_action: required,
    },
  });

  // Current members may be chosen; the item's own member stays listed even after leaving.
  const choosable = members.filter(
    (member) => member.left_at == null || member.id === item?.responsible_member_id,
  );
  const categories: string[] = [...CATEGORY_CODES];
  if (item && !categories.includes(item.category_code)) categories.push(item.category_code);

  const submit = async (values: ItemValues) => {
    try {
      if (item) {
        const body = changedFields(item, values);
        if (Object.keys(body).length === 0) {
          notifications.show({ message: t("edit.nothing") });
          onDone();
          return;
        }
        await update.mutateAsync({
          params: { path: { case_id: caseId, item_id: item.id } },
          headers: ifMatch(item.version),
          body,
        });
        notifications.show({ color: "green", message: t("edit.done") });
      } else {
        const body: PlanItemCreate = {
          text: values.text,
          plain_text: values.plain_text,
          responsible_member_id: values.responsible_member_id,
          due_on: values.due_on || null,
          category_code: values.category_code,
          completion_evidence: values.completion_evidence,
          fallback_action: values.fallback_action,
        };
        await add.mutateAsync({ params: { path: { case_id: caseId } }, body });
        notifications.show({ color: "green", message: t("add.done") });
      }
      invalidatePlan(queryClient);
      onDone();
    } catch (error) {
      onError(error, form);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <Textarea
          label={t("fields.text")}
          description={t("fields.textHint")}
          withAsterisk
          rows={3}
          key={form.key("text")}
          {...form.getInputProps("text")}
        />
        <Textarea
          label={t("fields.plain_text")}
          description={t("fields.plain_textHint")}
          withAsterisk
          rows={3}
          key={form.key("plain_text")}
          {...form.getInputProps("plain_text")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={t("fields.responsible_member_id")}
            description={t("fields.responsibleHint")}
            withAsterisk
            data={[
              { value: "", label: t("fields.chooseMember"), disabled: true },
              ...choosable.map((member) => ({ value: member.id, label: memberLabel(t, member) })),
            ]}
            key={form.key("responsible_member_id")}
            {...form.getInputProps("responsible_member_id")}
          />
          <DateInput
            label={t("fields.due_on")}
            description={t("fields.dueHint")}
            valueFormat="YYYY-MM-DD"
            placeholder="ÅÅÅÅ-MM-DD"
            minDate={todayInStockholm()}
            clearable
            key={form.key("due_on")}
            {...form.getInputProps("due_on")}
          />
        </SimpleGrid>
        <NativeSelect
          label={t("fields.category_code")}
          description={t("fields.categoryHint")}
          withAsterisk
          data={[
            { value: "", label: t("fields.chooseCategory"), disabled: true },
            ...categories.map((code) => ({ value: code, label: categoryLabel(t, code) })),
          ]}
          key={form.key("category_code")}
          {...form.getInputProps("category_code")}
        />
        <Textarea
          label={t("fields.completion_evidence")}
          withAsterisk
          rows={2}
          key={form.key("completion_evidence")}
          {...form.getInputProps("completion_evidence")}
        />
        <Textarea
          label={t("fields.fallback_action")}
          withAsterisk
          rows={2}
          key={form.key("fallback_action")}
          {...form.getInputProps("fallback_action")}
        />
        {item && (
          <>
            <NativeSelect
              label={t("fields.status")}
              data={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
              key={form.key("status")}
              {...form.getInputProps("status")}
            />
            <Textarea
              label={t("fields.follow_up_notes")}
                  rows={2}
              key={form.key("follow_up_notes")}
              {...form.getInputProps("follow_up_notes")}
            />
          </>
        )}
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onDone}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={add.isPending || update.isPending}>
            {item ? t("edit.submit") : t("add.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface StatusFormProps {
  caseId: string;
  item: PlanItem;
  onDone: () => void;
}

/** The responsible member's report between meetings: the item's status and a note. */
export function StatusForm({ caseId, item, onDone }: StatusFormProps) {
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const update = $api.useMutation("patch", "/api/v1/cases/{case_id}/action-plan/items/{item_id}");
  const form = useForm({
    mode: "controlled",
    initialValues: { status: item.status, follow_up_notes: item.follow_up_notes ?? "" },
  });

  const submit = async (values: { status: PlanItemStatus; follow_up_notes: string }) => {
    const body: PlanItemUpdate = {};
    if (values.status !== item.status) body.status = values.status;
    if (values.follow_up_notes !== (item.follow_up_notes ?? "")) {
      body.follow_up_notes = values.follow_up_notes === "" ? null : values.follow_up_notes;
    }
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    try {
      await update.mutateAsync({
        params: { path: { case_id: caseId, item_id: item.id } },
        headers: ifMatch(item.version),
        body,
      });
      notifications.show({ color: "green", message: t("report.done") });
      invalidatePlan(queryClient);
      onDone();
    } catch (error) {
      onError(error, form);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <NativeSelect
          label={t("fields.status")}
          data={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          key={form.key("status")}
          {...form.getInputProps("status")}
        />
        <Textarea
          label={t("fields.follow_up_notes")}
          rows={3}
          key={form.key("follow_up_notes")}
          {...form.getInputProps("follow_up_notes")}
        />
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onDone}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t("report.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

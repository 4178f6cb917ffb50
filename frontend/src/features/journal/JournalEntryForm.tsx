/**
 * Writing a journal entry, made for a phone: full-width fields, a large save button.
 *
 * Only the categories the writer may write in are offered (api/access/policy.py,
 * `can_write_journal_entry`): social-services staff of the case's unit write in every
 * category; anyone else in the categories an active consent naming their organisation covers,
 * and a concern report also in social services' own category. The API still decides; a
 * refusal lands on the category field.
 */
import { Button, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { DateInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { fieldErrorsByName, toApiError } from "../../api/problem";
import { hasRole, type Me, useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { formatTime, stockholmInstant, todayInStockholm } from "../../components/format";
import { useDescribeFieldError, useMutationErrorHandler } from "../../components/errors";
import { useCategories } from "./directory";

type JournalKind = components["schemas"]["JournalKind"];
type CaseRead = components["schemas"]["CaseRead"];
const KINDS: JournalKind[] = ["note", "school_attendance", "police_report", "concern_report"];
/** JournalEntryCreate.body.maxLength in openapi.yaml. */
export const BODY_MAX = 20_000;
/** The API accepts an entry up to five minutes ahead (clocks drift). */
const CLOCK_SKEW_MS = 5 * 60_000;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

interface Values {
  kind: JournalKind;
  /** "" until one is chosen. */
  category_code: string;
  date: string | null;
  time: string;
  body: string;
}

/** Social-services staff of the case's own unit: they document every category. */
function hasFullAccess(me: Me | undefined, caseData: CaseRead | undefined): boolean {
  if (!me || !caseData || me.kind !== "user") return false;
  return hasRole(me, "unit_manager", "case_officer", "coordinator") && me.unit?.id === caseData.owning_unit_id;
}

function useWritableCategories(caseId: string, caseData: CaseRead | undefined, kind: JournalKind) {
  const me = useMe();
  const { categories, isSocialServices } = useCategories();
  const fullAccess = hasFullAccess(me.data, caseData);
  const consents = $api.useQuery(
    "get",
    "/api/v1/cases/{case_id}/consents",
    { params: { path: { case_id: caseId }, query: { limit: 200 } } },
    { enabled: me.data !== undefined && caseData !== undefined && !fullAccess },
  );
  const active = categories.filter((c) => c.is_active);
  if (fullAccess) return active;
  // Until it is known what the consent covers (or if it cannot be read), the API decides.
  if (!me.data || !consents.data) return active;
  const organizationId = me.data.organization.id;
  const covered = new Set(
    consents.data.items
      .filter((c) => c.status === "active" && c.organization_ids.includes(organizationId))
      .flatMap((c) => c.category_codes),
  );
  return active.filter((c) => covered.has(c.code) || (kind === "concern_report" && isSocialServices(c.code)));
}

export function JournalEntryForm({ caseId, caseData }: { caseId: string; caseData: CaseRead | undefined }) {
  const { t } = useTranslation("journal");
  const queryClient = useQueryClient();
  const handleError = useMutationErrorHandler();
  const describe = useDescribeFieldError();
  const create = $api.useMutation("post", "/api/v1/cases/{case_id}/journal");
  const { nameOf } = useCategories();
  const [defaults] = useState(() => ({ date: todayInStockholm(), time: formatTime(new Date().toISOString()) }));

  const form = useForm<Values>({
    mode: "controlled",
    initialValues: { kind: "note", category_code: "", date: defaults.date, time: defaults.time, body: "" },
    validate: {
      category_code: (value) => (value ? null : t("write.categoryRequired")),
      date: (value) => (value ? null : t("write.dateRequired")),
      time: (value, values) => {
        if (!TIME.test(value)) return t("write.timeRequired");
        if (values.date && new Date(stockholmInstant(values.date, value)).getTime() > Date.now() + CLOCK_SKEW_MS) {
          return t("write.inFuture");
        }
        return null;
      },
      body: (value) => (value.trim() ? null : t("write.bodyRequired")),
    },
  });

  const writable = useWritableCategories(caseId, caseData, form.values.kind);
  const options = writable.map((c) => ({ value: c.code, label: nameOf(c.code) }));
  const chosen = form.values.category_code;
  const chosenAllowed = chosen === "" || options.some((o) => o.value === chosen);

  const submit = form.onSubmit(async (values) => {
    if (!chosenAllowed) {
      form.setFieldError("category_code", t("write.categoryRequired"));
      return;
    }
    try {
      await create.mutateAsync({
        params: { path: { case_id: caseId } },
        body: {
          kind: values.kind,
          category_code: values.category_code,
          occurred_at: stockholmInstant(values.date ?? "", values.time),
          body: values.body,
        },
      });
    } catch (raw) {
      const error = toApiError(raw);
      const onCategory = error.fieldErrors.find((f) => f.field === "body.category_code");
      if ((error.status === 403 || error.status === 409) && onCategory) {
        form.setFieldError(
          "category_code",
          onCategory.rule === "not_covered_by_consent" ? t("write.notCovered") : describe(onCategory),
        );
        return;
      }
      handleError(error, {
        setErrors: () => {
          const byName = fieldErrorsByName(error, describe);
          const occurred = error.fieldErrors.find((f) => f.field === "body.occurred_at");
          const { occurred_at, ...rest } = byName;
          form.setErrors({
            ...rest,
            ...(occurred_at ? { time: occurred?.rule === "in_future" ? t("write.inFuture") : occurred_at } : {}),
          });
        },
      });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/journal"] });
    notifications.show({ color: "green", message: t("write.saved") });
    form.setValues({ body: "", time: formatTime(new Date().toISOString()), date: todayInStockholm() });
    form.resetDirty();
  });

  return (
    <Paper component="section" aria-labelledby="journal-write" withBorder p={{ base: "sm", sm: "md" }} radius="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={3} id="journal-write">
            {t("write.title")}
          </Title>
          <NativeSelect
            label={t("write.kind")}
            data={KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
            withAsterisk
            size="md"
            {...form.getInputProps("kind")}
          />
          <NativeSelect
            label={t("write.category")}
            description={t("write.categoryHint")}
            data={[{ value: "", label: t("write.chooseCategory") }, ...options]}
            withAsterisk
            size="md"
            {...form.getInputProps("category_code")}
            value={chosenAllowed ? chosen : ""}
          />
          {options.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("write.noCategories")}
            </Text>
          )}
          <SimpleGrid cols={2} spacing="sm">
            <DateInput
              label={t("write.date")}
              valueFormat="YYYY-MM-DD"
              placeholder="ÅÅÅÅ-MM-DD"
              maxDate={defaults.date}
              withAsterisk
              size="md"
              {...form.getInputProps("date")}
            />
            <TimeInput label={t("write.time")} withAsterisk size="md" {...form.getInputProps("time")} />
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt={-8}>
            {t("write.whenHint")}
          </Text>
          <Textarea
            label={t("write.body")}
            description={t("write.bodyCount", { count: form.values.body.length, max: BODY_MAX })}
            autosize
            minRows={5}
            maxRows={20}
            maxLength={BODY_MAX}
            withAsterisk
            size="md"
            {...form.getInputProps("body")}
          />
          <Button type="submit" size="lg" fullWidth loading={create.isPending}>
            {t("write.submit")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Booking a meeting and moving one: a date and two wall-clock times in Stockholm, turned into
 * instants with offset (`stockholmInstant`) only when sent. The form's field names are the
 * API's (`starts_at`, `ends_at`, ...), so a 422 lands on the field it is about.
 */
import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { DateInput, TimeInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "../../client/schema";
import { formatDate, formatTime, stockholmInstant } from "../../components/format";

export type MeetingKind = components["schemas"]["MeetingKind"];
export type MeetingSummary = components["schemas"]["MeetingSummary"];
export const MEETING_KINDS: MeetingKind[] = ["network", "intake", "extra", "preparation"];
const LOCATION_MAX = 255;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface MeetingFormValues {
  kind: MeetingKind;
  date: string | null;
  starts_at: string;
  ends_at: string;
  location: string;
}

export interface MeetingTimes {
  starts_at: string;
  ends_at: string;
  location: string | null;
}

/** The values as the API wants them: instants with the Stockholm offset of that day. */
export function toMeetingTimes(values: MeetingFormValues): MeetingTimes {
  const date = values.date ?? "";
  return {
    starts_at: stockholmInstant(date, values.starts_at),
    ends_at: stockholmInstant(date, values.ends_at),
    location: values.location.trim() || null,
  };
}

export function valuesOf(meeting: MeetingSummary): MeetingFormValues {
  return {
    kind: meeting.kind,
    date: formatDate(meeting.starts_at),
    starts_at: formatTime(meeting.starts_at),
    ends_at: formatTime(meeting.ends_at),
    location: meeting.location ?? "",
  };
}

export type SetFormErrors = { setErrors: (errors: Record<string, string>) => void };

interface MeetingFormProps {
  initial?: MeetingFormValues;
  /** Rescheduling keeps the kind: the API changes only time and place. */
  withKind: boolean;
  submitLabel: string;
  onSubmit: (values: MeetingFormValues, form: SetFormErrors) => Promise<void>;
  onCancel: () => void;
}

export function MeetingForm({ initial, withKind, submitLabel, onSubmit, onCancel }: MeetingFormProps) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const [saving, setSaving] = useState(false);
  const form = useForm<MeetingFormValues>({
    mode: "controlled",
    initialValues: initial ?? { kind: "network", date: null, starts_at: "", ends_at: "", location: "" },
    validate: {
      date: (value) => (value ? null : t("form.dateRequired")),
      starts_at: (value) => (TIME.test(value) ? null : t("form.timeRequired")),
      ends_at: (value, values) => {
        if (!TIME.test(value)) return t("form.timeRequired");
        if (TIME.test(values.starts_at) && value <= values.starts_at) return t("form.endAfterStart");
        return null;
      },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      await onSubmit(values, form);
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {withKind && (
          <NativeSelect
            label={t("form.kind")}
            data={MEETING_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
            withAsterisk
            {...form.getInputProps("kind")}
          />
        )}
        <DateInput
          label={t("form.date")}
          description={t("form.dateHint")}
          valueFormat="YYYY-MM-DD"
          placeholder="ÅÅÅÅ-MM-DD"
          withAsterisk
          {...form.getInputProps("date")}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TimeInput label={t("form.start")} withAsterisk {...form.getInputProps("starts_at")} />
          <TimeInput label={t("form.end")} withAsterisk {...form.getInputProps("ends_at")} />
        </SimpleGrid>
        <TextInput
          label={t("form.location")}
          placeholder={t("form.locationPlaceholder")}
          maxLength={LOCATION_MAX}
          {...form.getInputProps("location")}
        />
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onCancel}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

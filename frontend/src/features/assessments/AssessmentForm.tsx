/**
 * Registering a SAVRY assessment: every one of the 30 items rated (grouped as the instrument
 * groups them, each a labelled radio group), the overall judgement, a summary and the date.
 * The API names a wrong rating by its item (`ratings.H1`), so its message lands on that item.
 */
import { Alert, Button, Fieldset, Group, Radio, Stack, Text, Textarea } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, memo, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { useMutationErrorHandler } from "../../components/errors";
import { stockholmInstant, todayInStockholm } from "../../components/format";
import { allowedRatings, GROUPS, itemName, RISK_LEVELS, SAVRY_ITEMS } from "./savry";

type AssessmentCreate = components["schemas"]["AssessmentCreate"];

export interface AssessmentValues {
  assessed_on: string | null;
  overall_risk: string;
  summary: string;
  ratings: Record<string, string>;
}

function emptyValues(): AssessmentValues {
  return {
    assessed_on: null,
    overall_risk: "",
    summary: "",
    ratings: Object.fromEntries(SAVRY_ITEMS.map((item) => [item.code, ""])),
  };
}

/** The request: today means "now" (the API's default); an earlier day is taken at noon. */
export function toRequest(values: AssessmentValues): AssessmentCreate {
  const day = values.assessed_on;
  return {
    instrument: "savry",
    ratings: SAVRY_ITEMS.map((item) => ({ item_code: item.code, rating: values.ratings[item.code] ?? "" })),
    overall_risk: values.overall_risk as AssessmentCreate["overall_risk"],
    summary: values.summary.trim() === "" ? null : values.summary,
    assessed_at: day && day !== todayInStockholm() ? stockholmInstant(day, "12:00") : null,
    category_code: "social_services",
  };
}

interface RatingItemProps {
  code: string;
  label: string;
  options: readonly string[];
  value: string;
  error: string | undefined;
  onChange: (code: string, value: string) => void;
  optionLabel: (rating: string) => string;
}

/** One item's rating; memoised, so rating one item does not redraw the other 29. */
const RatingItem = memo(function RatingItem({ code, label, options, value, error, onChange, optionLabel }: RatingItemProps) {
  return (
    <Radio.Group
      label={label}
      withAsterisk
      name={`rating-${code}`}
      value={value}
      error={error}
      onChange={(next) => onChange(code, next)}
    >
      <Group gap="md" mt={4} wrap="wrap">
        {options.map((rating) => (
          <Radio key={rating} value={rating} label={optionLabel(rating)} />
        ))}
      </Group>
    </Radio.Group>
  );
});

type OtherValues = Omit<AssessmentValues, "ratings">;

export function AssessmentForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation("assessments");
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const create = $api.useMutation("post", "/api/v1/cases/{case_id}/assessments");
  const [ratings, setRatings] = useState<Record<string, string>>(() => emptyValues().ratings);
  const [ratingErrors, setRatingErrors] = useState<Record<string, string>>({});
  const form = useForm<OtherValues>({
    mode: "controlled",
    initialValues: { assessed_on: null, overall_risk: "", summary: "" },
    validate: { overall_risk: (value) => (value ? null : t("create.chooseOne")) },
  });
  const missing = Object.keys(ratingErrors).length;

  const rate = useCallback((code: string, value: string) => {
    setRatings((current) => ({ ...current, [code]: value }));
    setRatingErrors((current) => {
      if (!(code in current)) return current;
      const rest = { ...current };
      delete rest[code];
      return rest;
    });
  }, []);
  const optionLabel = useCallback((rating: string) => t(`ratings.${rating}`), [t]);

  /** The API's field errors: `ratings.H1` on its item, the rest on the form's fields. */
  const errorTarget = {
    setErrors: (errors: Record<string, string>) => {
      const byItem: Record<string, string> = {};
      const other: Record<string, string> = {};
      for (const [field, message] of Object.entries(errors)) {
        if (field.startsWith("ratings.")) byItem[field.slice("ratings.".length).toUpperCase()] = message;
        else other[field === "assessed_at" ? "assessed_on" : field] = message;
      }
      setRatingErrors(byItem);
      form.setErrors(other);
    },
  };

  const submit = async (values: OtherValues) => {
    try {
      await create.mutateAsync({ params: { path: { case_id: caseId } }, body: toRequest({ ...values, ratings }) });
      notifications.show({ color: "green", message: t("create.done") });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/assessments"] });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/assessments/compare"] });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}"] });
      onDone();
    } catch (error) {
      onError(error, errorTarget);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const unrated = SAVRY_ITEMS.filter((item) => !ratings[item.code]);
    setRatingErrors(Object.fromEntries(unrated.map((item) => [item.code, t("create.chooseOne")])));
    const checked = form.validate();
    if (unrated.length === 0 && !checked.hasErrors) void submit(form.getValues());
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("create.title")}>
      <Stack gap="md">
        <Text size="sm">{t("create.intro")}</Text>
        <DateInput
          label={t("create.assessedOn")}
          description={t("create.assessedOnHint")}
          valueFormat="YYYY-MM-DD"
          placeholder="ÅÅÅÅ-MM-DD"
          maxDate={todayInStockholm()}
          clearable
          maw={260}
          key={form.key("assessed_on")}
          {...form.getInputProps("assessed_on")}
        />
        {GROUPS.map((group) => (
          <Fieldset key={group} legend={t(`groups.${group}`)} variant="filled">
            <Stack gap="sm">
              {SAVRY_ITEMS.filter((item) => item.group === group).map((item) => (
                <RatingItem
                  key={item.code}
                  code={item.code}
                  label={`${item.code} ${itemName(item.code, i18n.language)}`}
                  options={allowedRatings(group)}
                  value={ratings[item.code] ?? ""}
                  error={ratingErrors[item.code]}
                  onChange={rate}
                  optionLabel={optionLabel}
                />
              ))}
            </Stack>
          </Fieldset>
        ))}
        <Radio.Group
          label={t("create.overall")}
          description={t("create.overallHint")}
          withAsterisk
          {...form.getInputProps("overall_risk")}
        >
          <Group gap="md" mt={4} wrap="wrap">
            {RISK_LEVELS.map((level) => (
              <Radio key={level} value={level} label={t(`risk.${level}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t("create.summary")}
          description={t("create.summaryHint")}
          rows={4}
          key={form.key("summary")}
          {...form.getInputProps("summary")}
        />
        {missing > 0 && (
          <Alert color="red" variant="outline" role="alert">
            {t("create.missing", { count: missing })}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onDone}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t("create.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

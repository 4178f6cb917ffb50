/**
 * A proposal (förslag) for a social intervention group: anyone with a case role may propose a
 * young person to a social-services unit (POST /api/v1/cases). The form checks what it can
 * before sending (required fields, lengths, the identity number, no name in the risk picture)
 * and puts the API's own 422 messages on the fields they name.
 *
 * Afterwards a social worker of the receiving unit who may read the case (the API assigns a
 * proposing case officer or coordinator; a unit manager reads the unit's cases) goes to the new
 * case; anyone else — police, school — only follows the proposal's status (DOMAIN.md), so they
 * see the reference and status here instead of a case page they cannot open.
 */
import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  List,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { $api } from "../../api/client";
import { fieldErrorsByName, toApiError } from "../../api/problem";
import { hasRole, useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { ErrorAlert, useDescribeFieldError, useMutationErrorHandler } from "../../components/errors";
import { todayInStockholm } from "../../components/format";
import { isValidIdentityNumber } from "./identityNumber";
import { casePath } from "./paths";
import { useSocialServicesUnits } from "./useUnits";
import { zodResolver } from "./zodResolver";

type CaseCreate = components["schemas"]["CaseCreate"];
type ProposalStatus = components["schemas"]["ProposalStatus"];
type TargetGroup = components["schemas"]["TargetGroup"];

const NAME_MAX = 100;
const AREA_MAX = 100;
const TEXT_MAX = 4000;

export interface ProposalValues {
  unit_id: string;
  target_group: TargetGroup | "";
  young_person: {
    given_name: string;
    family_name: string;
    personal_number: string;
    birth_date: string;
  };
  area: string;
  proposal_reason: string;
  risk_summary: string;
}

/** The form's fields, by the name the API's field errors use (without `body.`). */
const FIELDS = [
  "unit_id",
  "target_group",
  "young_person.given_name",
  "young_person.family_name",
  "young_person.personal_number",
  "young_person.birth_date",
  "area",
  "proposal_reason",
  "risk_summary",
] as const;

const fieldId = (name: string) => `proposal-${name.replace(/[._]/g, "-")}`;

const EMPTY: ProposalValues = {
  unit_id: "",
  target_group: "",
  young_person: { given_name: "", family_name: "", personal_number: "", birth_date: "" },
  area: "",
  proposal_reason: "",
  risk_summary: "",
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function proposalSchema(t: TFunction<"cases">) {
  const tooLong = (max: number) => t("proposal.errors.tooLong", { max });
  const required = (message: string, max: number) => z.string().trim().min(1, message).max(max, tooLong(max));
  return z.object({
      unit_id: z.string().min(1, t("proposal.errors.unit")),
      target_group: z.enum(["at_risk", "defector"], { error: t("proposal.errors.targetGroup") }),
      young_person: z.object({
        given_name: required(t("proposal.errors.givenName"), NAME_MAX),
        family_name: required(t("proposal.errors.familyName"), NAME_MAX),
        personal_number: z
          .string()
          .trim()
          .refine((value) => value === "" || isValidIdentityNumber(value), t("proposal.errors.personalNumber")),
        birth_date: z
          .string()
          .trim()
          .refine((value) => value === "" || /^\d{4}-\d{2}-\d{2}$/.test(value), t("proposal.errors.birthDate"))
          .refine((value) => value === "" || value <= todayInStockholm(), t("proposal.errors.birthDateFuture")),
      }),
      area: z.string().trim().max(AREA_MAX, tooLong(AREA_MAX)),
      proposal_reason: required(t("proposal.errors.proposalReason"), TEXT_MAX),
      risk_summary: required(t("proposal.errors.riskSummary"), TEXT_MAX),
    });
}

/**
 * The checks across fields, run whatever else is wrong (zod skips an object's refinements
 * while one of its fields is invalid, and the user should hear everything at once).
 */
function crossFieldErrors(values: ProposalValues, t: TFunction<"cases">): Record<string, string> {
  const errors: Record<string, string> = {};
  const person = values.young_person;
  if (person.personal_number.trim() === "" && person.birth_date.trim() === "") {
    errors["young_person.birth_date"] = t("proposal.errors.birthDateRequired");
  }
  // The preparation group reads the risk picture before any consent: no name in it.
  const names = [person.given_name, person.family_name].map((name) => name.trim()).filter((name) => name.length > 1);
  if (names.length > 0) {
    const named = new RegExp(`(^|[^\\p{L}])(${names.map(escapeRegExp).join("|")})($|[^\\p{L}])`, "iu");
    if (named.test(values.risk_summary)) errors.risk_summary = t("proposal.errors.riskSummaryNamed");
  }
  return errors;
}

function proposalValidator(t: TFunction<"cases">) {
  const fromSchema = zodResolver<ProposalValues>(proposalSchema(t));
  return (values: ProposalValues) => ({ ...crossFieldErrors(values, t), ...fromSchema(values) });
}

/** The request body: only the fields the API knows, empty optional ones left out. */
export function toCaseCreate(values: ProposalValues): CaseCreate {
  const person = values.young_person;
  const personalNumber = person.personal_number.trim();
  const birthDate = person.birth_date.trim();
  const area = values.area.trim();
  return {
    unit_id: values.unit_id,
    target_group: values.target_group as TargetGroup,
    young_person: {
      given_name: person.given_name.trim(),
      family_name: person.family_name.trim(),
      ...(personalNumber ? { personal_number: personalNumber } : {}),
      ...(birthDate ? { birth_date: birthDate } : {}),
    },
    ...(area ? { area } : {}),
    proposal_reason: values.proposal_reason.trim(),
    risk_summary: values.risk_summary.trim(),
  };
}

function focusFirstError(errors: Record<string, unknown>) {
  const first = FIELDS.find((name) => errors[name]);
  if (!first) return;
  const element =
    first === "target_group"
      ? document.querySelector<HTMLElement>('input[name="target_group"]')
      : document.getElementById(fieldId(first));
  element?.focus();
}

export function NewProposalPage() {
  const { t } = useTranslation("cases");
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleMutationError = useMutationErrorHandler();
  const describe = useDescribeFieldError();
  const units = useSocialServicesUnits();
  const [sent, setSent] = useState<ProposalStatus | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [attempt, setAttempt] = useState<{ body: string; key: string } | null>(null);

  const validate = useMemo(() => proposalValidator(t), [t]);
  const form = useForm<ProposalValues>({ initialValues: EMPTY, validate });
  const create = $api.useMutation("post", "/api/v1/cases");

  // A social worker usually proposes to their own unit: choose it for them when it is listed.
  const ownUnitId = me.data?.unit?.id;
  const { setFieldValue } = form;
  const unitIsChosen = form.values.unit_id !== "";
  useEffect(() => {
    if (!unitIsChosen && ownUnitId && units.data?.some((unit) => unit.id === ownUnitId)) {
      setFieldValue("unit_id", ownUnitId);
    }
  }, [ownUnitId, units.data, unitIsChosen, setFieldValue]);

  const onError = (raw: unknown) => {
    const error = toApiError(raw);
    // 422 (the request's shape) and 409 (a rule, e.g. the age range) can both name a field.
    if ((error.status === 422 || error.status === 409) && error.fieldErrors.length > 0) {
      const byName = fieldErrorsByName(error, describe);
      const onFields: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const [name, message] of Object.entries(byName)) {
        const field = name === "young_person" ? "young_person.birth_date" : name;
        if ((FIELDS as readonly string[]).includes(field)) onFields[field] ??= message;
        else elsewhere.push(message);
      }
      form.setErrors(onFields);
      setOtherErrors(elsewhere);
      focusFirstError(onFields);
      return;
    }
    handleMutationError(error, form);
  };

  const submit = (values: ProposalValues) => {
    setOtherErrors([]);
    const body = toCaseCreate(values);
    // Sending the same proposal again (after a lost connection) reuses its Idempotency-Key,
    // so the API registers it once; a changed proposal is a new request.
    const sentBody = JSON.stringify(body);
    const key = attempt?.body === sentBody ? attempt.key : crypto.randomUUID();
    setAttempt({ body: sentBody, key });
    create.mutate(
      { body, params: { header: { "Idempotency-Key": key } } },
      {
        onSuccess: (proposal) => {
          void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases"] });
          void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/proposals"] });
          setAttempt(null);
          const readsCase =
            me.data?.unit?.id === values.unit_id && hasRole(me.data, "case_officer", "coordinator", "unit_manager");
          if (readsCase) {
            void navigate({ to: casePath(proposal.id) });
          } else {
            setSent(proposal);
            form.reset();
          }
        },
        onError,
      },
    );
  };

  if (sent) {
    return (
      <Stack gap="md" maw={760}>
        <Title order={1}>{t("proposal.title")}</Title>
        <Alert color="teal.9" title={t("proposal.sent.title")} role="status">
          <Text size="sm">
            {t("proposal.sent.body", { reference: sent.reference, status: t(`status.${sent.status}`) })}
          </Text>
        </Alert>
        <Group>
          <Button variant="light" onClick={() => setSent(null)}>
            {t("proposal.sent.another")}
          </Button>
          <Anchor component={Link} to="/">
            {t("proposal.sent.myWork")}
          </Anchor>
        </Group>
      </Stack>
    );
  }

  const unitOptions = [
    { value: "", label: units.isPending ? t("proposal.unitsLoading") : t("proposal.unitPlaceholder") },
    ...(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
  ];

  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>{t("proposal.title")}</Title>
      <Text size="sm">{t("proposal.intro")}</Text>
      <form onSubmit={form.onSubmit(submit, (errors) => focusFirstError(errors))} noValidate>
        <Stack gap="lg">
          {otherErrors.length > 0 && (
            <Alert color="red" role="alert" title={t("proposal.errors.other")}>
              <List size="sm">
                {otherErrors.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Alert>
          )}

          <Fieldset
            legend={
              <Title order={2} size="h4">
                {t("proposal.unitSection")}
              </Title>
            }
          >
            <Stack gap="sm">
              {units.error ? (
                <ErrorAlert error={units.error} onRetry={() => void units.refetch()} />
              ) : (
                <NativeSelect
                  id={fieldId("unit_id")}
                  label={t("proposal.unit")}
                  description={t("proposal.unitDescription")}
                  required
                  disabled={units.isPending}
                  data={unitOptions}
                  {...form.getInputProps("unit_id")}
                />
              )}
              <Radio.Group
                name="target_group"
                label={t("proposal.targetGroup")}
                required
                {...form.getInputProps("target_group")}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="at_risk" label={t("proposal.targetGroupAtRisk")} />
                  <Radio value="defector" label={t("proposal.targetGroupDefector")} />
                </Stack>
              </Radio.Group>
            </Stack>
          </Fieldset>

          <Fieldset
            legend={
              <Title order={2} size="h4">
                {t("proposal.personSection")}
              </Title>
            }
          >
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  id={fieldId("young_person.given_name")}
                  label={t("proposal.givenName")}
                  required
                  autoComplete="off"
                  {...form.getInputProps("young_person.given_name")}
                />
                <TextInput
                  id={fieldId("young_person.family_name")}
                  label={t("proposal.familyName")}
                  required
                  autoComplete="off"
                  {...form.getInputProps("young_person.family_name")}
                />
                <TextInput
                  id={fieldId("young_person.personal_number")}
                  label={t("proposal.personalNumber")}
                  description={t("proposal.personalNumberDescription")}
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps("young_person.personal_number")}
                />
                <TextInput
                  id={fieldId("young_person.birth_date")}
                  label={t("proposal.birthDate")}
                  description={t("proposal.birthDateDescription")}
                  placeholder="ÅÅÅÅ-MM-DD"
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps("young_person.birth_date")}
                />
              </SimpleGrid>
              <TextInput
                id={fieldId("area")}
                label={t("proposal.area")}
                description={t("proposal.areaDescription")}
                autoComplete="off"
                {...form.getInputProps("area")}
              />
            </Stack>
          </Fieldset>

          <Fieldset
            legend={
              <Title order={2} size="h4">
                {t("proposal.reasonSection")}
              </Title>
            }
          >
            <Stack gap="sm">
              <Textarea
                id={fieldId("proposal_reason")}
                label={t("proposal.proposalReason")}
                description={t("proposal.proposalReasonDescription")}
                required
                rows={5}
                resize="vertical"
                {...form.getInputProps("proposal_reason")}
              />
              <Textarea
                id={fieldId("risk_summary")}
                label={t("proposal.riskSummary")}
                description={t("proposal.riskSummaryDescription")}
                required
                rows={5}
                resize="vertical"
                {...form.getInputProps("risk_summary")}
              />
            </Stack>
          </Fieldset>

          <Group>
            <Button type="submit" loading={create.isPending}>
              {t("proposal.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

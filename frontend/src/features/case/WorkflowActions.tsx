/**
 * The workflow actions of a case, each a modal with the form its request needs (openapi.yaml:
 * DecideBody, ActivateBody, CloseBody, RejectBody, AssignBody, CaseUpdate). Every request sends
 * the case's ETag, so acting on a stale copy is refused (412) rather than silently applied.
 */
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import { useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { todayInStockholm } from "../../components/format";
import { canReadUsers, type DirectoryUser, useUsers } from "./directory";
import type { CaseWithActions } from "./useCase";
import { CASE_READS, useCaseChange } from "./useCaseChange";

type Schemas = components["schemas"];

/** The workflow actions of the overview, in the order a case moves through them. */
export const WORKFLOW_ACTIONS = ["assess", "decide", "activate", "update", "assign", "close", "reject"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const LEGAL_BASES: Schemas["LegalBasis"][] = ["sol_4_1", "lvu_11", "youth_care_sentence"];
const CLOSURE_REASONS: Schemas["ClosureReason"][] = [
  "plan_completed",
  "own_initiative",
  "consent_withdrawn",
  "moved_away",
  "time_ended",
  "other",
];
const TARGET_GROUPS: Schemas["TargetGroup"][] = ["at_risk", "defector"];

interface FormProps {
  value: CaseWithActions;
  onDone: () => void;
}

/** A date field as the API wants it (YYYY-MM-DD), typed or picked. */
export function DateField(props: {
  label: string;
  description?: string;
  required?: boolean;
  value?: string | null;
  onChange?: (value: string | null) => void;
  error?: ReactNode;
  clearable?: boolean;
  maxDate?: string;
}) {
  const { t } = useTranslation("case");
  return (
    <DateInput
      valueFormat="YYYY-MM-DD"
      placeholder="ÅÅÅÅ-MM-DD"
      description={props.description ?? t("dateHint")}
      label={props.label}
      required={props.required}
      value={props.value ?? null}
      onChange={props.onChange}
      error={props.error}
      clearable={props.clearable}
      maxDate={props.maxDate}
    />
  );
}

function Buttons({ submit, busy, onCancel, danger }: { submit: string; busy: boolean; onCancel: () => void; danger?: boolean }) {
  const { t } = useTranslation("common");
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" onClick={onCancel}>
        {t("actions.cancel")}
      </Button>
      <Button type="submit" loading={busy} color={danger ? "red.8" : undefined}>
        {submit}
      </Button>
    </Group>
  );
}

function Problem({ message }: { message: string | null }) {
  const { t } = useTranslation("common");
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title={t("errors.title")}>
      {message}
    </Alert>
  );
}

function useChange(onDone: () => void) {
  const { t } = useTranslation("case");
  return useCaseChange({ invalidate: CASE_READS, success: t("actions.done"), onDone });
}

const required = (message: string) => (value: unknown) =>
  value === null || value === undefined || (typeof value === "string" && !value.trim()) ? message : null;

function AssessForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/assess");
  const change = useChange(onDone);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void change.run(() =>
          mutation.mutateAsync({ params: { path: { case_id: value.id } }, headers: ifMatch(value.version) }),
        );
      }}
    >
      <Stack>
        <Text size="sm">{t("assess.text")}</Text>
        <Problem message={change.problem} />
        <Buttons submit={t("assess.submit")} busy={change.busy} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function DecideForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/decide");
  const change = useChange(onDone);
  const today = todayInStockholm();
  const form = useForm<{ legal_basis: string | null; decided_on: string | null }>({
    initialValues: { legal_basis: value.legal_basis ?? null, decided_on: today },
    validate: {
      legal_basis: required(t("common:required")),
      decided_on: required(t("common:required")),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        void change.run(
          () =>
            mutation.mutateAsync({
              params: { path: { case_id: value.id } },
              headers: ifMatch(value.version),
              body: {
                legal_basis: values.legal_basis as Schemas["LegalBasis"],
                decided_on: values.decided_on as string,
              },
            }),
          form,
        ),
      )}
    >
      <Stack>
        <Select
          label={t("decide.legalBasis")}
          required
          data={LEGAL_BASES.map((basis) => ({ value: basis, label: t(`legalBasis.${basis}`) }))}
          {...form.getInputProps("legal_basis")}
        />
        <DateField
          label={t("decide.decidedOn")}
          required
          maxDate={today}
          {...form.getInputProps("decided_on")}
        />
        <Problem message={change.problem} />
        <Buttons submit={t("decide.submit")} busy={change.busy} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function ActivateForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/activate");
  const change = useChange(onDone);
  const form = useForm<{ intervention_start_on: string | null; intervention_end_on: string | null }>({
    initialValues: {
      intervention_start_on: value.intervention_start_on ?? null,
      intervention_end_on: value.intervention_end_on ?? null,
    },
    validate: { intervention_end_on: required(t("common:required")) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        const body: Schemas["ActivateBody"] = { intervention_end_on: values.intervention_end_on };
        if (values.intervention_start_on) body.intervention_start_on = values.intervention_start_on;
        void change.run(
          () =>
            mutation.mutateAsync({
              params: { path: { case_id: value.id } },
              headers: ifMatch(value.version),
              body,
            }),
          form,
        );
      })}
    >
      <Stack>
        <Text size="sm">{t("activate.text")}</Text>
        <DateField
          label={t("activate.startOn")}
          description={t("activate.startHint")}
          clearable
          {...form.getInputProps("intervention_start_on")}
        />
        <DateField label={t("activate.endOn")} required {...form.getInputProps("intervention_end_on")} />
        <Problem message={change.problem} />
        <Buttons submit={t("activate.submit")} busy={change.busy} onCancel={onDone} />
      </Stack>
    </form>
  );
}

function CloseForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/close");
  const change = useChange(onDone);
  const form = useForm<{ closure_reason: string | null; closure_summary: string }>({
    initialValues: { closure_reason: null, closure_summary: "" },
    validate: {
      closure_reason: required(t("common:required")),
      closure_summary: required(t("common:required")),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        void change.run(
          () =>
            mutation.mutateAsync({
              params: { path: { case_id: value.id } },
              headers: ifMatch(value.version),
              body: {
                closure_reason: values.closure_reason as Schemas["ClosureReason"],
                closure_summary: values.closure_summary.trim(),
              },
            }),
          form,
        ),
      )}
    >
      <Stack>
        <Select
          label={t("close.reason")}
          required
          data={CLOSURE_REASONS.map((reason) => ({ value: reason, label: t(`closureReason.${reason}`) }))}
          {...form.getInputProps("closure_reason")}
        />
        <Textarea
          label={t("close.summary")}
          description={t("close.summaryHint")}
          required
          autosize
          minRows={4}
          {...form.getInputProps("closure_summary")}
        />
        <Problem message={change.problem} />
        <Buttons submit={t("close.submit")} busy={change.busy} onCancel={onDone} danger />
      </Stack>
    </form>
  );
}

function RejectForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/reject");
  const change = useChange(onDone);
  const form = useForm({
    initialValues: { rejection_reason: "" },
    validate: { rejection_reason: required(t("common:required")) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        void change.run(
          () =>
            mutation.mutateAsync({
              params: { path: { case_id: value.id } },
              headers: ifMatch(value.version),
              body: { rejection_reason: values.rejection_reason.trim() },
            }),
          form,
        ),
      )}
    >
      <Stack>
        <Textarea
          label={t("reject.reason")}
          required
          autosize
          minRows={3}
          {...form.getInputProps("rejection_reason")}
        />
        <Problem message={change.problem} />
        <Buttons submit={t("reject.submit")} busy={change.busy} onCancel={onDone} danger />
      </Stack>
    </form>
  );
}

/** Users of the case's unit first; the whole list when none is in the unit. */
function userOptions(users: DirectoryUser[] | undefined, unitId: string) {
  const all = users ?? [];
  const ofUnit = all.filter((user) => user.unit_id === unitId || user.organization_id === unitId);
  return (ofUnit.length > 0 ? ofUnit : all).map((user) => ({ value: user.id, label: user.display_name }));
}

function AssignForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const me = useMe();
  const readers = canReadUsers(me.data);
  const officers = useUsers("case_officer", readers);
  const coordinators = useUsers("coordinator", readers);
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/assign");
  const change = useChange(onDone);
  const form = useForm<{ case_officer_id: string | null; coordinator_id: string | null }>({
    initialValues: {
      case_officer_id: value.case_officer_id ?? null,
      coordinator_id: value.coordinator_id ?? null,
    },
    validate: {
      case_officer_id: (officer, values) =>
        !officer?.trim() && !values.coordinator_id?.trim() ? t("assign.nothing") : null,
    },
  });
  // Without the user list (not offered to this reader, or not reachable) the id is typed.
  const byId = !readers || officers.isError || coordinators.isError;
  const submit = form.onSubmit((values) => {
    const body: Schemas["AssignBody"] = {};
    if (values.case_officer_id?.trim()) body.case_officer_id = values.case_officer_id.trim();
    if (values.coordinator_id?.trim()) body.coordinator_id = values.coordinator_id.trim();
    void change.run(
      () =>
        mutation.mutateAsync({
          params: { path: { case_id: value.id } },
          headers: ifMatch(value.version),
          body,
        }),
      form,
    );
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        {byId ? (
          <>
            <Text size="sm">{t("assign.idHint")}</Text>
            <TextInput
              label={t("assign.caseOfficerId")}
              {...form.getInputProps("case_officer_id")}
              value={form.values.case_officer_id ?? ""}
            />
            <TextInput
              label={t("assign.coordinatorId")}
              {...form.getInputProps("coordinator_id")}
              value={form.values.coordinator_id ?? ""}
            />
          </>
        ) : (
          <>
            <Select
              label={t("assign.caseOfficer")}
              searchable
              clearable
              data={userOptions(officers.data, value.owning_unit_id)}
              disabled={officers.isPending}
              {...form.getInputProps("case_officer_id")}
            />
            <Select
              label={t("assign.coordinator")}
              searchable
              clearable
              data={userOptions(coordinators.data, value.owning_unit_id)}
              disabled={coordinators.isPending}
              {...form.getInputProps("coordinator_id")}
            />
          </>
        )}
        <Problem message={change.problem} />
        <Buttons submit={t("assign.submit")} busy={change.busy} onCancel={onDone} />
      </Stack>
    </form>
  );
}

interface UpdateValues {
  target_group: string | null;
  youth_goals: string;
  guardian_goals: string;
  intervention_start_on: string | null;
  intervention_end_on: string | null;
  risk_summary: string;
}

function UpdateForm({ value, onDone }: FormProps) {
  const { t } = useTranslation("case");
  const mutation = $api.useMutation("patch", "/api/v1/cases/{case_id}");
  const change = useChange(onDone);
  const initial: UpdateValues = {
    target_group: value.target_group,
    youth_goals: value.youth_goals ?? "",
    guardian_goals: value.guardian_goals ?? "",
    intervention_start_on: value.intervention_start_on ?? null,
    intervention_end_on: value.intervention_end_on ?? null,
    risk_summary: value.risk_summary ?? "",
  };
  const form = useForm<UpdateValues>({ initialValues: initial });
  const [unchanged, setUnchanged] = useState(false);
  const submit = form.onSubmit((values) => {
    // Only what changed is sent (CaseUpdate: "only those sent are changed").
    const body: Record<string, string | null> = {};
    for (const key of Object.keys(initial) as (keyof UpdateValues)[]) {
      const now = typeof values[key] === "string" ? (values[key] as string).trim() : values[key];
      const before = typeof initial[key] === "string" ? (initial[key] as string).trim() : initial[key];
      if (now !== before) body[key] = now === "" ? null : now;
    }
    setUnchanged(Object.keys(body).length === 0);
    if (Object.keys(body).length === 0) return;
    void change.run(
      () =>
        mutation.mutateAsync({
          params: { path: { case_id: value.id } },
          headers: ifMatch(value.version),
          body: body as Schemas["CaseUpdate"],
        }),
      form,
    );
  });
  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <Select
          label={t("update.targetGroup")}
          allowDeselect={false}
          data={TARGET_GROUPS.map((group) => ({ value: group, label: t(`targetGroup.${group}`) }))}
          {...form.getInputProps("target_group")}
        />
        <Textarea label={t("update.youthGoals")} autosize minRows={2} {...form.getInputProps("youth_goals")} />
        <Textarea
          label={t("update.guardianGoals")}
          autosize
          minRows={2}
          {...form.getInputProps("guardian_goals")}
        />
        <DateField label={t("update.startOn")} clearable {...form.getInputProps("intervention_start_on")} />
        <DateField label={t("update.endOn")} clearable {...form.getInputProps("intervention_end_on")} />
        <Textarea
          label={t("update.riskSummary")}
          description={t("update.riskHint")}
          autosize
          minRows={3}
          {...form.getInputProps("risk_summary")}
        />
        {unchanged && (
          <Text size="sm" role="status">
            {t("update.nothing")}
          </Text>
        )}
        <Problem message={change.problem} />
        <Buttons submit={t("update.submit")} busy={change.busy} onCancel={onDone} />
      </Stack>
    </form>
  );
}

const FORMS: Record<WorkflowAction, { title: string; Form: (props: FormProps) => ReactNode }> = {
  assess: { title: "assess.title", Form: AssessForm },
  decide: { title: "decide.title", Form: DecideForm },
  activate: { title: "activate.title", Form: ActivateForm },
  update: { title: "update.title", Form: UpdateForm },
  assign: { title: "assign.title", Form: AssignForm },
  close: { title: "close.title", Form: CloseForm },
  reject: { title: "reject.title", Form: RejectForm },
};

/** The open action's modal (its form is mounted only while open, so it starts afresh). */
export function WorkflowModal({
  action,
  value,
  onClose,
}: {
  action: WorkflowAction | null;
  value: CaseWithActions;
  onClose: () => void;
}) {
  const { t } = useTranslation("case");
  const entry = action ? FORMS[action] : null;
  return (
    <Modal opened={entry !== null} onClose={onClose} title={entry ? t(entry.title) : ""} size="lg">
      {entry && <entry.Form value={value} onDone={onClose} />}
    </Modal>
  );
}

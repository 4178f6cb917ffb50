/**
 * Register a signed consent as it stands on the form (openapi.yaml: ConsentCreate): which
 * organisations, which kinds of information, who signed and when, and for how long.
 */
import { Alert, Button, Checkbox, Fieldset, Group, Modal, MultiSelect, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import type { components } from "../../client/schema";
import { ErrorAlert } from "../../components/errors";
import { todayInStockholm } from "../../components/format";
import { useInformationCategories, useOrganizations } from "../case/directory";
import { useCaseChange } from "../case/useCaseChange";
import { useCaseId } from "../case/useCaseId";
import { DateField } from "../case/WorkflowActions";
import { CONSENT_READS } from "./consents";
import { useSigners } from "./people";

interface GrantorValue {
  checked: boolean;
  signed_on: string | null;
}

interface Values {
  organization_ids: string[];
  category_codes: string[];
  grantors: Record<string, GrantorValue>;
  valid_from: string | null;
  valid_until: string | null;
  document_reference: string;
}

/**
 * The API names fields of the body (`grantors.0.signed_on`, `organization_ids.1`); the form
 * keeps grantors by person and each list as one field.
 */
export function formErrorKey(field: string, grantorIds: string[]): string {
  const grantor = /^grantors\.(\d+)(?:\.(.+))?$/.exec(field);
  if (grantor) {
    const id = grantorIds[Number(grantor[1])];
    return id && grantor[2] === "signed_on" ? `grantors.${id}.signed_on` : "grantors";
  }
  const list = /^(organization_ids|category_codes)\./.exec(field);
  return list ? (list[1] as string) : field;
}

const KNOWN_FIELDS = ["organization_ids", "category_codes", "grantors", "valid_from", "valid_until", "document_reference"];

export function RegisterConsentModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation("consents");
  const caseId = useCaseId();
  const organizations = useOrganizations();
  const categories = useInformationCategories();
  const signers = useSigners();
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/consents");
  const change = useCaseChange({ invalidate: CONSENT_READS, success: t("register.done"), onDone: onClose });
  const required = t("common:required");

  const form = useForm<Values>({
    initialValues: {
      organization_ids: [],
      category_codes: [],
      grantors: {},
      valid_from: todayInStockholm(),
      valid_until: null,
      document_reference: "",
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (values.organization_ids.length === 0) errors.organization_ids = t("register.pickOne");
      if (values.category_codes.length === 0) errors.category_codes = t("register.pickOne");
      if (!values.valid_from) errors.valid_from = required;
      if (!values.valid_until) errors.valid_until = required;
      const chosen = Object.entries(values.grantors).filter(([, grantor]) => grantor.checked);
      if (chosen.length === 0) errors.grantors = t("register.pickGrantor");
      for (const [id, grantor] of chosen) {
        if (!grantor.signed_on) errors[`grantors.${id}.signed_on`] = required;
      }
      return errors;
    },
  });

  const grantorOf = (id: string): GrantorValue => form.values.grantors[id] ?? { checked: false, signed_on: null };
  const hasGuardian = signers.some((signer) => signer.relation === "guardian");

  const submit = form.onSubmit((values) => {
    // In the order of the signers shown, so the API's `grantors.N` can be found again.
    const chosen = signers.filter((signer) => values.grantors[signer.person_id]?.checked);
    const grantorIds = chosen.map((signer) => signer.person_id);
    const body: components["schemas"]["ConsentCreate"] = {
      organization_ids: values.organization_ids,
      category_codes: values.category_codes,
      grantors: chosen.map((signer) => ({
        person_id: signer.person_id,
        signed_on: values.grantors[signer.person_id]?.signed_on as string,
      })),
      valid_from: values.valid_from as string,
      valid_until: values.valid_until as string,
      document_reference: values.document_reference.trim() || null,
    };
    const onForm = {
      setErrors: (errors: Record<string, string>) => {
        const mapped: Record<string, string> = {};
        for (const [field, message] of Object.entries(errors)) {
          const key = formErrorKey(field, grantorIds);
          const known = KNOWN_FIELDS.includes(key) || key.startsWith("grantors.");
          mapped[known ? key : "grantors"] ??= message;
        }
        form.setErrors(mapped);
      },
    };
    void change.run(
      () => mutation.mutateAsync({ params: { path: { case_id: caseId } }, body }),
      onForm,
    );
  });

  return (
    <Modal opened onClose={onClose} title={t("register.title")} size="xl">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text size="sm">{t("register.intro")}</Text>
          {organizations.isError ? (
            <ErrorAlert error={organizations.error} onRetry={() => void organizations.refetch()} />
          ) : (
            <MultiSelect
              label={t("register.organizations")}
              description={t("register.organizationsHint")}
              required
              searchable
              disabled={organizations.isPending}
              data={(organizations.data ?? []).map((organization) => ({
                value: organization.id,
                label: organization.name,
              }))}
              {...form.getInputProps("organization_ids")}
            />
          )}
          {categories.isError ? (
            <ErrorAlert error={categories.error} onRetry={() => void categories.refetch()} />
          ) : (
            <MultiSelect
              label={t("register.categories")}
              description={t("register.categoriesHint")}
              required
              disabled={categories.isPending}
              data={(categories.data ?? []).map((category) => ({
                value: category.code,
                label: i18n.language === "en" ? category.name_en : category.name_sv,
              }))}
              {...form.getInputProps("category_codes")}
            />
          )}
          <Fieldset legend={t("register.grantors")} variant="filled">
            <Stack gap="sm">
              <Text size="sm">{t("register.grantorsHint")}</Text>
              {!hasGuardian && (
                <Text size="sm" fs="italic">
                  {t("register.noGuardians")}
                </Text>
              )}
              {signers.map((signer) => {
                const grantor = grantorOf(signer.person_id);
                const name = signer.name ?? t(`relation.${signer.relation}`);
                return (
                  <Stack key={signer.person_id} gap={6}>
                    <Checkbox
                      label={t("register.signed", { name, relation: t(`relation.${signer.relation}`) })}
                      checked={grantor.checked}
                      onChange={(event) => {
                        const checked = event.currentTarget.checked;
                        form.setFieldValue(`grantors.${signer.person_id}`, {
                          checked,
                          signed_on: grantor.signed_on ?? (checked ? todayInStockholm() : null),
                        });
                        form.clearFieldError("grantors");
                      }}
                    />
                    {grantor.checked && (
                      <DateField
                        label={t("register.signedOn", { name })}
                        required
                        maxDate={todayInStockholm()}
                        value={grantor.signed_on}
                        onChange={(value) =>
                          form.setFieldValue(`grantors.${signer.person_id}`, { checked: true, signed_on: value })
                        }
                        error={form.errors[`grantors.${signer.person_id}.signed_on`]}
                      />
                    )}
                  </Stack>
                );
              })}
              {form.errors.grantors && (
                <Text size="sm" c="red.8" role="alert">
                  {form.errors.grantors}
                </Text>
              )}
            </Stack>
          </Fieldset>
          <Group grow align="flex-start" wrap="wrap">
            <DateField label={t("register.validFrom")} required {...form.getInputProps("valid_from")} />
            <DateField
              label={t("register.validUntil")}
              description={t("register.validUntilHint")}
              required
              {...form.getInputProps("valid_until")}
            />
          </Group>
          <TextInput
            label={t("register.documentReference")}
            description={t("register.documentReferenceHint")}
            maxLength={255}
            {...form.getInputProps("document_reference")}
          />
          {change.problem && (
            <Alert color="red" role="alert">
              {change.problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" loading={change.busy}>
              {t("register.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

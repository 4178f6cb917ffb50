/**
 * Withdrawing a consent, after saying plainly what it does: the organisations it covers lose
 * their access at once (openapi.yaml: ConsentWithdraw — who withdrew, and an optional reason).
 */
import { Alert, Button, Group, Modal, Select, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { formatDate } from "../../components/format";
import { useCaseChange } from "../case/useCaseChange";
import { useCaseId } from "../case/useCaseId";
import { type Consent, CONSENT_READS } from "./consents";
import { signerLabel } from "./ConsentsTab";
import { useSigners } from "./people";

export function WithdrawConsentModal({ consent, onClose }: { consent: Consent; onClose: () => void }) {
  const { t } = useTranslation("consents");
  const caseId = useCaseId();
  const signers = useSigners();
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/consents/{consent_id}/withdraw");
  const change = useCaseChange({ invalidate: CONSENT_READS, success: t("withdraw.done"), onDone: onClose });
  const form = useForm<{ withdrawn_by_person_id: string | null; reason: string }>({
    initialValues: {
      withdrawn_by_person_id: consent.grantors.length === 1 ? (consent.grantors[0]?.person_id ?? null) : null,
      reason: "",
    },
    validate: { withdrawn_by_person_id: (value) => (value ? null : t("common:required")) },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`${t("withdraw.title")} ${formatDate(consent.valid_from)} – ${formatDate(consent.valid_until)}`}
      size="lg"
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          void change.run(
            () =>
              mutation.mutateAsync({
                params: { path: { case_id: caseId, consent_id: consent.id } },
                body: { withdrawn_by_person_id: values.withdrawn_by_person_id as string, reason: values.reason.trim() || null },
              }),
            form,
          ),
        )}
      >
        <Stack>
          <Alert color="red" variant="light">
            {t("withdraw.warning")}
          </Alert>
          <Select
            label={t("withdraw.by")}
            required
            allowDeselect={false}
            data={consent.grantors.map((grantor) => ({
              value: grantor.person_id,
              label: signerLabel(signers, grantor.person_id, grantor.relation, t),
            }))}
            {...form.getInputProps("withdrawn_by_person_id")}
          />
          <Textarea
            label={t("withdraw.reason")}
            description={t("withdraw.reasonHint")}
            autosize
            minRows={2}
            {...form.getInputProps("reason")}
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
            <Button type="submit" color="red.9" loading={change.busy}>
              {t("withdraw.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The case's consents, newest first: status in words, the period, which organisations and
 * which kinds of information each covers, who signed. Registering and withdrawing are offered
 * only to those the API lets change the case.
 */
import { Badge, Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { QueryState } from "../../components/QueryState";
import { formatDate, formatDateTime } from "../../components/format";
import { categoryName, useInformationCategories, useOrganizationNames } from "../case/directory";
import { canEditCase, useCaseActions } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { type Consent } from "./consents";
import classes from "./ConsentsTab.module.css";
import { type Signer, useSigners } from "./people";
import { RegisterConsentModal } from "./RegisterConsentModal";
import { WithdrawConsentModal } from "./WithdrawConsentModal";

const STATUS_COLORS: Record<Consent["status"], string> = {
  active: "green",
  not_yet_valid: "blue",
  expired: "gray",
  withdrawn: "red",
};

export function signerLabel(
  signers: Signer[],
  personId: string,
  relation: Signer["relation"],
  t: (key: string) => string,
): string {
  const name = signers.find((signer) => signer.person_id === personId)?.name;
  const role = t(`relation.${relation}`);
  return name ? `${name} (${role})` : role.charAt(0).toUpperCase() + role.slice(1);
}

function ConsentCard({
  consent,
  canWithdraw,
  onWithdraw,
}: {
  consent: Consent;
  canWithdraw: boolean;
  onWithdraw: () => void;
}) {
  const { t, i18n } = useTranslation("consents");
  const organizations = useOrganizationNames();
  const categories = useInformationCategories();
  const signers = useSigners();
  const period = { from: formatDate(consent.valid_from), to: formatDate(consent.valid_until) };
  const headingId = `consent-${consent.id}`;
  const withdrawable = canWithdraw && (consent.status === "active" || consent.status === "not_yet_valid");
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4}>
          <Title order={3} size="h4" id={headingId}>
            {t("consentTitle", period)}
          </Title>
          <Group gap="xs">
            <Badge
              variant="light"
              color={STATUS_COLORS[consent.status]}
              tt="none"
              styles={{ label: { color: "var(--mantine-color-black)" } }}
            >
              {t("statusLabel")}: {t(`status.${consent.status}`)}
            </Badge>
            {consent.expires_soon && (
              <Badge variant="outline" color="orange.9" tt="none" styles={{ label: { color: "var(--mantine-color-black)" } }}>
                {t("expiresSoon")}
              </Badge>
            )}
          </Group>
        </Stack>
        {withdrawable && (
          <Button
            variant="outline"
            color="red.9"
            aria-label={t("withdraw.openFor", period)}
            onClick={onWithdraw}
          >
            {t("withdraw.open")}
          </Button>
        )}
      </Group>
      <dl className={classes.list}>
        <div className={classes.row}>
          <dt>{t("validFrom")}</dt>
          <dd>{period.from}</dd>
        </div>
        <div className={classes.row}>
          <dt>{t("validUntil")}</dt>
          <dd>{period.to}</dd>
        </div>
        <div className={classes.row}>
          <dt>{t("organizations")}</dt>
          <dd>
            <List size="sm">
              {consent.organization_ids.map((id) => (
                <List.Item key={id}>{organizations.get(id)?.name ?? t("unknownOrg")}</List.Item>
              ))}
            </List>
          </dd>
        </div>
        <div className={classes.row}>
          <dt>{t("categories")}</dt>
          <dd>
            <List size="sm">
              {consent.category_codes.map((code) => (
                <List.Item key={code}>{categoryName(categories.data, code, i18n.language)}</List.Item>
              ))}
            </List>
          </dd>
        </div>
        <div className={classes.row}>
          <dt>{t("grantors")}</dt>
          <dd>
            <List size="sm">
              {consent.grantors.map((grantor) => (
                <List.Item key={grantor.person_id}>
                  {signerLabel(signers, grantor.person_id, grantor.relation, t)},{" "}
                  {t("signedOn", { date: formatDate(grantor.signed_on) })}
                </List.Item>
              ))}
            </List>
          </dd>
        </div>
        {consent.document_reference && (
          <div className={classes.row}>
            <dt>{t("documentReference")}</dt>
            <dd>{consent.document_reference}</dd>
          </div>
        )}
        {consent.withdrawn_at && (
          <div className={classes.row}>
            <dt>{t("withdrawnAt")}</dt>
            <dd>{formatDateTime(consent.withdrawn_at)}</dd>
          </div>
        )}
        {consent.withdrawn_by_person_id && (
          <div className={classes.row}>
            <dt>{t("withdrawnBy")}</dt>
            <dd>
              {signerLabel(
                signers,
                consent.withdrawn_by_person_id,
                consent.grantors.find((grantor) => grantor.person_id === consent.withdrawn_by_person_id)?.relation ??
                  "guardian",
                t,
              )}
            </dd>
          </div>
        )}
        {consent.withdrawal_reason && (
          <div className={classes.row}>
            <dt>{t("withdrawalReason")}</dt>
            <dd>{consent.withdrawal_reason}</dd>
          </div>
        )}
      </dl>
    </Paper>
  );
}

export function ConsentsTab() {
  const { t } = useTranslation("consents");
  const caseId = useCaseId();
  const actions = useCaseActions();
  const query = $api.useQuery("get", "/api/v1/cases/{case_id}/consents", {
    params: { path: { case_id: caseId }, query: { limit: 200 } },
  });
  const [registering, setRegistering] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const canWithdraw = canEditCase(actions);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} size="h3">
            {t("title")}
          </Title>
          <Text size="sm">{t("intro")}</Text>
        </div>
        {actions.has("register_consent") && <Button onClick={() => setRegistering(true)}>{t("register.open")}</Button>}
      </Group>
      <QueryState query={query} isEmpty={(page) => page.items.length === 0} empty={<Text size="sm">{t("empty")}</Text>}>
        {(page) => (
          <Stack gap="md">
            {page.items.map((consent) => (
              <ConsentCard
                key={consent.id}
                consent={consent}
                canWithdraw={canWithdraw}
                onWithdraw={() => setWithdrawing(consent)}
              />
            ))}
          </Stack>
        )}
      </QueryState>
      {registering && <RegisterConsentModal onClose={() => setRegistering(false)} />}
      {withdrawing && <WithdrawConsentModal consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Stack>
  );
}

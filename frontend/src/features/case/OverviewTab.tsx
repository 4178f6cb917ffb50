/**
 * The case at a glance: its facts as a definition list, what needs following up, and the
 * workflow actions the API offers this reader now (`actions`) — nothing else is offered.
 */
import { Alert, Button, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../auth/useMe";
import { QueryState } from "../../components/QueryState";
import { formatDate, formatDateTime } from "../../components/format";
import { canReadUsers, useUser } from "./directory";
import classes from "./OverviewTab.module.css";
import { StatusBadge } from "./StatusBadge";
import { actionsOf, type CaseAction, type CaseWithActions, useCase } from "./useCase";
import { WORKFLOW_ACTIONS, WorkflowModal, type WorkflowAction } from "./WorkflowActions";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={classes.row}>
      <dt className={classes.term}>{label}</dt>
      <dd className={classes.value}>{children}</dd>
    </div>
  );
}

/** A user's name where the reader may look users up; otherwise only whether one is assigned. */
function Person({ userId }: { userId: string | null | undefined }) {
  const { t } = useTranslation("case");
  const me = useMe();
  const user = useUser(userId, canReadUsers(me.data));
  if (!userId) return <>{t("overview.notAssigned")}</>;
  return <>{user.data?.display_name ?? t("overview.assigned")}</>;
}

function Facts({ value }: { value: CaseWithActions }) {
  const { t } = useTranslation("case");
  const notSet = t("overview.notSet");
  const text = (content: string | null | undefined) =>
    content ? <span className={classes.prose}>{content}</span> : notSet;
  return (
    <dl className={classes.list}>
      <Fact label={t("overview.status")}>
        <StatusBadge status={value.status} />
      </Fact>
      <Fact label={t("overview.targetGroup")}>{t(`targetGroup.${value.target_group}`)}</Fact>
      <Fact label={t("overview.proposedBy")}>{t(`orgKind.${value.proposed_by_organization_kind}`)}</Fact>
      <Fact label={t("overview.createdAt")}>{formatDate(value.created_at)}</Fact>
      {value.assessed_at && <Fact label={t("overview.assessedAt")}>{formatDate(value.assessed_at)}</Fact>}
      {value.legal_basis && <Fact label={t("overview.decision")}>{t(`legalBasis.${value.legal_basis}`)}</Fact>}
      {value.decided_on && <Fact label={t("overview.decidedOn")}>{formatDate(value.decided_on)}</Fact>}
      {value.activated_at && <Fact label={t("overview.activatedAt")}>{formatDateTime(value.activated_at)}</Fact>}
      <Fact label={t("overview.interventionPeriod")}>
        {value.intervention_start_on || value.intervention_end_on
          ? t("overview.periodValue", {
              from: formatDate(value.intervention_start_on) || notSet,
              to: formatDate(value.intervention_end_on) || notSet,
            })
          : notSet}
      </Fact>
      <Fact label={t("overview.caseOfficer")}>
        <Person userId={value.case_officer_id} />
      </Fact>
      <Fact label={t("overview.coordinator")}>
        <Person userId={value.coordinator_id} />
      </Fact>
      {"youth_goals" in value && <Fact label={t("overview.youthGoals")}>{text(value.youth_goals)}</Fact>}
      {"guardian_goals" in value && (
        <Fact label={t("overview.guardianGoals")}>{text(value.guardian_goals)}</Fact>
      )}
      {value.proposal_reason && (
        <Fact label={t("overview.proposalReason")}>{text(value.proposal_reason)}</Fact>
      )}
      {value.risk_summary && <Fact label={t("overview.riskSummary")}>{text(value.risk_summary)}</Fact>}
      {value.closed_at && <Fact label={t("overview.closedAt")}>{formatDateTime(value.closed_at)}</Fact>}
      {value.closure_reason && (
        <Fact label={t("overview.closureReason")}>{t(`closureReason.${value.closure_reason}`)}</Fact>
      )}
      {value.closure_summary && (
        <Fact label={t("overview.closureSummary")}>{text(value.closure_summary)}</Fact>
      )}
      {value.rejected_at && <Fact label={t("overview.rejectedAt")}>{formatDateTime(value.rejected_at)}</Fact>}
      {value.rejection_reason && (
        <Fact label={t("overview.rejectionReason")}>{text(value.rejection_reason)}</Fact>
      )}
    </dl>
  );
}

export function OverviewTab() {
  const { t } = useTranslation("case");
  const query = useCase();
  const [open, setOpen] = useState<WorkflowAction | null>(null);

  return (
    <QueryState query={query}>
      {(data) => {
        const value = data as CaseWithActions;
        const actions = actionsOf(value);
        const offered = WORKFLOW_ACTIONS.filter((action) => actions.has(action as CaseAction));
        const flags = value.flags ?? [];
        return (
          <Stack gap="lg">
            <Title order={2} size="h3">
              {t("overview.title")}
            </Title>
            {flags.length > 0 && (
              <Alert color="yellow" title={t("overview.followUp")}>
                <List size="sm">
                  {flags.map((flag) => (
                    <List.Item key={flag}>{t(`flags.${flag}`, { defaultValue: flag })}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Paper withBorder p="md" component="section" aria-labelledby="case-actions-title">
              <Title order={3} size="h4" id="case-actions-title" mb="sm">
                {t("overview.actions")}
              </Title>
              {nextStep(value, actions) && (
                <Text size="sm" mb="sm" data-testid="next-step">
                  {t(`overview.next.${nextStep(value, actions)}`)}
                </Text>
              )}
              {offered.length === 0 ? (
                <Text size="sm">{t("overview.noActions")}</Text>
              ) : (
                <Group gap="sm">
                  {offered.map((action) => (
                    <Button
                      key={action}
                      variant={action === "reject" || action === "close" ? "outline" : "filled"}
                      color={action === "reject" ? "red.9" : undefined}
                      onClick={() => setOpen(action)}
                    >
                      {t(`actions.${action}`)}
                    </Button>
                  ))}
                </Group>
              )}
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="case-facts-title">
              <Title order={3} size="h4" id="case-facts-title" mb="sm">
                {t("overview.facts")}
              </Title>
              <Facts value={value} />
            </Paper>
            <WorkflowModal action={open} value={value} onClose={() => setOpen(null)} />
          </Stack>
        );
      }}
    </QueryState>
  );
}

/**
 * What the case waits for when it is someone else's turn, so a newcomer knows who acts next:
 * the unit manager assigns a case officer, the case officer decides (DOMAIN.md), and a
 * decided case needs a written consent before it can be activated.
 */
export function nextStep(value: CaseWithActions, actions: ReadonlySet<CaseAction>): string | null {
  const early = value.status === "proposed" || value.status === "assessing";
  if (early && !value.case_officer_id && !actions.has("assign")) return "assignOfficer";
  if (value.status === "assessing" && value.case_officer_id && !actions.has("decide")) return "officerDecides";
  if (value.status === "decided" && !actions.has("activate") && actions.has("register_consent")) return "consentFirst";
  return null;
}

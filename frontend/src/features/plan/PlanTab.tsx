/**
 * The case's action plan: the latest published version, the draft the group works on between
 * meetings (edited by those offered `edit_plan`; its items' responsible members report their
 * progress), publishing (`publish_plan`) and the published versions with what changed.
 */
import { Alert, Anchor, Button, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { useMe } from "../../auth/useMe";
import { useMutationErrorHandler } from "../../components/errors";
import { QueryState } from "../../components/QueryState";
import { useCase, useCaseActions } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { invalidatePlan, ItemForm, StatusForm } from "./ItemForm";
import { PlanItemCard } from "./PlanItemCard";
import { type Member, type PlanItem, useMembers } from "./planModel";
import { PublishButton } from "./PublishButton";
import { PublishedSummary, VersionHistory } from "./VersionHistory";

/** The open dialog; an item is named by id, so a reload (after a 412) gives the form its new version. */
type OpenDialog =
  | { kind: "add" }
  | { kind: "edit" | "report" | "remove"; itemId: string; n: number }
  | null;
type Dialog = { kind: "add" } | { kind: "edit" | "report" | "remove"; item: PlanItem; n: number } | null;

export function PlanTab() {
  const caseId = useCaseId();
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const plan = $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan", {
    params: { path: { case_id: caseId } },
  });
  const caseRead = useCase();
  const actions = useCaseActions();
  const members = useMembers(caseId);
  const me = useMe();
  const remove = $api.useMutation("delete", "/api/v1/cases/{case_id}/action-plan/items/{item_id}");
  const [open, setOpen] = useState<OpenDialog>(null);
  const close = () => setOpen(null);
  const openItem = open && open.kind !== "add" ? plan.data?.items.find((item) => item.id === open.itemId) : undefined;
  // An item someone else removed meanwhile closes its dialog.
  const dialog: Dialog =
    open === null || open.kind === "add" ? open : openItem ? { kind: open.kind, item: openItem, n: open.n } : null;

  const canEdit = actions.has("edit_plan");
  const caseOpen = caseRead.data !== undefined && !["closed", "rejected"].includes(caseRead.data.status);
  const memberList: Member[] = members.data?.items ?? [];
  const memberMap = new Map(memberList.map((member) => [member.id, member]));

  /** The signed-in user is the item's responsible member (policy `can_update_item_status`). */
  const isMine = (item: PlanItem) => {
    const member = memberMap.get(item.responsible_member_id);
    return (
      me.data !== undefined &&
      member !== undefined &&
      member.kind === "user" &&
      member.user_id === me.data.id &&
      !member.left_at
    );
  };

  const confirmRemove = async (item: PlanItem) => {
    try {
      await remove.mutateAsync({ params: { path: { case_id: caseId, item_id: item.id } } });
      notifications.show({ color: "green", message: t("remove.done") });
      invalidatePlan(queryClient);
      close();
    } catch (error) {
      close();
      onError(error);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Title order={2}>{t("title")}</Title>
        <Group gap="sm" wrap="wrap">
          {plan.data?.latest_published_number != null && (
            <Anchor renderRoot={(props) => <Link to="/cases/$caseId/print" params={{ caseId }} {...props} />}>
              {t("print.link")}
            </Anchor>
          )}
          {actions.has("publish_plan") && plan.data && (
            <PublishButton caseId={caseId} plan={plan.data} />
          )}
        </Group>
      </Group>
      <Text>{t("intro")}</Text>
      <PublishedSummary caseId={caseId} />

      <Stack gap="sm" component="section" aria-labelledby="plan-draft-title">
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Title order={3} id="plan-draft-title">
            {t("draft.title")}
          </Title>
          {canEdit && <Button onClick={() => setOpen({ kind: "add" })}>{t("add.button")}</Button>}
        </Group>
        <QueryState
          query={plan}
          isEmpty={(current) => current.items.length === 0}
          empty={<Text>{t("draft.empty")}</Text>}
        >
          {(current) => (
            <Stack gap="sm">
              {canEdit &&
                members.data &&
                !current.items.some(
                  (item) => memberMap.get(item.responsible_member_id)?.group_role === "young_person",
                ) && (
                  <Alert color="blue" variant="outline">
                    {t("draft.youngPersonMissing")}
                  </Alert>
                )}
              {current.items.map((item, index) => {
                const n = index + 1;
                const mine = isMine(item);
                return (
                  <PlanItemCard
                    key={item.id}
                    item={item}
                    number={n}
                    members={memberMap}
                    order={4}
                    note={mine ? <Text size="sm" fw={600}>{t("item.yours")}</Text> : undefined}
                    actions={
                      canEdit ? (
                        <>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={t("item.editLabel", { n })}
                            onClick={() => setOpen({ kind: "edit", itemId: item.id, n })}
                          >
                            {t("item.edit")}
                          </Button>
                          <Button
                            size="xs"
                            variant="outline"
                            color="red.9"
                            aria-label={t("item.removeLabel", { n })}
                            onClick={() => setOpen({ kind: "remove", itemId: item.id, n })}
                          >
                            {t("item.remove")}
                          </Button>
                        </>
                      ) : mine && caseOpen ? (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={t("item.reportLabel", { n })}
                          onClick={() => setOpen({ kind: "report", itemId: item.id, n })}
                        >
                          {t("item.report")}
                        </Button>
                      ) : undefined
                    }
                  />
                );
              })}
            </Stack>
          )}
        </QueryState>
      </Stack>

      <VersionHistory caseId={caseId} members={memberMap} />

      <Modal
        opened={dialog?.kind === "add" || dialog?.kind === "edit"}
        onClose={close}
        title={dialog?.kind === "edit" ? t("edit.title", { n: dialog.n }) : t("add.title")}
        size="lg"
      >
        {(dialog?.kind === "add" || dialog?.kind === "edit") && (
          <ItemForm
            key={dialog.kind === "edit" ? dialog.item.id : "new"}
            caseId={caseId}
            members={memberList}
            item={dialog.kind === "edit" ? dialog.item : undefined}
            onDone={close}
          />
        )}
      </Modal>

      <Modal
        opened={dialog?.kind === "report"}
        onClose={close}
        title={dialog?.kind === "report" ? t("report.title", { n: dialog.n }) : ""}
      >
        {dialog?.kind === "report" && (
          <Stack gap="sm">
            <Text size="sm">{t("report.intro")}</Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {dialog.item.text}
            </Text>
            <StatusForm caseId={caseId} item={dialog.item} onDone={close} />
          </Stack>
        )}
      </Modal>

      <Modal
        opened={dialog?.kind === "remove"}
        onClose={close}
        title={dialog?.kind === "remove" ? t("remove.title", { n: dialog.n }) : ""}
      >
        {dialog?.kind === "remove" && (
          <Stack gap="sm">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {dialog.item.text}
            </Text>
            <Text size="sm">{t("remove.body")}</Text>
            <Group justify="flex-end" gap="sm" wrap="wrap">
              <Button variant="default" onClick={close}>
                {tc("actions.cancel")}
              </Button>
              <Button color="red.9" loading={remove.isPending} onClick={() => void confirmRemove(dialog.item)}>
                {t("remove.confirm")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

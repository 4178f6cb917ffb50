/**
 * Publishing the draft as the next version (`publish_plan`), after a confirmation that says
 * what it means: the plan is shared with the whole group, the young person and the guardians.
 */
import { Button, Group, List, Modal, NativeSelect, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import type { components } from "../../client/schema";
import { useMutationErrorHandler } from "../../components/errors";
import { formatDateTime } from "../../components/format";
import { invalidatePlan } from "./ItemForm";

type CurrentPlan = components["schemas"]["CurrentPlan"];

/** The case's meetings, for the meeting a version was decided at (one read for the tab). */
export function useMeetings(caseId: string, enabled: boolean) {
  return $api.useQuery(
    "get",
    "/api/v1/cases/{case_id}/meetings",
    { params: { path: { case_id: caseId }, query: { limit: 200 } } },
    { enabled },
  );
}

export function PublishButton({ caseId, plan }: { caseId: string; plan: CurrentPlan }) {
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const publish = $api.useMutation("post", "/api/v1/cases/{case_id}/action-plan/publish");
  const meetings = useMeetings(caseId, opened);
  const [meetingId, setMeetingId] = useState<string | null>(null);
  const number = (plan.latest_published_number ?? 0) + 1;

  const choosable = (meetings.data?.items ?? []).filter((meeting) => meeting.status !== "cancelled");
  // The meeting just held is the usual one; the coordinator may choose another or none.
  const latestHeld = choosable.find((meeting) => meeting.status === "held");
  const chosen = meetingId ?? latestHeld?.id ?? "";

  const confirm = async () => {
    try {
      const version = await publish.mutateAsync({
        params: { path: { case_id: caseId } },
        headers: ifMatch(plan.version),
        body: { meeting_id: chosen || null },
      });
      notifications.show({ color: "green", message: t("publish.done", { number: version.number }) });
      invalidatePlan(queryClient);
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/cases/{case_id}/action-plan/versions"] });
      close();
    } catch (error) {
      close();
      onError(error);
    }
  };

  return (
    <>
      <Button onClick={open}>{t("publish.button")}</Button>
      <Modal opened={opened} onClose={close} title={t("publish.title")}>
        <Stack gap="sm">
          <Text size="sm">{t("publish.body", { number })}</Text>
          <List size="sm">
            <List.Item>{t("publish.carry")}</List.Item>
          </List>
          <NativeSelect
            label={t("publish.meeting")}
            description={t("publish.meetingHint")}
            value={chosen}
            onChange={(event) => setMeetingId(event.currentTarget.value)}
            data={[
              { value: "", label: t("publish.noMeeting") },
              ...choosable.map((meeting) => ({
                value: meeting.id,
                label: `${formatDateTime(meeting.starts_at)} (${t(`meetingKinds.${meeting.kind}`)})`,
              })),
            ]}
          />
          <Group justify="flex-end" gap="sm" wrap="wrap">
            <Button variant="default" onClick={close}>
              {tc("actions.cancel")}
            </Button>
            <Button loading={publish.isPending} onClick={() => void confirm()}>
              {t("publish.confirm", { number })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

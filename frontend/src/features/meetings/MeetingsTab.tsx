/**
 * The case's meetings (`/cases/$caseId/meetings`): what is coming and what has been, the
 * four-week rule for network meetings, and, for the case's coordinator and case officer
 * (the `schedule_meeting` action), booking, moving, cancelling and recording meetings.
 */
import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { formatDate, formatDateTime } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { useCase, useCaseActions } from "../case/useCase";
import { useCaseId } from "../case/useCaseId";
import { MeetingCard } from "./MeetingCard";
import { ScheduleDialog } from "./MeetingDialogs";
import type { MeetingSummary } from "./MeetingForm";
import { isUpcoming, networkCadence } from "./shared";

const PAGE_SIZE = 50;

export function MeetingsTab() {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const caseId = useCaseId();
  const caseRead = useCase();
  const actions = useCaseActions();
  const canManage = actions.has("schedule_meeting");
  const [scheduling, setScheduling] = useState(false);
  const [now] = useState(() => Date.now());

  const meetings = $api.useInfiniteQuery(
    "get",
    "/api/v1/cases/{case_id}/meetings",
    { params: { path: { case_id: caseId }, query: { limit: PAGE_SIZE } } },
    {
      initialPageParam: null as string | null,
      getNextPageParam: (last: { next_cursor?: string | null }) => last.next_cursor ?? undefined,
    },
  );

  const caseData = caseRead.data;
  const overdue = caseData?.flags?.includes("meeting_overdue") ?? false;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={2}>{t("title")}</Title>
        {canManage && <Button onClick={() => setScheduling(true)}>{t("schedule")}</Button>}
      </Group>

      {overdue && (
        <Alert color="orange" title={t("cadence.overdueTitle")}>
          {t("cadence.overdue")}
        </Alert>
      )}

      <QueryState query={meetings}>
        {(data) => {
          const all = data.pages.flatMap((page) => page.items);
          return (
            <MeetingSections
              caseId={caseId}
              reference={caseData?.reference}
              meetings={all}
              canManage={canManage}
              now={now}
            />
          );
        }}
      </QueryState>

      {meetings.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={meetings.isFetchingNextPage} onClick={() => void meetings.fetchNextPage()}>
            {tc("actions.more")}
          </Button>
        </Group>
      )}

      {scheduling && <ScheduleDialog caseId={caseId} onClose={() => setScheduling(false)} />}
    </Stack>
  );
}

interface SectionsProps {
  caseId: string;
  reference: string | undefined;
  meetings: MeetingSummary[];
  canManage: boolean;
  now: number;
}

function MeetingSections({ caseId, reference, meetings, canManage, now }: SectionsProps) {
  const { t } = useTranslation("meetings");
  const time = (m: MeetingSummary) => new Date(m.starts_at).getTime();
  const upcoming = meetings.filter((m) => isUpcoming(m, now)).sort((a, b) => time(a) - time(b));
  const past = meetings.filter((m) => !isUpcoming(m, now)).sort((a, b) => time(b) - time(a));
  const card = (m: MeetingSummary) => (
    <MeetingCard key={m.id} caseId={caseId} reference={reference} meeting={m} canManage={canManage} now={now} />
  );
  return (
    <Stack gap="lg">
      <Cadence meetings={meetings} now={now} />
      <section aria-labelledby="meetings-upcoming">
        <Title order={3} id="meetings-upcoming" mb="sm">
          {t("upcoming")}
        </Title>
        {upcoming.length === 0 ? <Text c="dimmed">{t("noUpcoming")}</Text> : <Stack gap="sm">{upcoming.map(card)}</Stack>}
      </section>
      <section aria-labelledby="meetings-past">
        <Title order={3} id="meetings-past" mb="sm">
          {t("past")}
        </Title>
        {past.length === 0 ? <Text c="dimmed">{t("noPast")}</Text> : <Stack gap="sm">{past.map(card)}</Stack>}
      </section>
    </Stack>
  );
}

/** The four-week rule, in words: when the last network meeting was and when the next is due. */
function Cadence({ meetings, now }: { meetings: MeetingSummary[]; now: number }) {
  const { t } = useTranslation("meetings");
  const cadence = networkCadence(meetings, now);
  return (
    <Paper component="section" aria-labelledby="meetings-cadence" withBorder p="md" radius="md" bg="var(--mantine-color-blue-light)">
      <Stack gap={4}>
        <Text id="meetings-cadence" fw={700}>
          {t("cadence.title")}
        </Text>
        {cadence.lastHeld ? (
          <Text size="sm">
            {t("cadence.lastHeld", { date: formatDate(cadence.lastHeld.starts_at) })}{" "}
            {t("cadence.deadline", { date: cadence.deadline })}
          </Text>
        ) : (
          <Text size="sm">{t("cadence.noneHeld")}</Text>
        )}
        <Text size="sm">
          {cadence.nextBooked
            ? t("cadence.nextBooked", { date: formatDateTime(cadence.nextBooked.starts_at) })
            : t("cadence.noneBooked")}
        </Text>
        {cadence.bookedTooLate && (
          <Text size="sm" fw={600}>
            {t("cadence.bookedTooLate")}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * One meeting as a card (phones first): kind, time, place, status in words, the actions the
 * reader may take, and on request its attendance and, when the API returns them, its minutes.
 */
import { Badge, Button, Collapse, Group, List, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, useMutationErrorHandler } from "../../components/errors";
import { downloadMeetingIcs } from "./calendar";
import { AttendanceDialog, CancelDialog, HoldDialog, MinutesDialog, RescheduleDialog } from "./MeetingDialogs";
import type { MeetingSummary } from "./MeetingForm";
import { hasStarted, isUpcoming, memberLabel, meetingTimeRange, useMeeting, useMembers } from "./shared";

type Dialog = "reschedule" | "cancel" | "hold" | "attendance" | "minutes" | null;

const STATUS_COLOR = { scheduled: "blue", held: "green", cancelled: "gray" } as const;

interface MeetingCardProps {
  caseId: string;
  reference: string | undefined;
  meeting: MeetingSummary;
  canManage: boolean;
  now: number;
}

export function MeetingCard({ caseId, reference, meeting, canManage, now }: MeetingCardProps) {
  const { t } = useTranslation("meetings");
  const handleError = useMutationErrorHandler();
  const titleId = useId();
  const detailsId = useId();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showDetails, setShowDetails] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const close = () => setDialog(null);

  const scheduled = meeting.status === "scheduled";
  const started = hasStarted(meeting, now);
  const upcoming = isUpcoming(meeting, now);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadMeetingIcs(caseId, meeting, reference);
    } catch (error) {
      handleError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Paper component="article" withBorder p="md" radius="md" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={4} id={titleId} fz="md">
            {t(`kind.${meeting.kind}`)} {meetingTimeRange(meeting)}
          </Title>
          <Badge color={STATUS_COLOR[meeting.status]} variant="light" aria-label={t("statusLabel", { status: t(`status.${meeting.status}`) })}>
            {t(`status.${meeting.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {t("location")}:
          </Text>{" "}
          {meeting.location || t("noLocation")}
        </Text>
        <Group gap="xs" wrap="wrap">
          {upcoming && (
            <Button size="sm" variant="light" loading={downloading} onClick={() => void download()}>
              {t("calendar")}
            </Button>
          )}
          {canManage && scheduled && (
            <Button size="sm" variant="default" onClick={() => setDialog("reschedule")}>
              {t("change")}
            </Button>
          )}
          {canManage && scheduled && started && (
            <Button size="sm" variant="default" onClick={() => setDialog("hold")}>
              {t("hold")}
            </Button>
          )}
          {canManage && meeting.status !== "cancelled" && started && (
            <Button size="sm" variant="default" onClick={() => setDialog("attendance")}>
              {t("attendanceTitle")}
            </Button>
          )}
          {canManage && meeting.status === "held" && (
            <Button size="sm" variant="default" onClick={() => setDialog("minutes")}>
              {t("editMinutes")}
            </Button>
          )}
          {canManage && scheduled && (
            <Button size="sm" variant="outline" color="red" onClick={() => setDialog("cancel")}>
              {t("cancelMeeting")}
            </Button>
          )}
          <Button
            size="sm"
            variant="subtle"
            aria-expanded={showDetails}
            aria-controls={detailsId}
            onClick={() => setShowDetails((shown) => !shown)}
          >
            {showDetails ? t("hideDetails") : t("showDetails")}
          </Button>
        </Group>
        <Collapse expanded={showDetails} id={detailsId}>
          {showDetails && <MeetingDetails caseId={caseId} meetingId={meeting.id} />}
        </Collapse>
      </Stack>
      {dialog === "reschedule" && <RescheduleDialog caseId={caseId} meeting={meeting} onClose={close} />}
      {dialog === "cancel" && <CancelDialog caseId={caseId} meeting={meeting} onClose={close} />}
      {dialog === "hold" && <HoldDialog caseId={caseId} meeting={meeting} onClose={close} />}
      {dialog === "attendance" && <AttendanceDialog caseId={caseId} meeting={meeting} onClose={close} />}
      {dialog === "minutes" && <MinutesDialog caseId={caseId} meeting={meeting} onClose={close} />}
    </Paper>
  );
}

function MeetingDetails({ caseId, meetingId }: { caseId: string; meetingId: string }) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const meeting = useMeeting(caseId, meetingId);
  const members = useMembers(caseId);
  if (meeting.error) return <ErrorAlert error={meeting.error} onRetry={() => void meeting.refetch()} />;
  if (!meeting.data) return <Loader size="sm" aria-label={tc("loading")} />;
  const byId = new Map((members.data?.items ?? []).map((m) => [m.id, m]));
  const read = meeting.data;
  return (
    <Stack gap="sm" pt="xs">
      <div>
        <Text fw={600} size="sm">
          {t("attendance")}
        </Text>
        {read.attendance.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("noAttendance")}
          </Text>
        ) : (
          <List size="sm" spacing={2}>
            {read.attendance.map((a) => (
              <List.Item key={a.member_id}>
                {memberLabel(byId.get(a.member_id), t)}: {t(`attendanceStatus.${a.status}`)}
              </List.Item>
            ))}
          </List>
        )}
      </div>
      <div>
        <Text fw={600} size="sm">
          {t("minutes")}
        </Text>
        {!read.minutes_visible ? (
          <Text size="sm" c="dimmed">
            {t("minutesHidden")}
          </Text>
        ) : read.minutes ? (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {read.minutes}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t("noMinutes")}
          </Text>
        )}
      </div>
    </Stack>
  );
}

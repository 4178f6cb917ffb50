/**
 * The changes a coordinator or case officer makes to a meeting, each in its own dialog:
 * booking, moving, cancelling (confirmed), recording it as held with minutes and attendance,
 * editing the minutes, and recording attendance. Each dialog is mounted only while open, so
 * nothing it reads is fetched before it is needed.
 */
import { Button, Checkbox, Group, Loader, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import { ErrorAlert, useMutationErrorHandler } from "../../components/errors";
import { MeetingForm, type MeetingFormValues, type MeetingSummary, toMeetingTimes, valuesOf } from "./MeetingForm";
import {
  type AttendanceStatus,
  type MeetingRead,
  memberLabel,
  type MemberRead,
  meetingTimeRange,
  useFullScreenDialogs,
  useInvalidateMeetings,
  useMeeting,
  useMembers,
} from "./shared";

const MINUTES_MAX = 50_000;

interface DialogProps {
  caseId: string;
  onClose: () => void;
}

interface MeetingDialogProps extends DialogProps {
  meeting: MeetingSummary;
}

function done(message: string) {
  notifications.show({ color: "green", message });
}

export function ScheduleDialog({ caseId, onClose }: DialogProps) {
  const { t } = useTranslation("meetings");
  const fullScreen = useFullScreenDialogs();
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const schedule = $api.useMutation("post", "/api/v1/cases/{case_id}/meetings");

  const submit = async (values: MeetingFormValues, form: Parameters<typeof handleError>[1]) => {
    try {
      await schedule.mutateAsync({
        params: { path: { case_id: caseId } },
        body: { kind: values.kind, ...toMeetingTimes(values) },
      });
    } catch (error) {
      handleError(error, form);
      return;
    }
    await invalidate();
    done(t("scheduled"));
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={t("scheduleTitle")} fullScreen={fullScreen}>
      <MeetingForm withKind submitLabel={t("form.submitSchedule")} onSubmit={submit} onCancel={onClose} />
    </Modal>
  );
}

export function RescheduleDialog({ caseId, meeting, onClose }: MeetingDialogProps) {
  const { t } = useTranslation("meetings");
  const fullScreen = useFullScreenDialogs();
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const update = $api.useMutation("patch", "/api/v1/cases/{case_id}/meetings/{meeting_id}");

  const submit = async (values: MeetingFormValues, form: Parameters<typeof handleError>[1]) => {
    try {
      await update.mutateAsync({
        params: { path: { case_id: caseId, meeting_id: meeting.id }, header: ifMatch(meeting.version) },
        body: toMeetingTimes(values),
      });
    } catch (error) {
      handleError(error, form);
      return;
    }
    await invalidate();
    done(t("changed"));
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={t("changeTitle")} fullScreen={fullScreen}>
      <MeetingForm
        initial={valuesOf(meeting)}
        withKind={false}
        submitLabel={t("form.submitUpdate")}
        onSubmit={submit}
        onCancel={onClose}
      />
    </Modal>
  );
}

export function CancelDialog({ caseId, meeting, onClose }: MeetingDialogProps) {
  const { t } = useTranslation("meetings");
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const cancel = $api.useMutation("post", "/api/v1/cases/{case_id}/meetings/{meeting_id}/cancel");

  const confirm = async () => {
    try {
      await cancel.mutateAsync({ params: { path: { case_id: caseId, meeting_id: meeting.id } } });
    } catch (error) {
      handleError(error);
      return;
    }
    await invalidate();
    done(t("cancelled"));
    onClose();
  };

  const name = `${t(`kind.${meeting.kind}`)} ${meetingTimeRange(meeting)}`;
  return (
    <Modal opened onClose={onClose} title={t("cancelTitle")}>
      <Stack gap="md">
        <Text>{t("cancelText", { meeting: name })}</Text>
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onClose}>
            {t("cancelKeep")}
          </Button>
          <Button color="red" loading={cancel.isPending} onClick={() => void confirm()}>
            {t("cancelConfirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Everyone who can be marked: those invited to the meeting, and who has joined since. */
function attendanceCandidates(meeting: MeetingRead, members: MemberRead[]): { id: string; member?: MemberRead }[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const ids = meeting.attendance.map((a) => a.member_id);
  for (const member of members) {
    if (!member.left_at && !ids.includes(member.id)) ids.push(member.id);
  }
  return ids.map((id) => ({ id, member: byId.get(id) }));
}

function attendanceEntries(candidates: { id: string }[], attended: string[]) {
  return candidates.map((c) => ({
    member_id: c.id,
    status: (attended.includes(c.id) ? "attended" : "absent") as AttendanceStatus,
  }));
}

interface AttendanceFieldsProps {
  candidates: { id: string; member?: MemberRead }[];
  value: string[];
  onChange: (value: string[]) => void;
}

function AttendanceFields({ candidates, value, onChange }: AttendanceFieldsProps) {
  const { t } = useTranslation("meetings");
  if (candidates.length === 0) return <Text c="dimmed">{t("noMembers")}</Text>;
  return (
    <Checkbox.Group label={t("whoAttended")} description={t("whoAttendedHint")} value={value} onChange={onChange}>
      <Stack gap="xs" mt="xs">
        {candidates.map((c) => (
          <Checkbox key={c.id} value={c.id} label={memberLabel(c.member, t)} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

/** Waits for the meeting (with its attendance) and the group, then renders the form. */
function WithMeetingAndMembers({
  caseId,
  meetingId,
  children,
}: {
  caseId: string;
  meetingId: string;
  children: (meeting: MeetingRead, members: MemberRead[]) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const meeting = useMeeting(caseId, meetingId);
  const members = useMembers(caseId);
  if (meeting.error) return <ErrorAlert error={meeting.error} onRetry={() => void meeting.refetch()} />;
  if (members.error) return <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />;
  if (!meeting.data || !members.data) return <Loader size="sm" aria-label={t("loading")} />;
  return <>{children(meeting.data, members.data.items)}</>;
}

function MinutesField(props: { value: string; onChange: (value: string) => void; error?: React.ReactNode }) {
  const { t } = useTranslation("meetings");
  return (
    <Textarea
      label={t("minutes")}
      description={`${t("minutesHint")} ${t("minutesCount", { count: props.value.length, max: MINUTES_MAX })}`}
      autosize
      minRows={5}
      maxRows={16}
      maxLength={MINUTES_MAX}
      value={props.value}
      error={props.error}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

export function HoldDialog({ caseId, meeting, onClose }: MeetingDialogProps) {
  const { t } = useTranslation("meetings");
  const fullScreen = useFullScreenDialogs();
  return (
    <Modal opened onClose={onClose} title={t("holdTitle")} fullScreen={fullScreen} size="lg">
      <WithMeetingAndMembers caseId={caseId} meetingId={meeting.id}>
        {(read, members) => <HoldForm caseId={caseId} meeting={read} members={members} onClose={onClose} />}
      </WithMeetingAndMembers>
    </Modal>
  );
}

function HoldForm({
  caseId,
  meeting,
  members,
  onClose,
}: {
  caseId: string;
  meeting: MeetingRead;
  members: MemberRead[];
  onClose: () => void;
}) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const hold = $api.useMutation("post", "/api/v1/cases/{case_id}/meetings/{meeting_id}/hold");
  const candidates = attendanceCandidates(meeting, members);
  const form = useForm({
    initialValues: {
      minutes: meeting.minutes ?? "",
      attended: meeting.attendance.filter((a) => a.status === "attended").map((a) => a.member_id),
    },
  });

  const submit = form.onSubmit(async (values) => {
    try {
      await hold.mutateAsync({
        params: { path: { case_id: caseId, meeting_id: meeting.id } },
        body: {
          ...(values.minutes.trim() ? { minutes: values.minutes } : {}),
          ...(candidates.length > 0 ? { attendance: attendanceEntries(candidates, values.attended) } : {}),
        },
      });
    } catch (error) {
      handleError(error, form);
      return;
    }
    await invalidate();
    done(t("held"));
    onClose();
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {meeting.minutes_visible && (
          <MinutesField
            value={form.values.minutes}
            error={form.errors.minutes}
            onChange={(value) => form.setFieldValue("minutes", value)}
          />
        )}
        <AttendanceFields
          candidates={candidates}
          value={form.values.attended}
          onChange={(value) => form.setFieldValue("attended", value)}
        />
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onClose}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={hold.isPending}>
            {t("holdSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MinutesDialog({ caseId, meeting, onClose }: MeetingDialogProps) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const fullScreen = useFullScreenDialogs();
  const read = useMeeting(caseId, meeting.id);
  return (
    <Modal opened onClose={onClose} title={t("editMinutesTitle")} fullScreen={fullScreen} size="lg">
      {read.error ? (
        <ErrorAlert error={read.error} onRetry={() => void read.refetch()} />
      ) : read.data && !read.data.minutes_visible ? (
        <Text c="dimmed">{t("minutesHidden")}</Text>
      ) : read.data ? (
        <MinutesForm caseId={caseId} meeting={read.data} onClose={onClose} />
      ) : (
        <Loader size="sm" aria-label={tc("loading")} />
      )}
    </Modal>
  );
}

function MinutesForm({ caseId, meeting, onClose }: { caseId: string; meeting: MeetingRead; onClose: () => void }) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const update = $api.useMutation("patch", "/api/v1/cases/{case_id}/meetings/{meeting_id}");
  const [minutes, setMinutes] = useState(meeting.minutes ?? "");
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await update.mutateAsync({
        params: { path: { case_id: caseId, meeting_id: meeting.id }, header: ifMatch(meeting.version) },
        body: { minutes: minutes.trim() ? minutes : null },
      });
    } catch (raw) {
      handleError(raw, { setErrors: (errors) => setError(errors.minutes ?? Object.values(errors)[0]) });
      return;
    }
    await invalidate();
    done(t("minutesSaved"));
    onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <MinutesField value={minutes} error={error} onChange={setMinutes} />
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onClose}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {tc("actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AttendanceDialog({ caseId, meeting, onClose }: MeetingDialogProps) {
  const { t } = useTranslation("meetings");
  const fullScreen = useFullScreenDialogs();
  return (
    <Modal opened onClose={onClose} title={t("attendanceTitle")} fullScreen={fullScreen}>
      <WithMeetingAndMembers caseId={caseId} meetingId={meeting.id}>
        {(read, members) => <AttendanceForm caseId={caseId} meeting={read} members={members} onClose={onClose} />}
      </WithMeetingAndMembers>
    </Modal>
  );
}

function AttendanceForm({
  caseId,
  meeting,
  members,
  onClose,
}: {
  caseId: string;
  meeting: MeetingRead;
  members: MemberRead[];
  onClose: () => void;
}) {
  const { t } = useTranslation("meetings");
  const { t: tc } = useTranslation();
  const handleError = useMutationErrorHandler();
  const invalidate = useInvalidateMeetings();
  const save = $api.useMutation("post", "/api/v1/cases/{case_id}/meetings/{meeting_id}/attendance");
  const candidates = attendanceCandidates(meeting, members);
  const [attended, setAttended] = useState(
    meeting.attendance.filter((a) => a.status === "attended").map((a) => a.member_id),
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await save.mutateAsync({
        params: { path: { case_id: caseId, meeting_id: meeting.id } },
        body: attendanceEntries(candidates, attended),
      });
    } catch (error) {
      handleError(error);
      return;
    }
    await invalidate();
    done(t("attendanceSaved"));
    onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <AttendanceFields candidates={candidates} value={attended} onChange={setAttended} />
        <Group justify="flex-end" gap="sm" wrap="wrap">
          <Button variant="default" onClick={onClose}>
            {tc("actions.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={candidates.length === 0}>
            {t("attendanceSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

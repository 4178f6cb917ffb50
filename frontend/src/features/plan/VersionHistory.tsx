/**
 * The published versions of the plan, newest first: each can be shown with what changed since
 * the version before (added, changed field by field, done, dropped) and downloaded as a PDF.
 */
import { Box, Button, Group, List, Paper, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api, fetchClient, unwrap } from "../../api/client";
import type { components } from "../../client/schema";
import { useErrorMessage } from "../../components/errors";
import { formatDate, formatDateTime } from "../../components/format";
import { QueryState } from "../../components/QueryState";
import { saveFile } from "../../components/saveFile";
import { PlanItemCard } from "./PlanItemCard";
import { fieldLabel, type ItemChange, type Member, memberLabel, useFieldValue } from "./planModel";
import { useMeetings } from "./PublishButton";

type VersionSummary = components["schemas"]["PlanVersionSummary"];

function useVersions(caseId: string, cursor?: string) {
  return $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan/versions", {
    params: { path: { case_id: caseId }, query: cursor ? { cursor } : {} },
  });
}

/** "Decided at the meeting of 2026-05-04 10:00", when the version names its meeting. */
function MeetingNote({ caseId, meetingId }: { caseId: string; meetingId: string }) {
  const { t } = useTranslation("plan");
  const meetings = useMeetings(caseId, true);
  const meeting = meetings.data?.items.find((candidate) => candidate.id === meetingId);
  return (
    <>{meeting ? t("published.meeting", { date: formatDateTime(meeting.starts_at) }) : t("published.meetingUnknown")}</>
  );
}

/** The latest published version: its number, date and meeting. */
export function PublishedSummary({ caseId }: { caseId: string }) {
  const { t } = useTranslation("plan");
  const versions = useVersions(caseId);
  if (!versions.data) return null;
  const latest = versions.data.items[0];
  if (!latest) return <Text fw={600}>{t("published.none")}</Text>;
  return (
    <Text fw={600}>
      {t("published.latest", { number: latest.number, date: formatDate(latest.published_at) })}{" "}
      {latest.meeting_id && <MeetingNote caseId={caseId} meetingId={latest.meeting_id} />}
    </Text>
  );
}

/** Download a version's PDF: it needs the bearer token, so it is fetched, then saved. */
export async function downloadPdf(caseId: string, number: number): Promise<void> {
  const blob = await unwrap(
    fetchClient.GET("/api/v1/cases/{case_id}/action-plan/versions/{number}.pdf", {
      params: { path: { case_id: caseId, number } },
      parseAs: "blob",
    }),
  );
  saveFile(blob as Blob, `handlingsplan-version-${number}.pdf`);
}

interface ChangeListProps {
  title: string;
  changes: ItemChange[];
  members: Map<string, Member>;
  detail?: (change: ItemChange) => React.ReactNode;
}

function ChangeList({ title, changes, members, detail }: ChangeListProps) {
  const { t } = useTranslation("plan");
  if (changes.length === 0) return null;
  return (
    <Box>
      <Title order={6}>{title}</Title>
      <List spacing="xs" size="sm">
        {changes.map((change) => (
          <List.Item key={change.item.id}>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {change.item.text}
            </Text>
            <Text size="sm" c="gray.7">
              {memberLabel(t, members.get(change.item.responsible_member_id))} ·{" "}
              {t("fields.due_on")}: {change.item.due_on ? formatDate(change.item.due_on) : t("item.noDue")}
            </Text>
            {detail?.(change)}
          </List.Item>
        ))}
      </List>
    </Box>
  );
}

/** What changed in version `number` since the one before, in plain words. */
export function ChangesView({ caseId, number, members }: { caseId: string; number: number; members: Map<string, Member> }) {
  const { t } = useTranslation("plan");
  const value = useFieldValue(members);
  const changes = $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan/versions/{number}/changes", {
    params: { path: { case_id: caseId, number } },
  });
  return (
    <QueryState query={changes}>
      {(data) => {
        const nothing =
          data.added.length + data.changed.length + data.finished.length + data.dropped.length === 0;
        return (
          <Stack gap="sm">
            <Title order={5}>
              {data.previous_number != null
                ? t("changes.title", { previous: data.previous_number })
                : t("versions.detail", { number: data.number })}
            </Title>
            {data.previous_number == null && <Text size="sm">{t("changes.first")}</Text>}
            {data.previous_number != null && nothing && <Text size="sm">{t("changes.none")}</Text>}
            <ChangeList title={t("changes.added")} changes={data.added} members={members} />
            <ChangeList
              title={t("changes.changed")}
              changes={data.changed}
              members={members}
              detail={(change) => (
                <List size="sm" withPadding listStyleType="disc">
                  {(change.changed_fields ?? []).map((field) => {
                    const words = {
                      field: fieldLabel(t, field),
                      from: value(field, change.previous),
                      to: value(field, change.item),
                    };
                    return (
                      <List.Item key={field}>
                        <span aria-hidden="true">{t("changes.field", words)}</span>
                        <VisuallyHidden>{t("changes.fieldSr", words)}</VisuallyHidden>
                      </List.Item>
                    );
                  })}
                </List>
              )}
            />
            <ChangeList title={t("changes.finished")} changes={data.finished} members={members} />
            <ChangeList
              title={t("changes.dropped")}
              changes={data.dropped}
              members={members}
              detail={(change) => (
                <Text size="sm">
                  {t("fields.status")}: {t(`status.${change.item.status}`)}
                </Text>
              )}
            />
          </Stack>
        );
      }}
    </QueryState>
  );
}

function VersionDetail({ caseId, number, members }: { caseId: string; number: number; members: Map<string, Member> }) {
  const { t } = useTranslation("plan");
  const version = $api.useQuery("get", "/api/v1/cases/{case_id}/action-plan/versions/{number}", {
    params: { path: { case_id: caseId, number } },
  });
  return (
    <Stack gap="md" mt="sm">
      <ChangesView caseId={caseId} number={number} members={members} />
      <QueryState query={version}>
        {(data) => (
          <Stack gap="sm">
            <Title order={5}>{t("versions.items", { number })}</Title>
            {data.items.length === 0 && <Text size="sm">{t("versions.noItems")}</Text>}
            {data.items.map((item, index) => (
              <PlanItemCard key={item.id} item={item} number={index + 1} members={members} order={6} />
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

interface VersionRowsProps {
  caseId: string;
  cursor?: string;
  members: Map<string, Member>;
  open: number | null;
  onToggle: (number: number) => void;
  onMore: (cursor: string) => void;
  isLast: boolean;
}

function VersionRows({ caseId, cursor, members, open, onToggle, onMore, isLast }: VersionRowsProps) {
  const { t } = useTranslation("plan");
  const message = useErrorMessage();
  const versions = useVersions(caseId, cursor);
  const [downloading, setDownloading] = useState<number | null>(null);

  const download = async (version: VersionSummary) => {
    setDownloading(version.number);
    try {
      await downloadPdf(caseId, version.number);
    } catch (error) {
      notifications.show({ color: "red", title: t("versions.pdfFailed"), message: message(error) });
    } finally {
      setDownloading(null);
    }
  };

  return (
    <QueryState
      query={versions}
      isEmpty={(page) => page.items.length === 0 && cursor === undefined}
      empty={<Text>{t("versions.empty")}</Text>}
    >
      {(page) => (
        <Stack gap="sm">
          {page.items.map((version) => {
            const shown = open === version.number;
            return (
              <Paper key={version.id} withBorder p="sm" component="article" aria-labelledby={`plan-version-${version.number}`}>
                <Group justify="space-between" align="center" wrap="wrap" gap="xs">
                  <Title order={4} size="h6" id={`plan-version-${version.number}`}>
                    {t("versions.row", { number: version.number, date: formatDate(version.published_at) })}
                  </Title>
                  <Group gap="xs" wrap="wrap">
                    <Button
                      size="xs"
                      variant="light"
                      aria-expanded={shown}
                      aria-label={t(shown ? "versions.hideLabel" : "versions.showLabel", { number: version.number })}
                      onClick={() => onToggle(version.number)}
                    >
                      {shown ? t("versions.hide") : t("versions.show")}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      loading={downloading === version.number}
                      aria-label={t("versions.pdfLabel", { number: version.number })}
                      onClick={() => void download(version)}
                    >
                      {t("versions.pdf")}
                    </Button>
                  </Group>
                </Group>
                {version.meeting_id && (
                  <Text size="sm">
                    <MeetingNote caseId={caseId} meetingId={version.meeting_id} />
                  </Text>
                )}
                {shown && <VersionDetail caseId={caseId} number={version.number} members={members} />}
              </Paper>
            );
          })}
          {isLast && page.next_cursor && (
            <Group>
              <Button variant="subtle" onClick={() => onMore(page.next_cursor as string)}>
                {t("versions.more")}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

export function VersionHistory({ caseId, members }: { caseId: string; members: Map<string, Member> }) {
  const { t } = useTranslation("plan");
  const [open, setOpen] = useState<number | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const pages: (string | undefined)[] = [undefined, ...cursors];
  return (
    <Stack gap="sm" component="section" aria-labelledby="plan-versions-title">
      <Title order={3} id="plan-versions-title">
        {t("versions.title")}
      </Title>
      {pages.map((cursor, index) => (
        <VersionRows
          key={cursor ?? "first"}
          caseId={caseId}
          cursor={cursor}
          members={members}
          open={open}
          onToggle={(number) => setOpen((current) => (current === number ? null : number))}
          onMore={(next) => setCursors((current) => [...current, next])}
          isLast={index === pages.length - 1}
        />
      ))}
    </Stack>
  );
}

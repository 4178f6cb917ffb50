/**
 * My work, the start page: my cases, my plan items due soonest, my coming meetings and what
 * needs attention (the scheduled checks' notices and the cases' follow-up flags). Each part
 * loads, fails and is empty on its own, and the page stacks into one column on a phone.
 *
 * A coordinator or case officer sees the cases assigned to them; a professional (police,
 * school) or a unit manager the cases they may read. Someone without a case role (admin,
 * auditor, preparation group) is not asked for case data at all, only shown where to go.
 */
import {
  Anchor,
  Badge,
  Center,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import type { UseInfiniteQueryResult, UseQueryResult } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { CASE_ROLES, hasRole, type Me, useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { ErrorAlert } from "../../components/errors";
import { formatDate, formatTime } from "../../components/format";
import { type CaseSummary, FlagBadges, StatusBadge, YoungPersonText } from "../cases/caseLabels";
import { LoadMore } from "../cases/LoadMore";
import { casePath, type CaseTab } from "../cases/paths";

type MyTask = components["schemas"]["MyTask"];
type MyMeeting = components["schemas"]["MyMeeting"];
type Notice = components["schemas"]["Notice"];

const CASES_SHOWN = 10;
const PAGE_SIZE = 10;

export function MyWorkPage() {
  const { t } = useTranslation("mywork");
  const me = useMe();
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{t("title")}</Title>
        <Text size="sm" c="gray.7">
          {t("intro")}
        </Text>
      </div>
      {me.isPending ? (
        <Center py="lg">
          <Loader size="sm" aria-label={t("common:loading")} />
        </Center>
      ) : me.data === undefined ? (
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      ) : hasRole(me.data, ...CASE_ROLES) ? (
        <MyWorkSections me={me.data} />
      ) : (
        <NoCaseRole me={me.data} />
      )}
    </Stack>
  );
}

function MyWorkSections({ me }: { me: Me }) {
  // Coordinators and case officers work with the cases assigned to them; the others read
  // what the API lets them (a professional through a consent, a unit manager the unit's).
  const assignedOnly = hasRole(me, "coordinator", "case_officer");
  const cases = $api.useQuery("get", "/api/v1/cases", {
    params: { query: { ...(assignedOnly ? { assigned_to_me: true } : {}), limit: CASES_SHOWN } },
  });
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <CasesSection query={cases} assignedOnly={assignedOnly} />
      <TasksSection />
      <MeetingsSection />
      <NoticesSection cases={cases.data?.items} />
    </SimpleGrid>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {intro && (
        <Text size="sm" c="gray.7" mt={4}>
          {intro}
        </Text>
      )}
      <Stack gap="sm" mt="sm">
        {children}
      </Stack>
    </Paper>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="md">
      <Loader size="sm" aria-label={t("loading")} />
    </Center>
  );
}

/** A cursor-paged list of one section: its loading, error, empty and "Visa fler" states. */
function PagedList<T>({
  query,
  empty,
  children,
}: {
  query: UseInfiniteQueryResult<{ pages: { items: T[] }[] }, unknown>;
  empty: string;
  children: (item: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.data === undefined) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text size="sm">{empty}</Text>;
  return (
    <>
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {items.map(children)}
      </Stack>
      {query.error && !query.isFetchingNextPage && (
        <ErrorAlert error={query.error} onRetry={() => void query.fetchNextPage()} />
      )}
      <LoadMore
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        fetchNextPage={query.fetchNextPage}
      />
    </>
  );
}

function Card({ children }: { children: ReactNode }) {
  return (
    <Paper component="li" withBorder p="sm" radius="sm">
      {children}
    </Paper>
  );
}

function CaseLink({ caseId, reference, tab, label }: { caseId: string; reference: string; tab?: CaseTab; label?: string }) {
  return (
    <Anchor component={Link} to={casePath(caseId, tab)} fw={600} aria-label={label}>
      {reference}
    </Anchor>
  );
}

function CasesSection({
  query,
  assignedOnly,
}: {
  query: UseQueryResult<components["schemas"]["Page_CaseSummary_"], unknown>;
  assignedOnly: boolean;
}) {
  const { t } = useTranslation("mywork");
  const title = assignedOnly ? t("cases.title") : t("cases.titleReadable");
  return (
    <Section id="mywork-cases" title={title}>
      {query.isPending ? (
        <Loading />
      ) : query.data === undefined ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text size="sm">{assignedOnly ? t("cases.empty") : t("cases.emptyReadable")}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {query.data.items.map((item) => (
            <Card key={item.id}>
              <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
                <CaseLink caseId={item.id} reference={item.reference} />
                <StatusBadge status={item.status} />
              </Group>
              <YoungPersonText person={item.young_person} />
              {item.intervention_end_on && (
                <Text size="xs" c="gray.7">
                  {t("cases.endsOn", { date: formatDate(item.intervention_end_on) })}
                </Text>
              )}
              {item.flags && item.flags.length > 0 && (
                <Group mt={4}>
                  <FlagBadges flags={item.flags} />
                </Group>
              )}
            </Card>
          ))}
        </Stack>
      )}
      <Anchor
        size="sm"
        renderRoot={(props) => (
          <Link to="/cases" search={assignedOnly ? { assigned_to_me: true } : {}} {...props} />
        )}
      >
        {t("cases.all")}
      </Anchor>
    </Section>
  );
}

function TasksSection() {
  const { t } = useTranslation("mywork");
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/me/tasks",
    { params: { query: { limit: PAGE_SIZE } } },
    { initialPageParam: null, getNextPageParam: (last) => last.next_cursor ?? undefined },
  );
  return (
    <Section id="mywork-tasks" title={t("tasks.title")} intro={t("tasks.intro")}>
      <PagedList<MyTask> query={query} empty={t("tasks.empty")}>
        {(task) => (
          <Card key={task.id}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
              <CaseLink
                caseId={task.case_id}
                reference={task.case_reference}
                tab="plan"
                label={t("tasks.openPlan", { reference: task.case_reference })}
              />
              {task.overdue && (
                <Badge color="red.9" variant="filled" tt="none">
                  {t("tasks.overdue")}
                </Badge>
              )}
            </Group>
            <Text size="sm" mt={4}>
              {task.text}
            </Text>
            <Group gap="md" mt={4} wrap="wrap">
              <Text size="xs" fw={task.overdue ? 700 : undefined} c={task.overdue ? "red.9" : "gray.7"}>
                {task.due_on
                  ? t(task.overdue ? "tasks.overdueDue" : "tasks.due", { date: formatDate(task.due_on) })
                  : t("tasks.noDue")}
              </Text>
              <Text size="xs" c="gray.7">
                {t(`itemStatus.${task.status}`, { defaultValue: task.status })}
              </Text>
            </Group>
          </Card>
        )}
      </PagedList>
    </Section>
  );
}

function MeetingsSection() {
  const { t } = useTranslation("mywork");
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/me/meetings",
    { params: { query: { limit: PAGE_SIZE } } },
    { initialPageParam: null, getNextPageParam: (last) => last.next_cursor ?? undefined },
  );
  return (
    <Section id="mywork-meetings" title={t("meetings.title")} intro={t("meetings.intro")}>
      <PagedList<MyMeeting> query={query} empty={t("meetings.empty")}>
        {(meeting) => (
          <Card key={meeting.id}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {t(`kind.${meeting.kind}`, { defaultValue: meeting.kind })}
              </Text>
              <CaseLink
                caseId={meeting.case_id}
                reference={meeting.case_reference}
                tab="meetings"
                label={t("meetings.openMeetings", { reference: meeting.case_reference })}
              />
            </Group>
            <Text size="sm">
              <time dateTime={meeting.starts_at}>
                {t("meetings.when", {
                  date: formatDate(meeting.starts_at),
                  start: formatTime(meeting.starts_at),
                  end: formatTime(meeting.ends_at),
                })}
              </time>
            </Text>
            {meeting.location && (
              <Text size="xs" c="gray.7">
                {meeting.location}
              </Text>
            )}
          </Card>
        )}
      </PagedList>
    </Section>
  );
}

const NOTICE_TAB: Record<string, CaseTab> = {
  "consent.expiring": "consents",
  "meeting.overdue": "meetings",
  "task.overdue": "plan",
};

function NoticesSection({ cases }: { cases: CaseSummary[] | undefined }) {
  const { t } = useTranslation("mywork");
  const query = $api.useInfiniteQuery(
    "get",
    "/api/v1/me/notices",
    { params: { query: { limit: PAGE_SIZE } } },
    { initialPageParam: null, getNextPageParam: (last) => last.next_cursor ?? undefined },
  );
  const flagged = (cases ?? []).filter((item) => item.flags && item.flags.length > 0);
  return (
    <Section id="mywork-notices" title={t("notices.title")}>
      {flagged.length > 0 && (
        <div>
          <Title order={3} size="h5">
            {t("notices.flagged")}
          </Title>
          <Stack gap={6} mt={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {flagged.map((item) => (
              <Group key={item.id} component="li" gap="xs" wrap="wrap">
                <CaseLink caseId={item.id} reference={item.reference} />
                <FlagBadges flags={item.flags} />
              </Group>
            ))}
          </Stack>
        </div>
      )}
      <div>
        <Title order={3} size="h5">
          {t("notices.reminders")}
        </Title>
        <Stack gap="xs" mt={4}>
          <PagedList<Notice> query={query} empty={t("notices.emptyReminders")}>
            {(notice) => (
              <Card key={notice.id}>
                <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
                  <Text size="sm" fw={600}>
                    {t(`notices.kind.${notice.kind.replace(".", "_")}`, {
                      date: formatDate(notice.occurrence),
                      defaultValue: notice.message,
                    })}
                  </Text>
                  <CaseLink
                    caseId={notice.case_id}
                    reference={notice.case_reference}
                    {...(NOTICE_TAB[notice.kind] ? { tab: NOTICE_TAB[notice.kind] } : {})}
                    label={t("notices.open", { reference: notice.case_reference })}
                  />
                </Group>
                <Text size="xs" c="gray.7">
                  {t("notices.raised", { date: formatDate(notice.raised_at) })}
                </Text>
              </Card>
            )}
          </PagedList>
        </Stack>
      </div>
    </Section>
  );
}

function NoCaseRole({ me }: { me: Me }) {
  const { t } = useTranslation("mywork");
  const links = [
    hasRole(me, "preparation_group") && { to: "/proposals/deidentified", label: t("common:nav.deidentified") },
    hasRole(me, "admin") && { to: "/admin", label: t("common:nav.admin") },
    hasRole(me, "auditor") && { to: "/audit", label: t("common:nav.audit") },
  ].filter((link): link is { to: string; label: string } => Boolean(link));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="mywork-roles">
      <Title order={2} size="h3" id="mywork-roles">
        {t("noCaseRole.title")}
      </Title>
      {links.length === 0 ? (
        <Text size="sm" mt="xs">
          {t("noCaseRole.none")}
        </Text>
      ) : (
        <>
          <Text size="sm" mt="xs">
            {t("noCaseRole.body")}
          </Text>
          <List mt="xs">
            {links.map((link) => (
              <List.Item key={link.to}>
                <Anchor component={Link} to={link.to}>
                  {link.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Paper>
  );
}

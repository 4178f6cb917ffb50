/**
 * The group around the young person, with its history: current members first (latest joined
 * first), then former members (latest left first) with the date and the reason they left.
 * Adding a member and ending a membership are offered only when the API would accept them.
 */
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { QueryState } from "../../components/QueryState";
import { formatDate } from "../../components/format";
import { type Organization, useOrganizationNames } from "../case/directory";
import { canEditCase, type CaseWithActions, useCase, useCaseActions } from "../case/useCase";
import { useCaseChange } from "../case/useCaseChange";
import { useCaseId } from "../case/useCaseId";
import { AddMemberModal } from "./AddMemberModal";
import { type Member, MEMBER_READS, orderMembers, useMembers } from "./members";

function useMemberName() {
  const { t } = useTranslation("members");
  const caseQuery = useCase();
  const young = caseQuery.data?.young_person as CaseWithActions["young_person"] | undefined;
  return (member: Member): string | null => {
    if (member.display_name) return member.display_name;
    if (member.group_role === "young_person") {
      const name = [young?.given_name, young?.family_name].filter(Boolean).join(" ");
      return name || t("youngPerson");
    }
    return null;
  };
}

function organizationOf(member: Member, organizations: Map<string, Organization>, t: (key: string) => string) {
  const organization = member.organization_id ? organizations.get(member.organization_id) : undefined;
  if (organization) return organization.name;
  if (member.organization_kind) return t(`case:orgKind.${member.organization_kind}`);
  return "–";
}

function LeaveModal({ member, name, onClose }: { member: Member; name: string; onClose: () => void }) {
  const { t } = useTranslation("members");
  const caseId = useCaseId();
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/members/{member_id}/leave");
  const change = useCaseChange({ invalidate: MEMBER_READS, success: t("leave.done"), onDone: onClose });
  const form = useForm({ initialValues: { reason: "" } });
  return (
    <Modal opened onClose={onClose} title={t("leave.title")}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          void change.run(
            () =>
              mutation.mutateAsync({
                params: { path: { case_id: caseId, member_id: member.id } },
                body: { reason: values.reason.trim() || null },
              }),
            form,
          ),
        )}
      >
        <Stack>
          <Text size="sm">{t("leave.text", { name })}</Text>
          <Textarea
            label={t("leave.reason")}
            description={t("leave.reasonHint")}
            autosize
            minRows={2}
            maxLength={255}
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
              {t("leave.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MemberTable({
  members,
  former,
  canLeave,
  onLeave,
}: {
  members: Member[];
  former: boolean;
  canLeave: boolean;
  onLeave: (member: Member, name: string) => void;
}) {
  const { t } = useTranslation("members");
  const organizations = useOrganizationNames();
  const nameOf = useMemberName();
  return (
    <Table.ScrollContainer minWidth={former ? 680 : 560}>
      <Table striped aria-label={former ? t("formerTable") : t("currentTable")} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("name")}</Table.Th>
            <Table.Th scope="col">{t("role")}</Table.Th>
            <Table.Th scope="col">{t("organization")}</Table.Th>
            <Table.Th scope="col">{t("joined")}</Table.Th>
            {former && <Table.Th scope="col">{t("left")}</Table.Th>}
            {former && <Table.Th scope="col">{t("leftReason")}</Table.Th>}
            {canLeave && (
              <Table.Th scope="col">
                <VisuallyHidden>{t("actions")}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => {
            const name = nameOf(member);
            const role = t(`groupRole.${member.group_role}`);
            return (
              <Table.Tr key={member.id}>
                <Table.Td>
                  {name ? (
                    <Text size="sm">{name}</Text>
                  ) : (
                    <Text size="sm" fs="italic">
                      {t("hiddenName")}
                    </Text>
                  )}
                  {member.external_contact && (
                    <Text size="xs" c="dimmed">
                      {t("contact")}: {member.external_contact}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{role}</Table.Td>
                <Table.Td>{organizationOf(member, organizations, t)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(member.joined_at)}</Table.Td>
                {former && <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(member.left_at)}</Table.Td>}
                {former && <Table.Td>{member.left_reason ?? "–"}</Table.Td>}
                {canLeave && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-label={t("leave.openFor", { name: name ?? role })}
                      onClick={() => onLeave(member, name ?? role)}
                    >
                      {t("leave.open")}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the current group lacks (DOMAIN.md: police and school usually take part). */
function missingAgencies(current: Member[], organizations: Map<string, Organization>) {
  const has = (kind: "police" | "school") =>
    current.some(
      (member) =>
        member.group_role === kind ||
        member.organization_kind === kind ||
        (member.organization_id && organizations.get(member.organization_id)?.kind === kind),
    );
  return { police: !has("police"), school: !has("school") };
}

export function MembersTab() {
  const { t } = useTranslation("members");
  const caseId = useCaseId();
  const actions = useCaseActions();
  const query = useMembers(caseId);
  const organizations = useOrganizationNames();
  const [adding, setAdding] = useState(false);
  const [leaving, setLeaving] = useState<{ member: Member; name: string } | null>(null);
  const canLeave = canEditCase(actions);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} size="h3">
            {t("title")}
          </Title>
          <Text size="sm">{t("intro")}</Text>
        </div>
        {actions.has("add_member") && <Button onClick={() => setAdding(true)}>{t("add.open")}</Button>}
      </Group>
      <QueryState query={query}>
        {(page) => {
          const { current, former } = orderMembers(page.items);
          const missing = missingAgencies(current, organizations);
          return (
            <Stack gap="lg">
              {actions.has("add_member") && (missing.police || missing.school) && (
                <Alert color="yellow">
                  <List size="sm">
                    {missing.police && <List.Item>{t("missingPolice")}</List.Item>}
                    {missing.school && <List.Item>{t("missingSchool")}</List.Item>}
                  </List>
                </Alert>
              )}
              <section aria-labelledby="members-current">
                <Title order={3} size="h4" id="members-current" mb="xs">
                  {t("current")}
                </Title>
                {current.length === 0 ? (
                  <Text size="sm">{t("noCurrent")}</Text>
                ) : (
                  <MemberTable
                    members={current}
                    former={false}
                    canLeave={canLeave}
                    onLeave={(member, name) => setLeaving({ member, name })}
                  />
                )}
              </section>
              <section aria-labelledby="members-former">
                <Title order={3} size="h4" id="members-former" mb="xs">
                  {t("former")}
                </Title>
                {former.length === 0 ? (
                  <Text size="sm">{t("noFormer")}</Text>
                ) : (
                  <MemberTable members={former} former canLeave={false} onLeave={() => undefined} />
                )}
              </section>
            </Stack>
          );
        }}
      </QueryState>
      {adding && <AddMemberModal onClose={() => setAdding(false)} />}
      {leaving && <LeaveModal member={leaving.member} name={leaving.name} onClose={() => setLeaving(null)} />}
    </Stack>
  );
}

/**
 * Add a member to the group: a Samverka user, an external contact, or the young person / a
 * guardian (openapi.yaml: UserMemberCreate, ExternalMemberCreate, PersonMemberCreate).
 */
import { Alert, Button, Group, Modal, Radio, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { $api } from "../../api/client";
import { useMe } from "../../auth/useMe";
import type { components } from "../../client/schema";
import { canReadUsers, useOrganizations, useUsers } from "../case/directory";
import { useCaseChange } from "../case/useCaseChange";
import { useCaseId } from "../case/useCaseId";
import { DateField } from "../case/WorkflowActions";
import { MEMBER_READS } from "./members";

type Schemas = components["schemas"];
type Kind = "user" | "external" | "person";
type GroupRole = Schemas["GroupRole"];

/** Roles of professionals and other adults (the young person and guardians are "person"). */
const PROFESSIONAL_ROLES: GroupRole[] = [
  "coordinator",
  "case_officer",
  "police",
  "school",
  "health",
  "field_worker",
  "contact_person",
  "coach",
  "other",
];

interface Values {
  kind: Kind;
  user_id: string | null;
  group_role: string | null;
  external_name: string;
  external_contact: string;
  organization_id: string | null;
  person_role: "young_person" | "guardian";
  given_name: string;
  family_name: string;
  personal_number: string;
  birth_date: string | null;
}

const INITIAL: Values = {
  kind: "user",
  user_id: null,
  group_role: null,
  external_name: "",
  external_contact: "",
  organization_id: null,
  person_role: "guardian",
  given_name: "",
  family_name: "",
  personal_number: "",
  birth_date: null,
};

const trimmed = (value: string) => value.trim() || null;

/** The request body for the chosen kind (only that kind's fields). */
export function memberBody(values: Values) {
  if (values.kind === "user") {
    const body: Schemas["UserMemberCreate"] = {
      kind: "user",
      user_id: (values.user_id ?? "").trim(),
      group_role: values.group_role as GroupRole,
    };
    return body;
  }
  if (values.kind === "external") {
    const body: Schemas["ExternalMemberCreate"] = {
      kind: "external",
      external_name: values.external_name.trim(),
      external_contact: trimmed(values.external_contact),
      organization_id: values.organization_id,
      group_role: values.group_role as GroupRole,
    };
    return body;
  }
  if (values.person_role === "young_person") {
    const body: Schemas["PersonMemberCreate"] = { kind: "person", group_role: "young_person" };
    return body;
  }
  const body: Schemas["PersonMemberCreate"] = {
    kind: "person",
    group_role: "guardian",
    given_name: values.given_name.trim(),
    family_name: values.family_name.trim(),
    personal_number: trimmed(values.personal_number),
    birth_date: values.birth_date,
  };
  return body;
}

export function AddMemberModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation("members");
  const caseId = useCaseId();
  const me = useMe();
  const readers = canReadUsers(me.data);
  const users = useUsers(undefined, readers);
  const organizations = useOrganizations();
  const mutation = $api.useMutation("post", "/api/v1/cases/{case_id}/members");
  const change = useCaseChange({ invalidate: MEMBER_READS, success: t("add.doneNoName"), onDone: onClose });
  const required = t("common:required");
  const form = useForm<Values>({
    initialValues: INITIAL,
    validate: {
      user_id: (value, values) => (values.kind === "user" && !value?.trim() ? required : null),
      group_role: (value, values) => (values.kind !== "person" && !value ? required : null),
      external_name: (value, values) => (values.kind === "external" && !value.trim() ? required : null),
      given_name: (value, values) =>
        values.kind === "person" && values.person_role === "guardian" && !value.trim() ? required : null,
      family_name: (value, values) =>
        values.kind === "person" && values.person_role === "guardian" && !value.trim() ? required : null,
      birth_date: (value, values) =>
        values.kind === "person" && values.person_role === "guardian" && !value && !values.personal_number.trim()
          ? t("add.birthOrNumber")
          : null,
    },
  });
  const byId = !readers || users.isError;
  const orgNames = new Map((organizations.data ?? []).map((organization) => [organization.id, organization.name]));
  const userOptions = (users.data ?? []).map((user) => ({
    value: user.id,
    label: orgNames.has(user.organization_id)
      ? `${user.display_name} · ${orgNames.get(user.organization_id)}`
      : user.display_name,
  }));
  const { kind, person_role: personRole } = form.values;

  const submit = form.onSubmit((values) => {
    const body = memberBody(values);
    void change.run(async () => {
      const added = await mutation.mutateAsync({ params: { path: { case_id: caseId } }, body });
      return added;
    }, form);
  });

  return (
    <Modal opened onClose={onClose} title={t("add.title")} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Radio.Group label={t("add.kind")} required {...form.getInputProps("kind")}>
            <Group gap="md" mt={6}>
              {(["user", "external", "person"] as Kind[]).map((value) => (
                <Radio key={value} value={value} label={t(`kind.${value}`)} />
              ))}
            </Group>
          </Radio.Group>

          {kind === "user" &&
            (byId ? (
              <TextInput
                label={t("add.userId")}
                description={t("add.userIdHint")}
                required
                {...form.getInputProps("user_id")}
                value={form.values.user_id ?? ""}
              />
            ) : (
              <Select
                label={t("add.user")}
                placeholder={t("add.search")}
                required
                searchable
                nothingFoundMessage={t("common:empty")}
                data={userOptions}
                disabled={users.isPending}
                {...form.getInputProps("user_id")}
              />
            ))}

          {kind === "external" && (
            <>
              <TextInput label={t("add.externalName")} required maxLength={255} {...form.getInputProps("external_name")} />
              <TextInput label={t("add.externalContact")} maxLength={255} {...form.getInputProps("external_contact")} />
              <Select
                label={t("add.organization")}
                description={t("add.organizationHint")}
                searchable
                clearable
                data={(organizations.data ?? []).map((organization) => ({
                  value: organization.id,
                  label: organization.name,
                }))}
                {...form.getInputProps("organization_id")}
              />
            </>
          )}

          {kind !== "person" && (
            <Select
              label={t("add.groupRole")}
              required
              data={PROFESSIONAL_ROLES.map((role) => ({ value: role, label: t(`groupRole.${role}`) }))}
              {...form.getInputProps("group_role")}
            />
          )}

          {kind === "person" && (
            <>
              <Select
                label={t("add.personRole")}
                required
                allowDeselect={false}
                data={(["young_person", "guardian"] as const).map((role) => ({
                  value: role,
                  label: t(`groupRole.${role}`),
                }))}
                {...form.getInputProps("person_role")}
              />
              {personRole === "guardian" && (
                <>
                  <TextInput label={t("add.givenName")} required maxLength={255} {...form.getInputProps("given_name")} />
                  <TextInput label={t("add.familyName")} required maxLength={255} {...form.getInputProps("family_name")} />
                  <TextInput
                    label={t("add.personalNumber")}
                    description={t("add.personalNumberHint")}
                    autoComplete="off"
                    {...form.getInputProps("personal_number")}
                  />
                  <DateField
                    label={t("add.birthDate")}
                    description={t("add.birthDateHint")}
                    clearable
                    {...form.getInputProps("birth_date")}
                  />
                </>
              )}
            </>
          )}

          {change.problem && (
            <Alert color="red" role="alert">
              {change.problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" loading={change.busy}>
              {t("add.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

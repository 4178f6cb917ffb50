/**
 * People who log in: search, add, change roles and unit, set a new password, deactivate
 * (which logs them out at once). An administrator cannot deactivate themselves, so that
 * button is not offered on their own row.
 */
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import { toApiError } from "../../api/problem";
import { useMe } from "../../auth/useMe";
import { useMutationErrorHandler } from "../../components/errors";
import { USERS, useOrganizationChoices, useUserList } from "./adminApi";
import { MIN_PASSWORD_LENGTH, roleLabel, UNIT_ROLES, USER_ROLES } from "./options";
import { ActivationButton, AdminModal, ConfirmModal, EditButton, PagedTable } from "./parts";
import type { Role, User } from "./types";

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

type Status = "active" | "inactive" | "all";

export function UsersTab() {
  const { t } = useTranslation("admin");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | "">("");
  const [status, setStatus] = useState<Status>("active");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const me = useMe();
  const isMe = (user: User) => user.id === me.data?.id;
  const organizations = useOrganizationChoices();
  const query = useUserList({
    q: q || undefined,
    role: role || undefined,
    is_active: status === "all" ? undefined : status === "active",
  });
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const update = $api.useMutation("patch", "/api/v1/users/{user_id}");

  const setActive = (user: User, isActive: boolean) =>
    update.mutate(
      { params: { path: { user_id: user.id } }, headers: ifMatch(user.version), body: { is_active: isActive } },
      {
        onSuccess: () => {
          setDeactivating(null);
          notifications.show({
            color: "green",
            message: t(isActive ? "users.activated" : "users.deactivated", { name: user.display_name }),
          });
          void queryClient.invalidateQueries({ queryKey: ["get", USERS] });
        },
        onError: (error) => onError(error),
      },
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t("users.heading")}</Title>
        <Button onClick={() => setCreating(true)}>{t("users.add")}</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t("users.search")}
          description={t("users.searchHint")}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        <NativeSelect
          label={t("users.roleFilter")}
          value={role}
          onChange={(event) => setRole(event.currentTarget.value as Role | "")}
          data={[
            { value: "", label: t("users.allRoles") },
            ...USER_ROLES.map((value) => ({ value, label: roleLabel(t, value) })),
          ]}
        />
        <NativeSelect
          label={t("status.label")}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as Status)}
          data={[
            { value: "active", label: t("status.onlyActive") },
            { value: "inactive", label: t("status.onlyInactive") },
            { value: "all", label: t("status.all") },
          ]}
        />
      </SimpleGrid>

      <PagedTable
        query={query}
        label={t("users.table")}
        minWidth={720}
        headers={[
          t("users.displayName"),
          t("users.username"),
          t("users.organization"),
          t("users.roles"),
        ]}
        cells={(user) => (
          <>
            <Table.Td>
              {user.display_name} {isMe(user) && <Text span size="sm" c="dimmed">{t("users.you")}</Text>}
              {user.email && (
                <Text size="xs" c="dimmed">
                  {user.email}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{user.username}</Table.Td>
            <Table.Td>
              {organizations.nameOf(user.organization_id) ?? ""}
              {user.unit_id && user.unit_id !== user.organization_id && (
                <Text size="xs" c="dimmed">
                  {organizations.nameOf(user.unit_id)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{user.roles.map((value) => roleLabel(t, value)).join(", ")}</Table.Td>
          </>
        )}
        actions={(user) => (
          <>
            <EditButton label={t("users.edit", { name: user.display_name })} onClick={() => setEditing(user)} />
            <Button
              size="compact-sm"
              variant="light"
              aria-label={t("users.resetPassword", { name: user.display_name })}
              onClick={() => setResetting(user)}
            >
              {t("short.newPassword")}
            </Button>
            {!isMe(user) && (
              <ActivationButton
                active={user.is_active}
                deactivateLabel={t("users.deactivate", { name: user.display_name })}
                activateLabel={t("users.activate", { name: user.display_name })}
                onDeactivate={() => setDeactivating(user)}
                onActivate={() => setActive(user, true)}
                activating={update.isPending && update.variables?.params.path.user_id === user.id}
              />
            )}
          </>
        )}
      />

      <AdminModal opened={creating} onClose={() => setCreating(false)} title={t("users.createTitle")} size="lg">
        {creating && <UserForm onDone={() => setCreating(false)} />}
      </AdminModal>
      <AdminModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("users.editTitle", { name: editing.display_name }) : ""}
        size="lg"
      >
        {editing && <UserForm user={editing} onDone={() => setEditing(null)} />}
      </AdminModal>
      <AdminModal
        opened={resetting !== null}
        onClose={() => setResetting(null)}
        title={resetting ? t("users.resetTitle", { name: resetting.display_name }) : ""}
      >
        {resetting && <ResetPasswordForm user={resetting} onDone={() => setResetting(null)} />}
      </AdminModal>
      <ConfirmModal
        opened={deactivating !== null}
        title={deactivating ? t("users.deactivateTitle", { name: deactivating.display_name }) : ""}
        confirmLabel={t("users.deactivateConfirm")}
        busy={update.isPending}
        onConfirm={() => deactivating && setActive(deactivating, false)}
        onClose={() => setDeactivating(null)}
      >
        {deactivating ? t("users.deactivateBody", { name: deactivating.display_name }) : ""}
      </ConfirmModal>
    </Stack>
  );
}

interface UserValues {
  username: string;
  display_name: string;
  email: string;
  organization_id: string | null;
  unit_id: string | null;
  roles: Role[];
  password: string;
}

function userSchema(t: (key: string, options?: Record<string, unknown>) => string, creating: boolean) {
  const required = t("common:required");
  return z
    .object({
      username: creating
        ? z.string().trim().min(1, required).regex(/^\S+$/, t("users.noSpaces"))
        : z.string(),
      display_name: z.string().trim().min(1, required),
      email: z.string().trim().refine((value) => !value || EMAIL_PATTERN.test(value), t("users.invalidEmail")),
      organization_id: z.string().nullable().refine((value) => !creating || Boolean(value), required),
      unit_id: z.string().nullable(),
      roles: z.array(z.string()).min(1, t("users.atLeastOneRole")),
      password: creating
        ? z.string().min(MIN_PASSWORD_LENGTH, t("users.tooShort", { min: MIN_PASSWORD_LENGTH }))
        : z.string(),
    })
    .superRefine((values, context) => {
      if (values.roles.some((value) => UNIT_ROLES.includes(value as Role)) && !values.unit_id) {
        context.addIssue({ code: "custom", path: ["unit_id"], message: t("users.unitRequired") });
      }
    });
}

/** Add a user (with a first password), or change one (If-Match on its version). */
function UserForm({ user, onDone }: { user?: User; onDone: () => void }) {
  const { t } = useTranslation("admin");
  const creating = user === undefined;
  const organizations = useOrganizationChoices();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const create = $api.useMutation("post", "/api/v1/users");
  const update = $api.useMutation("patch", "/api/v1/users/{user_id}");
  const form = useForm<UserValues>({
    initialValues: {
      username: user?.username ?? "",
      display_name: user?.display_name ?? "",
      email: user?.email ?? "",
      organization_id: user?.organization_id ?? null,
      unit_id: user?.unit_id ?? null,
      roles: user?.roles ?? [],
      password: "",
    },
    validate: schemaResolver(userSchema(t, creating), { sync: true }),
  });

  const units = organizations.all
    .filter((org) => org.kind === "social_services" && (org.is_active || org.id === user?.unit_id))
    .map((org) => ({ value: org.id, label: org.name }));
  const choosable = organizations.all
    .filter((org) => org.is_active || org.id === user?.organization_id)
    .map((org) => ({ value: org.id, label: org.name }));

  const done = (name: string) => {
    notifications.show({ color: "green", message: creating ? t("created", { name }) : t("saved") });
    void queryClient.invalidateQueries({ queryKey: ["get", USERS] });
    onDone();
  };

  const submit = (values: UserValues) => {
    const email = values.email.trim() || null;
    if (creating) {
      create.mutate(
        {
          body: {
            username: values.username.trim(),
            display_name: values.display_name.trim(),
            email,
            organization_id: values.organization_id ?? "",
            unit_id: values.unit_id,
            roles: values.roles,
            password: values.password,
          },
        },
        {
          onSuccess: (created) => done(created.display_name),
          onError: (error) => {
            if (toApiError(error).status === 409) {
              form.setFieldError("username", t("users.usernameTaken"));
              return;
            }
            onError(error, form);
          },
        },
      );
      return;
    }
    update.mutate(
      {
        params: { path: { user_id: user.id } },
        headers: ifMatch(user.version),
        body: { display_name: values.display_name.trim(), email, unit_id: values.unit_id, roles: values.roles },
      },
      { onSuccess: (updated) => done(updated.display_name), onError: (error) => onError(error, form) },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        {creating ? (
          <TextInput
            label={t("users.username")}
            description={t("users.usernameHint")}
            required
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps("username")}
          />
        ) : (
          <Text size="sm">
            {t("users.username")}: <strong>{user.username}</strong>
          </Text>
        )}
        <TextInput label={t("users.displayName")} required {...form.getInputProps("display_name")} />
        <TextInput label={t("users.email")} type="email" autoComplete="off" {...form.getInputProps("email")} />
        {creating ? (
          <Select
            label={t("users.organization")}
            required
            searchable
            data={choosable}
            {...form.getInputProps("organization_id")}
          />
        ) : (
          <Text size="sm">
            {t("users.organization")}: <strong>{organizations.nameOf(user.organization_id)}</strong>
          </Text>
        )}
        <Select
          label={t("users.unit")}
          description={t("users.unitHint")}
          placeholder={t("users.noUnit")}
          searchable
          clearable
          clearButtonProps={{ "aria-label": t("clearField", { field: t("users.unit") }) }}
          data={units}
          {...form.getInputProps("unit_id")}
        />
        <Checkbox.Group label={t("users.roles")} required {...form.getInputProps("roles")}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
            {USER_ROLES.map((value) => (
              <Checkbox key={value} value={value} label={roleLabel(t, value)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {creating && (
          <PasswordInput
            label={t("users.password")}
            description={t("users.passwordHint", { min: MIN_PASSWORD_LENGTH })}
            required
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {creating ? t("users.create") : t("common:actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A new password; the API logs the user out everywhere. */
function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation("admin");
  const onError = useMutationErrorHandler();
  const reset = $api.useMutation("post", "/api/v1/users/{user_id}/reset-password");
  const form = useForm({
    initialValues: { password: "" },
    validate: schemaResolver(
      z.object({ password: z.string().min(MIN_PASSWORD_LENGTH, t("users.tooShort", { min: MIN_PASSWORD_LENGTH })) }),
      { sync: true },
    ),
  });
  const submit = (values: { password: string }) =>
    reset.mutate(
      { params: { path: { user_id: user.id } }, body: { password: values.password } },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: t("users.resetDone", { name: user.display_name }) });
          onDone();
        },
        onError: (error) => onError(error, form),
      },
    );
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Text>{t("users.resetIntro", { name: user.display_name })}</Text>
        <PasswordInput
          label={t("users.newPassword")}
          description={t("users.passwordHint", { min: MIN_PASSWORD_LENGTH })}
          required
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={reset.isPending}>
            {t("users.resetSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Agencies and their units (a municipality's social-services units are "part of" it): search,
 * add, change, deactivate (an inactive organisation is no longer offered in forms).
 */
import {
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
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
import { useMutationErrorHandler } from "../../components/errors";
import { ORGANIZATIONS, useOrganizationChoices, useOrganizationList } from "./adminApi";
import { kindLabel, ORGANIZATION_KINDS } from "./options";
import { AdminModal, EditButton, PagedTable } from "./parts";
import type { Organization, OrganizationKind } from "./types";

export function OrganizationsTab() {
  const { t } = useTranslation("admin");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Organization | null>(null);
  const organizations = useOrganizationChoices();
  const query = useOrganizationList({ q: q || undefined, include_inactive: includeInactive });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t("organizations.heading")}</Title>
        <Button onClick={() => setCreating(true)}>{t("organizations.add")}</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t("organizations.search")}
          description={t("organizations.searchHint")}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        <Checkbox
          mt={{ sm: "xl" }}
          label={t("list.showInactive")}
          checked={includeInactive}
          onChange={(event) => setIncludeInactive(event.currentTarget.checked)}
        />
      </SimpleGrid>
      <PagedTable
        query={query}
        label={t("organizations.table")}
        minWidth={640}
        headers={[
          t("organizations.name"),
          t("organizations.kind"),
          t("organizations.parent"),
          t("organizations.municipalityCode"),
        ]}
        cells={(org) => (
          <>
            <Table.Td>{org.name}</Table.Td>
            <Table.Td>{kindLabel(t, org.kind)}</Table.Td>
            <Table.Td>{organizations.nameOf(org.parent_id) ?? ""}</Table.Td>
            <Table.Td>{org.municipality_code ?? ""}</Table.Td>
          </>
        )}
        actions={(org) => (
          <>
            <EditButton label={t("organizations.edit", { name: org.name })} onClick={() => setEditing(org)} />
          </>
        )}
      />

      <AdminModal opened={creating} onClose={() => setCreating(false)} title={t("organizations.createTitle")} size="lg">
        {creating && <OrganizationForm onDone={() => setCreating(false)} />}
      </AdminModal>
      <AdminModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("organizations.editTitle", { name: editing.name }) : ""}
        size="lg"
      >
        {editing && <OrganizationForm organization={editing} onDone={() => setEditing(null)} />}
      </AdminModal>
    </Stack>
  );
}

interface OrganizationValues {
  name: string;
  kind: OrganizationKind | null;
  parent_id: string | null;
  municipality_code: string;
  is_active: boolean;
}

function OrganizationForm({ organization, onDone }: { organization?: Organization; onDone: () => void }) {
  const { t } = useTranslation("admin");
  const creating = organization === undefined;
  const organizations = useOrganizationChoices();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const create = $api.useMutation("post", "/api/v1/organizations");
  const update = $api.useMutation("patch", "/api/v1/organizations/{organization_id}");
  const required = t("common:required");
  const form = useForm<OrganizationValues>({
    initialValues: {
      name: organization?.name ?? "",
      kind: organization?.kind ?? null,
      parent_id: organization?.parent_id ?? null,
      municipality_code: organization?.municipality_code ?? "",
      is_active: organization?.is_active ?? true,
    },
    validate: schemaResolver(
      z.object({
        name: z.string().trim().min(1, required),
        kind: z.string().nullable().refine(Boolean, required),
        parent_id: z.string().nullable(),
        municipality_code: z
          .string()
          .trim()
          .refine((value) => !value || /^\d{4}$/.test(value), t("organizations.invalidCode")),
        is_active: z.boolean(),
      }),
      { sync: true },
    ),
  });

  const parents = organizations.all
    .filter((org) => org.id !== organization?.id && (org.is_active || org.id === organization?.parent_id))
    .map((org) => ({ value: org.id, label: org.name }));

  const done = (name: string) => {
    notifications.show({ color: "green", message: creating ? t("created", { name }) : t("saved") });
    void queryClient.invalidateQueries({ queryKey: ["get", ORGANIZATIONS] });
    onDone();
  };

  const submit = (values: OrganizationValues) => {
    const fields = {
      name: values.name.trim(),
      kind: values.kind as OrganizationKind,
      parent_id: values.parent_id,
      municipality_code: values.municipality_code.trim() || null,
    };
    if (creating) {
      create.mutate(
        { body: fields },
        { onSuccess: (created) => done(created.name), onError: (error) => onError(error, form) },
      );
      return;
    }
    update.mutate(
      {
        params: { path: { organization_id: organization.id } },
        headers: ifMatch(organization.version),
        body: { ...fields, is_active: values.is_active },
      },
      { onSuccess: (updated) => done(updated.name), onError: (error) => onError(error, form) },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput label={t("organizations.name")} required {...form.getInputProps("name")} />
        <Select
          label={t("organizations.kind")}
          required
          searchable
          data={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: kindLabel(t, kind) }))}
          {...form.getInputProps("kind")}
        />
        <Select
          label={t("organizations.parent")}
          placeholder={t("organizations.noParent")}
          searchable
          clearable
          clearButtonProps={{ "aria-label": t("clearField", { field: t("organizations.parent") }) }}
          data={parents}
          {...form.getInputProps("parent_id")}
        />
        <TextInput
          label={t("organizations.municipalityCode")}
          description={t("organizations.municipalityCodeHint")}
          inputMode="numeric"
          maxLength={4}
          {...form.getInputProps("municipality_code")}
        />
        {!creating && (
          <Switch
            label={t("organizations.isActive")}
            description={t("organizations.isActiveHint")}
            {...form.getInputProps("is_active", { type: "checkbox" })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {creating ? t("organizations.create") : t("common:actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Integration clients (police and school systems using client credentials): register one,
 * change its name and permissions, replace its secret, deactivate it. A new secret is shown
 * once, in SecretModal, and never again.
 */
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { schemaResolver, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { $api } from "../../api/client";
import { ifMatch } from "../../api/etag";
import { toApiError } from "../../api/problem";
import { useMutationErrorHandler } from "../../components/errors";
import { CLIENTS, useClientList, useOrganizationChoices } from "./adminApi";
import { CLIENT_ID_PATTERN, CLIENT_SCOPES, scopeLabel } from "./options";
import { ActivationButton, AdminModal, ConfirmModal, EditButton, PagedTable, SecretModal, type ShownSecret } from "./parts";
import type { ClientWithSecret, IntegrationClient, Scope } from "./types";

export function ClientsTab() {
  const { t } = useTranslation("admin");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<IntegrationClient | null>(null);
  const [rotating, setRotating] = useState<IntegrationClient | null>(null);
  const [deactivating, setDeactivating] = useState<IntegrationClient | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const organizations = useOrganizationChoices();
  const query = useClientList();
  const queryClient = useQueryClient();
  const onError = useMutationErrorHandler();
  const update = $api.useMutation("patch", "/api/v1/clients/{client_uuid}");
  const rotate = $api.useMutation("post", "/api/v1/clients/{client_uuid}/rotate-secret");

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["get", CLIENTS] });
  /** The secret goes to this screen's state only; the mutation forgets it at once. */
  const showSecret = (client: ClientWithSecret) => {
    setSecret({ clientId: client.client_id, secret: client.client_secret });
    rotate.reset();
    refresh();
  };

  const setActive = (client: IntegrationClient, isActive: boolean) =>
    update.mutate(
      { params: { path: { client_uuid: client.id } }, headers: ifMatch(client.version), body: { is_active: isActive } },
      {
        onSuccess: () => {
          setDeactivating(null);
          notifications.show({ color: "green", message: t("saved") });
          refresh();
        },
        onError: (error) => onError(error),
      },
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t("clients.heading")}</Title>
        <Button onClick={() => setCreating(true)}>{t("clients.add")}</Button>
      </Group>
      <Text>{t("clients.intro")}</Text>
      <PagedTable
        query={query}
        label={t("clients.table")}
        minWidth={720}
        headers={[t("clients.name"), t("clients.clientId"), t("clients.organization"), t("clients.scopes")]}
        cells={(client) => (
          <>
            <Table.Td>{client.name}</Table.Td>
            <Table.Td>{client.client_id}</Table.Td>
            <Table.Td>{organizations.nameOf(client.organization_id) ?? ""}</Table.Td>
            <Table.Td>{client.scopes.map((scope) => scopeLabel(t, scope)).join(", ")}</Table.Td>
          </>
        )}
        actions={(client) => (
          <>
            <EditButton label={t("clients.edit", { name: client.name })} onClick={() => setEditing(client)} />
            {client.is_active && (
              <Button
                size="compact-sm"
                variant="light"
                aria-label={t("clients.rotate", { name: client.name })}
                onClick={() => setRotating(client)}
              >
                {t("short.newSecret")}
              </Button>
            )}
            <ActivationButton
              active={client.is_active}
              deactivateLabel={t("clients.deactivate", { name: client.name })}
              activateLabel={t("clients.activate", { name: client.name })}
              onDeactivate={() => setDeactivating(client)}
              onActivate={() => setActive(client, true)}
            />
          </>
        )}
      />

      <AdminModal opened={creating} onClose={() => setCreating(false)} title={t("clients.createTitle")} size="lg">
        {creating && (
          <ClientForm
            onDone={(created) => {
              setCreating(false);
              if (created) showSecret(created);
            }}
          />
        )}
      </AdminModal>
      <AdminModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("clients.editTitle", { name: editing.name }) : ""}
        size="lg"
      >
        {editing && (
          <ClientForm
            client={editing}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
      </AdminModal>
      <ConfirmModal
        opened={rotating !== null}
        title={rotating ? t("clients.rotateTitle", { name: rotating.name }) : ""}
        confirmLabel={t("clients.rotateConfirm")}
        busy={rotate.isPending}
        onConfirm={() =>
          rotating &&
          rotate.mutate(
            { params: { path: { client_uuid: rotating.id } } },
            {
              onSuccess: (rotated) => {
                setRotating(null);
                showSecret(rotated);
              },
              onError: (error) => onError(error),
            },
          )
        }
        onClose={() => setRotating(null)}
      >
        {t("clients.rotateBody")}
      </ConfirmModal>
      <ConfirmModal
        opened={deactivating !== null}
        title={deactivating ? t("clients.deactivateTitle", { name: deactivating.name }) : ""}
        confirmLabel={t("clients.deactivateConfirm")}
        busy={update.isPending}
        onConfirm={() => deactivating && setActive(deactivating, false)}
        onClose={() => setDeactivating(null)}
      >
        {deactivating ? t("clients.deactivateBody", { name: deactivating.name }) : ""}
      </ConfirmModal>
      <SecretModal shown={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}

interface ClientValues {
  client_id: string;
  name: string;
  organization_id: string | null;
  scopes: Scope[];
}

/** Register a client (the answer holds its secret), or change one (If-Match). */
function ClientForm({
  client,
  onDone,
}: {
  client?: IntegrationClient;
  onDone: (created?: ClientWithSecret) => void;
}) {
  const { t } = useTranslation("admin");
  const creating = client === undefined;
  const organizations = useOrganizationChoices();
  const onError = useMutationErrorHandler();
  const create = $api.useMutation("post", "/api/v1/clients");
  const update = $api.useMutation("patch", "/api/v1/clients/{client_uuid}");
  const required = t("common:required");
  const form = useForm<ClientValues>({
    initialValues: {
      client_id: client?.client_id ?? "",
      name: client?.name ?? "",
      organization_id: client?.organization_id ?? null,
      scopes: (client?.scopes ?? []).filter((scope): scope is Scope => CLIENT_SCOPES.includes(scope as Scope)),
    },
    validate: schemaResolver(
      z.object({
        client_id: creating
          ? z.string().trim().min(3, t("clients.invalidClientId")).max(64).regex(CLIENT_ID_PATTERN, t("clients.invalidClientId"))
          : z.string(),
        name: z.string().trim().min(1, required),
        organization_id: z.string().nullable().refine((value) => !creating || Boolean(value), required),
        scopes: z.array(z.string()).min(1, t("clients.atLeastOneScope")),
      }),
      { sync: true },
    ),
  });

  const submit = (values: ClientValues) => {
    if (creating) {
      create.mutate(
        {
          body: {
            client_id: values.client_id.trim(),
            name: values.name.trim(),
            organization_id: values.organization_id ?? "",
            scopes: values.scopes,
          },
        },
        {
          onSuccess: (created) => {
            create.reset();
            onDone(created);
          },
          onError: (error) => {
            if (toApiError(error).status === 409) {
              form.setFieldError("client_id", t("clients.clientIdTaken"));
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
        params: { path: { client_uuid: client.id } },
        headers: ifMatch(client.version),
        body: { name: values.name.trim(), scopes: values.scopes },
      },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: t("saved") });
          onDone();
        },
        onError: (error) => onError(error, form),
      },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        {creating ? (
          <TextInput
            label={t("clients.clientId")}
            description={t("clients.clientIdHint")}
            required
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps("client_id")}
          />
        ) : (
          <Text size="sm">
            {t("clients.clientId")}: <strong>{client.client_id}</strong>
          </Text>
        )}
        <TextInput label={t("clients.name")} required {...form.getInputProps("name")} />
        {creating ? (
          <Select
            label={t("clients.organization")}
            description={t("clients.organizationHint")}
            required
            searchable
            data={organizations.active.map((org) => ({ value: org.id, label: org.name }))}
            {...form.getInputProps("organization_id")}
          />
        ) : (
          <Text size="sm">
            {t("clients.organization")}: <strong>{organizations.nameOf(client.organization_id)}</strong>
          </Text>
        )}
        <Checkbox.Group label={t("clients.scopes")} required {...form.getInputProps("scopes")}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
            {CLIENT_SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={scopeLabel(t, scope)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            {t("common:actions.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {creating ? t("clients.create") : t("common:actions.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

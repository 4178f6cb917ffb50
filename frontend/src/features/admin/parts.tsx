/** Small pieces shared by the admin tabs: status, "Visa fler", a confirmation, the secret shown once. */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, type ModalProps, Stack, Table, Text } from "@mantine/core";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "../../components/errors";
import { QueryState } from "../../components/QueryState";

/** Mantine's Modal with a named close button (the bare × has no text). */
export function AdminModal(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal closeButtonProps={{ "aria-label": t("actions.close") }} {...props} />;
}

function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation("admin");
  return (
    <Badge color={active ? "green" : "gray"} variant="light">
      {active ? t("status.active") : t("status.inactive")}
    </Badge>
  );
}

interface Paged {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** "Visa fler" under a list, and the error of a further page (the rows shown stay). */
function MoreButton({ query }: { query: Paged }) {
  const { t } = useTranslation("admin");
  return (
    <>
      {query.isFetchNextPageError && (
        <ErrorAlert error={query.error} onRetry={() => void query.fetchNextPage()} />
      )}
      {query.hasNextPage && (
        <Group>
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("list.more")}
          </Button>
        </Group>
      )}
    </>
  );
}

interface PagedTableProps<Item extends { id: string; is_active: boolean }> {
  query: UseInfiniteQueryResult<InfiniteData<{ items: Item[] }>, unknown>;
  label: string;
  minWidth: number;
  /** The columns before the status and the actions, which every directory list ends with. */
  headers: string[];
  /** A row's cells under ``headers``. */
  cells: (item: Item) => ReactNode;
  /** A row's buttons, in the last column. */
  actions: (item: Item) => ReactNode;
}

/**
 * A directory list (organisations, users, clients): its loading, error and empty states, the
 * rows of every page fetched so far with their status and buttons, and "Visa fler". An error on
 * a further page keeps the rows.
 */
export function PagedTable<Item extends { id: string; is_active: boolean }>(props: PagedTableProps<Item>) {
  const { query, label, minWidth, headers, cells, actions } = props;
  const { t } = useTranslation("admin");
  return (
    <>
      <QueryState
        query={{ ...query, error: query.data ? null : query.error }}
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty={<Text c="dimmed">{t("list.empty")}</Text>}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={minWidth}>
            <Table striped aria-label={label}>
              <Table.Thead>
                <Table.Tr>
                  {[...headers, t("status.label"), t("list.actions")].map((header) => (
                    <Table.Th key={header} scope="col">
                      {header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.pages
                  .flatMap((page) => page.items)
                  .map((item) => (
                    <Table.Tr key={item.id}>
                      {cells(item)}
                      <Table.Td>
                        <StatusBadge active={item.is_active} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {actions(item)}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <MoreButton query={query} />
    </>
  );
}

/** "Ändra" on a row; ``label`` names the row for a screen reader. */
export function EditButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation("admin");
  return (
    <Button size="compact-sm" variant="light" aria-label={label} onClick={onClick}>
      {t("common:actions.edit")}
    </Button>
  );
}

interface ActivationButtonProps {
  active: boolean;
  /** What the button says to a screen reader, e.g. t("users.deactivate", { name }). */
  deactivateLabel: string;
  activateLabel: string;
  onDeactivate: () => void;
  onActivate: () => void;
  activating?: boolean;
}

/** Deactivate (red, the caller confirms first) or activate again, by the row's state. */
export function ActivationButton(props: ActivationButtonProps) {
  const { t } = useTranslation("admin");
  return props.active ? (
    <Button size="compact-sm" variant="light" color="red" aria-label={props.deactivateLabel} onClick={props.onDeactivate}>
      {t("short.deactivate")}
    </Button>
  ) : (
    <Button
      size="compact-sm"
      variant="light"
      aria-label={props.activateLabel}
      loading={props.activating}
      onClick={props.onActivate}
    >
      {t("short.activate")}
    </Button>
  );
}

interface ConfirmProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A destructive action, asked once more in words that say what happens. */
export function ConfirmModal({ opened, title, children, confirmLabel, busy, onConfirm, onClose }: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <AdminModal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text>{children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("actions.cancel")}
          </Button>
          <Button color="red" loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </AdminModal>
  );
}

export interface ShownSecret {
  clientId: string;
  secret: string;
}

/**
 * A new client secret, shown this once: it lives only in this modal's state and is gone
 * when the modal closes (the API stores only its hash).
 */
export function SecretModal({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  const { t } = useTranslation("admin");
  return (
    <AdminModal
      opened={shown !== null}
      onClose={onClose}
      title={t("secret.title")}
      centered
      closeOnClickOutside={false}
      size="lg"
    >
      {shown && (
        <Stack>
          <Alert color="yellow" role="alert" title={t("secret.title")}>
            {t("secret.warning")}
          </Alert>
          <Text size="sm" fw={600}>
            {t("secret.forClient", { clientId: shown.clientId })}
          </Text>
          <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {shown.secret}
          </Code>
          <Group justify="space-between">
            <CopyButton value={shown.secret} timeout={3000}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? "teal" : undefined} onClick={copy}>
                  {copied ? t("secret.copied") : t("secret.copy")}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>{t("secret.close")}</Button>
          </Group>
        </Stack>
      )}
    </AdminModal>
  );
}

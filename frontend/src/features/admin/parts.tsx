/** Small pieces shared by the admin tabs: status, "Visa fler", a confirmation, the secret shown once. */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, type ModalProps, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "../../components/errors";

/** Mantine's Modal with a named close button (the bare × has no text). */
export function AdminModal(props: ModalProps) {
  const { t } = useTranslation();
  return <Modal closeButtonProps={{ "aria-label": t("actions.close") }} {...props} />;
}

export function StatusBadge({ active }: { active: boolean }) {
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
export function MoreButton({ query }: { query: Paged }) {
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

/**
 * Password login. A failure says what the user can do about it without telling whether the
 * account exists. In demo mode (config.json) the demo accounts are listed for the newcomer.
 */
import {
  Alert,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { config } from "../config";
import { login, LoginError } from "./session";

/** Only a path of this app may be a redirect target (no open redirect to another site). */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/login")) {
    return "/";
  }
  return target;
}

export function LoginPage() {
  const { t } = useTranslation("auth");
  const { redirect, ended } = useSearch({ from: "/login" });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { username: "", password: "" },
    validate: {
      username: (value) => (value.trim() ? null : t("common:required")),
      password: (value) => (value ? null : t("common:required")),
    },
  });
  const { demo_accounts: demoAccounts, demo_password: demoPassword } = config();

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await login(values.username.trim(), values.password);
      queryClient.clear();
      await navigate({ to: safeRedirect(redirect) });
    } catch (error) {
      const reason = error instanceof LoginError ? error : new LoginError("unavailable");
      setFailure(
        t(`failed.${reason.reason}`, {
          minutes: Math.max(1, Math.ceil((reason.retryAfterSeconds ?? 900) / 60)),
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size={520} py="xl" component="main" id="main">
      <Title order={1} mb="md">
        {t("title")}
      </Title>
      {ended && !failure && (
        <Alert color="blue" mb="md">
          {t("sessionEnded")}
        </Alert>
      )}
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
          <Stack>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t("username")}
              autoComplete="username"
              required
              {...form.getInputProps("username")}
            />
            <PasswordInput
              label={t("password")}
              autoComplete="current-password"
              required
              {...form.getInputProps("password")}
            />
            <Button type="submit" loading={busy}>
              {t("submit")}
            </Button>
          </Stack>
        </form>
      </Paper>
      {demoAccounts && demoAccounts.length > 0 && (
        <Paper withBorder p="lg" radius="md" mt="lg" component="section" aria-labelledby="demo-title">
          <Title order={2} size="h3" id="demo-title">
            {t("demo.title")}
          </Title>
          <Text size="sm" my="xs">
            {t("demo.intro", { password: demoPassword ?? "" })}
          </Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("demo.username")}</Table.Th>
                <Table.Th>{t("demo.who")}</Table.Th>
                <Table.Th>{t("demo.role")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {demoAccounts.map((account) => (
                <Table.Tr key={account.username}>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-label={t("demo.use", { name: account.username })}
                      disabled={busy}
                      onClick={() =>
                        void submit({ username: account.username, password: demoPassword ?? "" })
                      }
                    >
                      {account.username}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    {account.display_name}
                    <Text size="xs" c="gray.7">
                      {account.organization}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`roles.${account.role}`, { defaultValue: account.role })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Container>
  );
}

/**
 * The administrator's screen: organisations, users and integration clients, one tab each.
 * Only the open tab is mounted, so only its list is fetched. No case content is read here.
 */
import { Stack, Tabs, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ClientsTab } from "./ClientsTab";
import { OrganizationsTab } from "./OrganizationsTab";
import { UsersTab } from "./UsersTab";

type Tab = "organizations" | "users" | "clients";

export function AdminPage() {
  const { t } = useTranslation("admin");
  const [tab, setTab] = useState<Tab>("organizations");
  return (
    <Stack gap="md">
      <Title order={1}>{t("title")}</Title>
      <Text>{t("intro")}</Text>
      <Tabs value={tab} onChange={(value) => setTab((value as Tab | null) ?? "organizations")} keepMounted={false}>
        <Tabs.List aria-label={t("tabs.label")}>
          <Tabs.Tab value="organizations">{t("tabs.organizations")}</Tabs.Tab>
          <Tabs.Tab value="users">{t("tabs.users")}</Tabs.Tab>
          <Tabs.Tab value="clients">{t("tabs.clients")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="organizations" pt="md">
          <OrganizationsTab />
        </Tabs.Panel>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="clients" pt="md">
          <ClientsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

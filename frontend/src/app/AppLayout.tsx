/**
 * The frame of every signed-in screen: a header with who is signed in, the language and log
 * out; a menu showing only what the user's roles can use; a skip link for keyboard users.
 * On a phone the menu folds behind a burger button.
 */
import {
  AppShell,
  Burger,
  Group,
  NavLink,
  SegmentedControl,
  Skeleton,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

import { logout } from "../auth/session";
import { CASE_ROLES, hasRole, type Me, useMe } from "../auth/useMe";
import { ErrorAlert } from "../components/errors";
import { type Language, setLanguage } from "../i18n";

interface NavItem {
  to: string;
  label: string;
  show: (me: Me) => boolean;
  exact?: boolean;
}

const NAV: NavItem[] = [
  { to: "/", label: "nav.myWork", show: (me) => hasRole(me, ...CASE_ROLES), exact: true },
  { to: "/cases", label: "nav.cases", show: (me) => hasRole(me, ...CASE_ROLES), exact: true },
  {
    to: "/cases/new",
    label: "nav.newProposal",
    show: (me) => hasRole(me, ...CASE_ROLES),
  },
  {
    to: "/proposals/deidentified",
    label: "nav.deidentified",
    show: (me) => hasRole(me, "preparation_group"),
  },
  { to: "/stats", label: "nav.stats", show: (me) => hasRole(me, "unit_manager") },
  { to: "/admin", label: "nav.admin", show: (me) => hasRole(me, "admin") },
  { to: "/audit", label: "nav.audit", show: (me) => hasRole(me, "auditor") },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  const signOut = async () => {
    await logout();
    await navigate({ to: "/login", search: {} });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t("skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("nav.openMenu")}
            />
            <Title order={2} size="h4">
              {t("appName")}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me.data && (
              <Text size="sm" visibleFrom="xs" data-testid="signed-in-as">
                {me.data.display_name} · {me.data.organization.name}
              </Text>
            )}
            <SegmentedControl
              size="xs"
              aria-label={t("nav.language")}
              value={i18n.language}
              onChange={(value) => setLanguage(value as Language)}
              data={[
                { value: "sv", label: "SV" },
                { value: "en", label: "EN" },
              ]}
            />
            <UnstyledButton onClick={() => void signOut()} fz="sm" td="underline">
              {t("nav.logout")}
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("nav.main")} component="nav">
        {me.isPending && <Skeleton height={28} />}
        {me.data &&
          NAV.filter((item) => item.show(me.data)).map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              active={item.exact ? pathname === item.to : pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <VisuallyHidden>
          <span aria-live="polite">{me.isPending ? t("loading") : ""}</span>
        </VisuallyHidden>
        {me.error ? <ErrorAlert error={me.error} /> : <Outlet />}
      </AppShell.Main>
    </AppShell>
  );
}

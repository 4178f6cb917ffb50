/**
 * The case page's frame: the case as the page's h1 (reference, status, the young person's name
 * when the API gave it), a tab bar of the parts the reader can use, and the tab below.
 * Every tab reads the case through `useCase()` (one request for the page).
 */
import { Box, Group, Stack, Text, Title } from "@mantine/core";
import { Link, type LinkProps, Outlet } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";

import { hasRole, useMe } from "../../auth/useMe";
import { QueryState } from "../../components/QueryState";
import classes from "./CaseLayout.module.css";
import { StatusBadge } from "./StatusBadge";
import { actionsOf, type CaseAction, type CaseWithActions, useCase } from "./useCase";
import { useCaseId } from "./useCaseId";

interface Tab {
  /** The tab's path below the case's own, "" for the overview. */
  to: string;
  label: string;
  show?: (actions: ReadonlySet<CaseAction>, socialServices: boolean) => boolean;
}

const TABS: Tab[] = [
  { to: "", label: "tabs.overview" },
  { to: "/members", label: "tabs.members" },
  { to: "/consents", label: "tabs.consents" },
  {
    to: "/assessments",
    label: "tabs.assessments",
    // Risk assessments are social services' own documentation.
    show: (actions, socialServices) => socialServices || actions.has("add_assessment"),
  },
  { to: "/plan", label: "tabs.plan" },
  { to: "/meetings", label: "tabs.meetings" },
  { to: "/journal", label: "tabs.journal" },
  {
    to: "/access-log",
    label: "tabs.accessLog",
    show: (actions) => actions.has("read_access_log"),
  },
];

/**
 * A case tab's address. router.tsx builds the case routes with a helper, so their paths are
 * not in the router's types; the address is navigated to all the same.
 */
export function caseHref(caseId: string, tab = ""): LinkProps["to"] {
  return `/cases/${caseId}${tab}` as LinkProps["to"];
}

/** The young person's name, if the API returned it for this reader. */
export function youngPersonName(value: CaseWithActions): string | null {
  const person = value.young_person as CaseWithActions["young_person"] | null | undefined;
  const name = [person?.given_name, person?.family_name].filter(Boolean).join(" ");
  return name || null;
}

export function CaseLayout() {
  const { t } = useTranslation("case");
  const caseId = useCaseId();
  const query = useCase();
  const me = useMe();
  const socialServices =
    me.data?.organization.kind === "social_services" &&
    hasRole(me.data, "unit_manager", "case_officer", "coordinator");

  return (
    <QueryState query={query}>
      {(data) => {
        const value = data as CaseWithActions;
        const actions = actionsOf(value);
        const name = youngPersonName(value);
        return (
          <Stack gap="md">
            <Box>
              <Group gap="sm" align="center" wrap="wrap">
                <Title order={1}>{value.reference}</Title>
                <StatusBadge status={value.status} size="lg" />
              </Group>
              {name && (
                <Text size="lg" mt={4}>
                  <Text span c="dimmed" size="sm">
                    {t("youngPerson")}:{" "}
                  </Text>
                  {name}
                </Text>
              )}
            </Box>
            <nav aria-label={t("tabs.label")} className={classes.tabs}>
              <ul className={classes.list}>
                {TABS.filter((tab) => tab.show?.(actions, socialServices) ?? true).map((tab) => (
                  <li key={tab.to}>
                    <Link
                      to={caseHref(caseId, tab.to)}
                      className={classes.tab}
                      activeOptions={{ exact: tab.to === "" }}
                    >
                      {t(tab.label)}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <Outlet />
          </Stack>
        );
      }}
    </QueryState>
  );
}

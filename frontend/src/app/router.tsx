/**
 * Every screen's address. Code-based routes (no generated route tree), so the tree is read in
 * one place. Everything but the login page needs a session: `requireSession` resumes one from
 * the refresh token or sends the user to the login page, keeping where they were going.
 */
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { LoginPage } from "../auth/LoginPage";
import { canResume, currentAccessToken, refresh } from "../auth/session";
import { AdminPage } from "../features/admin/AdminPage";
import { AssessmentsTab } from "../features/assessments/AssessmentsTab";
import { AuditLogPage } from "../features/audit/AuditLogPage";
import { AccessLogTab } from "../features/case/AccessLogTab";
import { CaseLayout } from "../features/case/CaseLayout";
import { OverviewTab } from "../features/case/OverviewTab";
import { CaseListPage, caseListSearch } from "../features/cases/CaseListPage";
import { NewProposalPage } from "../features/cases/NewProposalPage";
import { ConsentsTab } from "../features/consents/ConsentsTab";
import { JournalTab } from "../features/journal/JournalTab";
import { MeetingsTab } from "../features/meetings/MeetingsTab";
import { MembersTab } from "../features/members/MembersTab";
import { MyWorkPage } from "../features/mywork/MyWorkPage";
import { PlanTab } from "../features/plan/PlanTab";
import { PrintPlanPage } from "../features/plan/PrintPlanPage";
import { DeidentifiedPage } from "../features/proposals/DeidentifiedPage";
import { statsSearch } from "../features/stats/search";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  // `ended`: the session ran out while working (not a first visit), so the page says so.
  validateSearch: z.object({ redirect: z.string().optional(), ended: z.boolean().optional() }),
  component: LoginPage,
});

async function requireSession({ location }: { location: { href: string } }): Promise<void> {
  if (currentAccessToken() !== null) return;
  if (canResume() && (await refresh())) return;
  throw redirect({ to: "/login", search: { redirect: location.href } });
}

const authRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "auth",
  beforeLoad: requireSession,
  component: Outlet,
});

const shellRoute = createRoute({
  getParentRoute: () => authRoute,
  id: "shell",
  component: AppLayout,
});

const page = (path: string, component: () => React.ReactNode) =>
  createRoute({ getParentRoute: () => shellRoute, path, component });

const myWorkRoute = page("/", MyWorkPage);
const caseListRoute = createRoute({
  getParentRoute: () => shellRoute,
  path: "/cases",
  validateSearch: caseListSearch,
  component: CaseListPage,
});
const newProposalRoute = page("/cases/new", NewProposalPage);
const deidentifiedRoute = page("/proposals/deidentified", DeidentifiedPage);
const adminRoute = page("/admin", AdminPage);
const auditRoute = page("/audit", AuditLogPage);
/** Loaded on first visit: the charts (recharts) are the largest code of the app and only unit
 * managers use them. The period is in the address (features/stats/search.ts). */
const statsRoute = createRoute({
  getParentRoute: () => shellRoute,
  path: "/stats",
  validateSearch: statsSearch,
  component: lazyRouteComponent(() => import("../features/stats/StatsPage"), "StatsPage"),
});

const caseRoute = page("/cases/$caseId", CaseLayout);
const tab = (path: string, component: () => React.ReactNode) =>
  createRoute({ getParentRoute: () => caseRoute, path, component });

/** The printable plan stands alone: no menus, made for paper. */
const printPlanRoute = createRoute({
  getParentRoute: () => authRoute,
  path: "/cases/$caseId/print",
  component: PrintPlanPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  authRoute.addChildren([
    printPlanRoute,
    shellRoute.addChildren([
      myWorkRoute,
      caseListRoute,
      newProposalRoute,
      deidentifiedRoute,
      adminRoute,
      auditRoute,
      statsRoute,
      caseRoute.addChildren([
        tab("/", OverviewTab),
        tab("members", MembersTab),
        tab("consents", ConsentsTab),
        tab("assessments", AssessmentsTab),
        tab("plan", PlanTab),
        tab("meetings", MeetingsTab),
        tab("journal", JournalTab),
        tab("access-log", AccessLogTab),
      ]),
    ]),
  ]),
]);

export function makeRouter(queryClient: QueryClient, history?: Parameters<typeof createRouter>[0]["history"]) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    scrollRestoration: true,
    ...(history ? { history } : {}),
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}

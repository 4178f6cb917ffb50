/**
 * Render a screen as the app does: Mantine, a fresh query client and a router with memory
 * history, the screen mounted at `path` (e.g. `/cases/$caseId/plan`) and opened at `url`.
 */
import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from "@tanstack/react-router";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";

import { makeQueryClient } from "../app/App";
import { cssVariablesResolver, theme } from "../app/theme";

interface Options {
  path?: string;
  url?: string;
}

export function renderWithProviders(ui: ReactNode, { path = "/", url }: Options = {}) {
  const queryClient = makeQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  const rootRoute = createRootRoute({ component: Outlet });
  const screen = createRoute({ getParentRoute: () => rootRoute, path, component: () => ui });
  const fallback = createRoute({ getParentRoute: () => rootRoute, path: "$", component: () => <p>elsewhere</p> });
  const router = createRouter({
    routeTree: rootRoute.addChildren([screen, fallback]),
    history: createMemoryHistory({ initialEntries: [url ?? path] }),
  });
  const result = render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: "sv", firstDayOfWeek: 1 }}>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>,
  );
  return { ...result, router, queryClient };
}

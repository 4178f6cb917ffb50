/** Providers every screen relies on: Mantine (theme, dates in Swedish), data, the router. */
import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "./global.css";

import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { useState } from "react";

import { onSessionEnded } from "../api/client";
import { toApiError } from "../api/problem";
import { makeRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";

/** Retry a failed read only when trying again can help: the network or the server. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => {
          const status = toApiError(error).status;
          return failures < 2 && (status === 0 || status >= 500);
        },
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const [router] = useState(() => {
    const created = makeRouter(queryClient);
    onSessionEnded(() => {
      queryClient.clear();
      const here = created.state.location.href;
      if (!here.startsWith("/login")) void created.navigate({ to: "/login", search: { redirect: here, ended: true } });
    });
    return created;
  });
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: "sv", firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}

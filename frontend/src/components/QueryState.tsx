/** Loading, error and empty states of a query, so every screen shows them the same way. */
import { Center, Loader, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert } from "./errors";

interface QueryStateProps<T> {
  query: Pick<UseQueryResult<T, unknown>, "data" | "error" | "isPending" | "refetch">;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}

export function QueryState<T>({ query, children, isEmpty, empty }: QueryStateProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Center py="lg">
        <Loader size="sm" aria-label={t("loading")} />
      </Center>
    );
  }
  if (query.error !== null && query.error !== undefined) {
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data as T;
  if (isEmpty?.(data)) {
    return <>{empty ?? <Text c="dimmed">{t("empty")}</Text>}</>;
  }
  return <>{children(data)}</>;
}

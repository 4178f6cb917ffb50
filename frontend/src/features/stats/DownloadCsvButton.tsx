/**
 * "Ladda ner CSV": the same period's table from GET /api/v1/stats.csv. A plain link would not
 * carry the bearer token (it lives in memory), so the file is fetched through the client and
 * then saved. The name is the API's own (`samverka-statistik-<from>-<to>.csv`), made here
 * so that it does not depend on the deployment exposing Content-Disposition across origins.
 */
import { Button } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { fetchClient, unwrap } from "../../api/client";
import { useMutationErrorHandler } from "../../components/errors";
import { saveFile } from "../../components/saveFile";
import type { StatsPeriod } from "./search";

function csvFileName(period: StatsPeriod): string {
  return `samverka-statistik-${period.from}-${period.to}.csv`;
}

async function downloadCsv(period: StatsPeriod): Promise<void> {
  const blob = await unwrap(
    fetchClient.GET("/api/v1/stats.csv", { params: { query: period }, parseAs: "blob" }),
  );
  saveFile(blob as Blob, csvFileName(period));
}

interface DownloadCsvButtonProps {
  period: StatsPeriod;
  disabled: boolean;
}

export function DownloadCsvButton({ period, disabled }: DownloadCsvButtonProps) {
  const { t } = useTranslation("stats");
  const onError = useMutationErrorHandler();
  const download = useMutation({ mutationFn: downloadCsv, onError: (error) => onError(error) });
  return (
    <Button variant="default" disabled={disabled} loading={download.isPending} onClick={() => download.mutate(period)}>
      {t("download")}
    </Button>
  );
}

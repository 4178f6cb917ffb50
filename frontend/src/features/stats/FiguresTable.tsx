/**
 * Derived figures (a median, a share) as a two-column table. A figure the API suppressed
 * reads "Dolt"; one with nobody behind it reads "Inget att räkna ut": neither is a number.
 */
import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { Figure } from "./model";
import { SuppressedText } from "./SuppressedText";

export interface FigureRow {
  key: string;
  label: string;
  figure: Figure;
  format: (value: number) => string;
}

export function FiguresTable({ title, rows }: { title: string; rows: FigureRow[] }) {
  const { t } = useTranslation("stats");
  return (
    <Table captionSide="top" striped>
      <Table.Caption>{t("figures.caption", { title })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("figures.name")}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t("figures.value")}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Th scope="row" fw="normal">
              {row.label}
            </Table.Th>
            <Table.Td ta="right">
              <FigureText figure={row.figure} format={row.format} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FigureText({ figure, format }: Pick<FigureRow, "figure" | "format">) {
  const { t } = useTranslation("stats");
  if (figure.suppressed) return <SuppressedText />;
  if (figure.value === null || figure.value === undefined) return <>{t("figures.none")}</>;
  return <>{format(figure.value)}</>;
}

/**
 * The statistics' read model (GET /api/v1/stats) and the few rules the page applies to it:
 * a suppressed cell has no number, so it is never drawn, and numbers are written in the
 * reader's language.
 */
import type { components } from "../../client/schema";

export type StatsRead = components["schemas"]["StatsRead"];
export type Breakdown = components["schemas"]["Breakdown"];
export type Cell = components["schemas"]["Cell"];
export type Figure = components["schemas"]["Figure"];
export type SectionName = keyof StatsRead["sections"];

/** Cells with a number to draw; a suppressed one is left out, never drawn as 0. */
export function plottable(breakdown: Breakdown): { cell: Cell; count: number }[] {
  return breakdown.cells.flatMap((cell) =>
    cell.suppressed || cell.count === null || cell.count === undefined ? [] : [{ cell, count: cell.count }],
  );
}

export function hasSuppressed(breakdown: Breakdown): boolean {
  return breakdown.total.suppressed || breakdown.cells.some((cell) => cell.suppressed);
}

function locale(language: string): string {
  return language.startsWith("en") ? "en-GB" : "sv-SE";
}

export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(count);
}

/** A share (0-1) as a percentage with at most one decimal: 0.706 -> "70,6 %". */
export function formatShare(share: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: "percent", maximumFractionDigits: 1 }).format(share);
}

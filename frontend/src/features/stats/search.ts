/**
 * The statistics page's period lives in the URL, so a period can be bookmarked and shared
 * (as the case list's filters). Kept apart from the page so the route can validate the
 * address without loading the charts.
 */
import { z } from "zod";

/** A real calendar day written `YYYY-MM-DD` (`2026-02-30` and `2026-07-0` are not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const isoDate = z.string().refine(isIsoDate).optional().catch(undefined);

/** A date that is not a real `YYYY-MM-DD` day is dropped rather than sent. The order of the
 * two is the API's rule (its 422 is shown on the field), so it is not checked twice. */
export const statsSearch = z.object({ from: isoDate, to: isoDate });

export type StatsSearch = z.infer<typeof statsSearch>;

export interface StatsPeriod {
  from: string;
  to: string;
}

/** The period asked for; by default the year to date: from 1 January of the last day's year
 * to today. The API's own default is the last 12 months, so both ends are always sent. */
export function periodOf(search: StatsSearch, today: string): StatsPeriod {
  const to = search.to ?? today;
  return { from: search.from ?? `${to.slice(0, 4)}-01-01`, to };
}

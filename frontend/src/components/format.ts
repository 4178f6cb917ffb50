/**
 * Dates and times as Swedish social workers write them: `YYYY-MM-DD`, 24-hour clock, always in
 * Europe/Stockholm whatever the device's own zone.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import "dayjs/locale/sv";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("sv");

export const TIME_ZONE = "Europe/Stockholm";

const dateFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const timeFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant (ISO 8601 with offset) or a plain date as `YYYY-MM-DD`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return dateFormat.format(new Date(value));
}

export function formatTime(value: string): string {
  return timeFormat.format(new Date(value));
}

/** `YYYY-MM-DD HH:mm` in Stockholm. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "";
  return `${formatDate(value)} ${formatTime(value)}`;
}

/** A date and wall-clock time in Stockholm (`YYYY-MM-DD`, `HH:mm`) as ISO 8601 with offset. */
export function stockholmInstant(date: string, time: string): string {
  return dayjs.tz(`${date} ${time}`, "YYYY-MM-DD HH:mm", TIME_ZONE).format();
}

/** Today in Stockholm as `YYYY-MM-DD`. */
export function todayInStockholm(): string {
  return dateFormat.format(new Date());
}

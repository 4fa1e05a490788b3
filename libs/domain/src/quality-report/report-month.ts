import { berlinOffsetMinutes } from '../agreement/office-hours';

/**
 * The calendar month (YYYY-MM, Berlin local time) an instant falls in: the finest time the quality
 * report knows. Months are counted where the partners work, so a crisis at 00:30 on the 1st
 * belongs to the new month, not to the UTC one before.
 */
export function reportMonthOf(instant: string): string {
  const ms = Date.parse(instant);
  return new Date(ms + berlinOffsetMinutes(ms) * 60_000).toISOString().slice(0, 7);
}

/** Every month from `from` to `to` (both YYYY-MM, inclusive), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const m = `${year}-${String(month).padStart(2, '0')}`;
    if (m > to) break;
    months.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

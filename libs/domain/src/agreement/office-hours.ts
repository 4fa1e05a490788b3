import type { IsoWeekday, OfficeHours } from '@hilfenetz/contracts';

const MINUTE = 60_000;

/** 01:00 UTC on the last Sunday of a month: when the EU switches between CET and CEST. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * Offset of German local time from UTC at an instant, in minutes. Computed from the EU rule
 * rather than Intl so it is the same on every machine and inside the workflow sandbox.
 */
export function berlinOffsetMinutes(instantMs: number): number {
  const year = new Date(instantMs).getUTCFullYear();
  const summer = instantMs >= lastSundayAtOneUtc(year, 2) && instantMs < lastSundayAtOneUtc(year, 9);
  return summer ? 120 : 60;
}

export interface LocalTime {
  /** YYYY-MM-DD in local time. */
  date: string;
  weekday: IsoWeekday;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

export function berlinLocalTime(instant: string): LocalTime {
  const ms = Date.parse(instant);
  const local = new Date(ms + berlinOffsetMinutes(ms) * MINUTE);
  const day = local.getUTCDay();
  return {
    date: local.toISOString().slice(0, 10),
    weekday: (day === 0 ? 7 : day) as IsoWeekday,
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The UTC instant of a local midnight (never ambiguous: Germany switches at 02:00/03:00). */
export function berlinMidnightToInstant(localDate: string): string {
  const asUtc = Date.parse(`${localDate}T00:00:00.000Z`);
  return new Date(asUtc - berlinOffsetMinutes(asUtc - 3 * 60 * MINUTE) * MINUTE).toISOString();
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Whether an organisation is open at an instant: its weekly windows, minus its closing days. */
export function isWithinOfficeHours(hours: OfficeHours, instant: string): boolean {
  const t = berlinLocalTime(instant);
  if (hours.closedOn.includes(t.date)) return false;
  return hours.weekly.some(
    (w) => w.day === t.weekday && t.minuteOfDay >= minutesOf(w.opens) && t.minuteOfDay < minutesOf(w.closes),
  );
}

import { getLanguage, pick, texts, type Language } from './language';

/** Dates as people in German youth welfare read them, in German time whatever the device says. */
const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };
const formatters = (lang: Language) => ({
  dateTime: new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }),
  time: new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'medium', timeZone: 'Europe/Berlin' }),
  date: new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'Europe/Berlin' }),
  clock: new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }),
});
const FORMATS = { de: formatters('de'), en: formatters('en') };
const fmt = () => FORMATS[getLanguage()];

const T = texts(
  {
    clock: ' Uhr',
    remaining: (span: string) => `noch ${span}`,
    overdue: (span: string) => `überfällig seit ${span}`,
  },
  {
    clock: '',
    remaining: (span: string) => `${span} left`,
    overdue: (span: string) => `overdue by ${span}`,
  },
);

/** What follows a clock time: " Uhr" in German, nothing in English. */
export const uhr = (): string => pick(T).clock;

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt().dateTime.format(d);
}

export const formatTime = (d: Date): string => fmt().time.format(d);

/** "noch 4:05 min", "noch 1 h 02 min", or "überfällig seit 0:12 min" for a deadline. */
export function formatCountdown(deadlineMs: number, nowMs: number): string {
  return formatCountdownParts(deadlineMs, nowMs).text;
}

/** The countdown with its bare span ("4:05 min"), for sentences of their own. */
export function formatCountdownParts(deadlineMs: number, nowMs: number): { text: string; span: string } {
  const diff = Math.round((deadlineMs - nowMs) / 1000);
  const abs = Math.abs(diff);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const span = h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m}:${String(s).padStart(2, '0')} min`;
  return { text: diff >= 0 ? pick(T).remaining(span) : pick(T).overdue(span), span };
}

/** A duration in seconds, e.g. "2 min 05 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

export function formatTimeIso(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt().time.format(d);
}

/** "25.05.2027" for an instant or a YYYY-MM-DD date. */
export function formatDate(isoOrDate: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? `${isoOrDate}T12:00:00Z` : isoOrDate);
  return Number.isNaN(d.getTime()) ? isoOrDate : fmt().date.format(d);
}

/** "14:32" for an instant: hours and minutes, as an arrival time is said. */
export function formatClockIso(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt().clock.format(d);
}

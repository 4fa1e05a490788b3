import type { TimelineEntryDto } from '@hilfenetz/contracts';

export const TIMELINE_CSV_COLUMNS = [
  'position',
  'streamVersion',
  'occurredAt',
  'type',
  'party',
  'actorId',
  'actorRole',
  'actorOrganisationId',
  'actorName',
  'actorOrganisationName',
  'data',
] as const;

/**
 * RFC 4180 field. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe: exports are opened in Excel by courts and supervisors (CSV injection).
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The timeline as CSV with a header row; `data` is the (already masked) payload as JSON. People
 * and organisations by name, with their ids beside them (the ids are what the log proves).
 */
export function timelineToCsv(entries: TimelineEntryDto[]): string {
  const rows = entries.map((e) =>
    [
      e.position,
      e.streamVersion,
      e.occurredAt,
      e.type,
      typeof e.data.party === 'string' ? e.data.party : null,
      e.actor.id,
      e.actor.role,
      e.actor.organisationId,
      e.actor.displayName,
      e.actor.organisationName,
      JSON.stringify(e.data),
    ]
      .map(csvField)
      .join(','),
  );
  return [TIMELINE_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

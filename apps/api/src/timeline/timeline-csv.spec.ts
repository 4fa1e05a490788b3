import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { csvField, timelineToCsv } from './timeline-csv';

const entry = (over: Partial<TimelineEntryDto>): TimelineEntryDto => ({
  eventId: '6f1c2a9e-0000-4000-8000-000000000001',
  position: '17',
  streamVersion: 1,
  type: 'CrisisCancelled',
  occurredAt: '2026-11-25T03:00:00.000Z',
  actor: {
    id: 'u-ja-0002',
    role: 'on_call',
    organisationId: 'org-jugendamt-lindenau',
    displayName: 'Herr Brandt (Bereitschaftsdienst)',
    organisationName: 'Kreisjugendamt Lindenau',
  },
  data: {},
  labels: {},
  ...over,
});

describe('timeline CSV export', () => {
  it('has a header row and one line per event, with the payload as JSON', () => {
    const csv = timelineToCsv([entry({ data: { reason: 'Fehlalarm, Jugendlicher wohlauf', party: 'clinic' } })]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'position,streamVersion,occurredAt,type,party,actorId,actorRole,actorOrganisationId,actorName,' +
        'actorOrganisationName,data',
    );
    expect(row).toBe(
      '17,1,2026-11-25T03:00:00.000Z,CrisisCancelled,clinic,u-ja-0002,on_call,org-jugendamt-lindenau,' +
        'Herr Brandt (Bereitschaftsdienst),Kreisjugendamt Lindenau,' +
        '"{""reason"":""Fehlalarm, Jugendlicher wohlauf"",""party"":""clinic""}"',
    );
    expect(end).toBe('');
  });

  it('quotes separators and line breaks, and defuses values a spreadsheet would run as formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('Zeile 1\nZeile 2')).toBe('"Zeile 1\nZeile 2"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(null)).toBe('');
  });

  it('is only the header row for an empty timeline', () => {
    expect(timelineToCsv([]).split('\r\n').filter(Boolean)).toHaveLength(1);
  });
});

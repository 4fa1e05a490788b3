import type { StoredEvent } from '@hilfenetz/contracts';
import { timelineCopyLines } from './timeline-copy';

const event = (overrides: Partial<StoredEvent>): StoredEvent => ({
  eventId: '5f0c6c1e-3c1d-4a57-9d1b-2f1f8e0b7a01',
  type: 'CrisisTriggered',
  schemaVersion: 1,
  data: { crisisId: 'crisis-1' },
  metadata: {
    actorId: 'u-ja-0001',
    actorRole: 'caseworker',
    organisationId: 'org-jugendamt-lindenau',
    correlationId: 'c',
  },
  streamId: 'case-F-1',
  streamVersion: 3,
  globalPosition: '42',
  transactionId: '7',
  recordedAt: '2026-12-06T03:00:00.000Z',
  prevHash: null,
  hash: 'h',
  ...overrides,
});

/** Reads one CSV line back the way COPY's CSV format does (quoted fields, "" for a quote, unquoted empty = NULL). */
function parseCsvLine(line: string): (string | null)[] {
  const fields: (string | null)[] = [];
  let i = 0;
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (text[q + 1] === '"') {
          value += text.slice(i, q) + '"';
          i = q + 2;
        } else {
          value += text.slice(i, q);
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const end = text.indexOf(',', i);
      const raw = text.slice(i, end === -1 ? text.length : end);
      fields.push(raw === '' ? null : raw);
      i = end === -1 ? text.length : end;
    }
    i += 1; // the comma
  }
  return fields;
}

describe('timeline rows for COPY (the rebuild)', () => {
  it('writes the ten columns in order, the data as JSON, and a missing organisation as NULL', () => {
    const [line] = timelineCopyLines([
      event({ metadata: { actorId: 'system', actorRole: 'system', correlationId: 'c' } }),
    ]);
    expect(parseCsvLine(line!)).toEqual([
      '5f0c6c1e-3c1d-4a57-9d1b-2f1f8e0b7a01',
      'F-1',
      '42',
      '3',
      'CrisisTriggered',
      '2026-12-06T03:00:00.000Z',
      'system',
      'system',
      null,
      '{"crisisId":"crisis-1"}',
    ]);
  });

  it('keeps quotes, commas, backslashes, line breaks and an empty string intact', () => {
    const data = { note: 'a "quoted", \\back\\slashed\nline', empty: '' };
    const [line] = timelineCopyLines([
      event({ data, metadata: { actorId: 'u-"x",y', actorRole: '', correlationId: 'c', organisationId: 'org' } }),
    ]);
    const fields = parseCsvLine(line!);
    expect(JSON.parse(fields[9]!)).toEqual(data);
    expect(fields[6]).toBe('u-"x",y');
    expect(fields[7]).toBe(''); // quoted: an empty string, not NULL
  });

  it('leaves out events that belong to no case stream', () => {
    expect(timelineCopyLines([event({ streamId: 'agreement-xyz' })])).toEqual([]);
  });
});

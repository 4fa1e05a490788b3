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

/** Reads one line back the way COPY's text format does (tab-separated, `\\N` is NULL, backslash escapes). */
function parseTextLine(line: string): (string | null)[] {
  expect(line.endsWith('\n')).toBe(true);
  const unescape: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t' };
  return line
    .slice(0, -1)
    .split('\t')
    .map((raw) => (raw === '\\N' ? null : raw.replace(/\\(.)/g, (_, c: string) => unescape[c] ?? c)));
}

describe('timeline rows for COPY in text format (the rebuild)', () => {
  it('writes the ten columns in order, the data as JSON, and a missing organisation as NULL', () => {
    const [line] = timelineCopyLines([
      event({ metadata: { actorId: 'system', actorRole: 'system', correlationId: 'c' } }),
    ]);
    expect(parseTextLine(line!)).toEqual([
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

  it('keeps quotes, commas, tabs, backslashes, line breaks and an empty string intact', () => {
    const data = { note: 'a "quoted", \\back\\slashed\nline', empty: '' };
    const [line] = timelineCopyLines([
      event({
        data,
        metadata: { actorId: 'u-"x",y\tz\\\n', actorRole: '', correlationId: 'c', organisationId: 'org' },
      }),
    ]);
    const fields = parseTextLine(line!);
    expect(JSON.parse(fields[9]!)).toEqual(data);
    expect(fields[6]).toBe('u-"x",y\tz\\\n');
    expect(fields[7]).toBe(''); // an empty string, not NULL
  });

  it('leaves out events that belong to no case stream', () => {
    expect(timelineCopyLines([event({ streamId: 'agreement-xyz' })])).toEqual([]);
  });
});

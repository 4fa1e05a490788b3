import { envelopeJson, toStoredEvent, type EventJsonRow } from './event-rows';

/** Postgres's text of a jsonb value: a space after each colon and comma (outside strings). */
const jsonbText = (value: unknown) =>
  JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/([[{]) /g, '$1')
    .replace(/ ([\]}])/g, '$1');

describe('envelopeJson', () => {
  it('splices the stored JSON into the envelope: the same event as JSON.stringify(toStoredEvent(row))', () => {
    const data = {
      crisisId: 'crisis-1',
      note: 'Er sagt: "Ich will nicht mehr", {Zimmer 4}, \\ und 😟\u2028',
      nested: { list: [1, 2.5, null, true], empty: {} },
    };
    const metadata = { actorId: 'u-ja-0001', actorRole: 'caseworker', correlationId: 'c-1' };
    const row: EventJsonRow = {
      global_position: '9007199254740993',
      transaction_id: '123456789012',
      event_id: 'e-"1"',
      stream_id: 'case-F-2026-1',
      stream_version: 3,
      type: 'CrisisTriggered',
      schema_version: 1,
      data: jsonbText(data),
      metadata: jsonbText(metadata),
      recorded_at: new Date('2026-12-05T06:25:24.123Z'),
      prev_hash: null,
      hash: 'ab'.repeat(32),
    };
    expect(row.data).toContain('": '); // the test row really has Postgres's spacing
    const spliced = envelopeJson(row);
    const stringified = JSON.stringify(toStoredEvent({ ...row, data, metadata }));
    expect(JSON.parse(spliced)).toEqual(JSON.parse(stringified));
    expect(Object.keys(JSON.parse(spliced) as object)).toEqual(Object.keys(JSON.parse(stringified) as object));
  });
});

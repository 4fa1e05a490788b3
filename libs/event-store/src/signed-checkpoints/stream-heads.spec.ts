import {
  compareWithCheckpoint,
  extendHeads,
  headsMerkleRoot,
  nextPositions,
  observeEvent,
  type NewLogEvent,
  type ObservedStream,
  type StreamHead,
} from './stream-heads';

const h = (n: number) => String(n).padStart(64, '0');

/** A stream of `n` events whose hashes are 1..n, at log places tx = gp = base + version. */
function events(streamId: string, n: number, base: number): NewLogEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    streamId,
    streamVersion: i + 1,
    prevHash: i === 0 ? null : h(i),
    hash: h(i + 1),
    transactionId: String(base + i + 1),
    globalPosition: String(base + i + 1),
    contentMatches: true,
  }));
}

function headsOf(...all: NewLogEvent[][]): Map<string, StreamHead> {
  const heads = new Map<string, StreamHead>();
  for (const e of all.flat()) expect(extendHeads(heads, e)).toBeNull();
  return heads;
}

function observe(all: NewLogEvent[]): Map<string, ObservedStream> {
  const seen = new Map<string, ObservedStream>();
  for (const e of all) seen.set(e.streamId, observeEvent(seen.get(e.streamId), e));
  return seen;
}

describe('stream heads under a checkpoint', () => {
  const a = events('case-a', 4, 0);
  const b = events('case-b', 3, 100);
  const signed = headsOf(a, b);

  it('the root does not depend on the order heads are given in, and changes with any head', () => {
    const r = headsMerkleRoot(signed.values());
    expect(headsMerkleRoot([...signed.values()].reverse())).toEqual(r);
    expect(r.count).toBe(2);
    const changed = { ...signed.get('case-a')!, version: 3 };
    expect(headsMerkleRoot([changed, signed.get('case-b')!]).root).not.toBe(r.root);
  });

  it('an untouched log matches, and each tampering is named with its stream', () => {
    expect(compareWithCheckpoint(signed, observe([...a, ...b]))).toEqual([]);
    const kinds = (obs: NewLogEvent[]) => compareWithCheckpoint(signed, observe(obs)).map((f) => [f.streamId, f.kind]);
    expect(kinds([...a])).toEqual([['case-b', 'stream_deleted']]);
    expect(kinds([...a.slice(0, 2), ...b])).toEqual([['case-a', 'truncated']]);
    // The tail dropped and the head rewritten: same length, other last hash.
    expect(kinds([...a.slice(0, 3), { ...a[3]!, hash: h(99) }, ...b])).toEqual([['case-a', 'rewritten']]);
    expect(kinds([a[0]!, a[2]!, a[3]!, ...b])).toEqual([['case-a', 'event_deleted']]);
    // Two events swap their places in the log; content and chain unchanged.
    const swapped = [
      { ...a[0]!, transactionId: a[1]!.transactionId, globalPosition: a[1]!.globalPosition },
      { ...a[1]!, transactionId: a[0]!.transactionId, globalPosition: a[0]!.globalPosition },
      ...a.slice(2),
    ];
    expect(kinds([...swapped, ...b])).toEqual([['case-a', 'reordered']]);
    expect(kinds([...a, ...b, ...events('case-c', 1, 200)])).toEqual([['case-c', 'inserted']]);
  });

  it('the writer extends heads only by events that continue their chain', () => {
    const heads = headsOf(a);
    expect(extendHeads(heads, { ...a[3]!, streamVersion: 4 })).toMatchObject({ kind: 'rewritten', streamId: 'case-a' });
    expect(extendHeads(heads, { ...a[3]!, streamVersion: 6, prevHash: h(4) })).toMatchObject({ kind: 'chain_broken' });
    expect(extendHeads(heads, { ...a[3]!, streamVersion: 5, prevHash: h(3) })).toMatchObject({ kind: 'chain_broken' });
    expect(extendHeads(heads, { ...a[3]!, streamVersion: 5, prevHash: h(4), contentMatches: false })).toMatchObject({
      kind: 'content_changed',
    });
    expect(heads.get('case-a')!.version).toBe(4);
    expect(extendHeads(heads, { ...a[3]!, streamVersion: 5, prevHash: h(4), hash: h(5) })).toBeNull();
    expect(heads.get('case-a')).toMatchObject({ version: 5, hash: h(5) });
  });

  it('positions chain every place: the same events at other places give another value', () => {
    expect(nextPositions(null, { transactionId: '1', globalPosition: '12' })).not.toBe(
      nextPositions(null, { transactionId: '11', globalPosition: '2' }),
    );
  });
});

import { GroupCommitQueue, type GroupCommitSink, type Settled } from './group-commit.queue';

interface Item {
  streamId: string;
  events: string[];
}

/** A sink that records what it was sent; `failBatches` makes every batch fail as a whole. */
function recordingSink(failBatches = false) {
  const calls: string[][] = [];
  const sink: GroupCommitSink<Item, string> = {
    async one(item) {
      calls.push([`one:${item.events.join('+')}`]);
      if (item.events.includes('bad')) throw new Error(`refused ${item.streamId}`);
      return `${item.streamId}:${item.events.join('+')}`;
    },
    async many(items) {
      calls.push(items.map((i) => i.events.join('+')));
      if (failBatches) throw new Error('batch failed');
      return items.map((i): Settled<string> =>
        i.events.includes('bad')
          ? { ok: false, error: new Error(`refused ${i.streamId}`) }
          : { ok: true, value: `${i.streamId}:${i.events.join('+')}` },
      );
    },
  };
  return { sink, calls };
}

describe('GroupCommitQueue', () => {
  it('sends a lone append on its own', async () => {
    const { sink, calls } = recordingSink();
    const q = new GroupCommitQueue(sink);
    await expect(q.submit({ streamId: 's1', events: ['a'] })).resolves.toBe('s1:a');
    expect(calls).toEqual([['one:a']]);
  });

  it('sends appends queued in one turn as one batch, each caller getting its own outcome', async () => {
    const { sink, calls } = recordingSink();
    const q = new GroupCommitQueue(sink);
    const results = await Promise.allSettled([
      q.submit({ streamId: 's1', events: ['a'] }),
      q.submit({ streamId: 's2', events: ['bad'] }),
      q.submit({ streamId: 's1', events: ['b', 'c'] }),
    ]);
    expect(calls).toEqual([['a', 'bad', 'b+c']]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      's1:a',
      'refused s2',
      's1:b+c',
    ]);
  });

  it('cuts batches at maxBatchEvents, in arrival order', async () => {
    const { sink, calls } = recordingSink();
    const q = new GroupCommitQueue(sink, { maxBatchEvents: 3, maxBatchesInFlight: 1 });
    await Promise.all([
      q.submit({ streamId: 's1', events: ['a', 'b'] }),
      q.submit({ streamId: 's2', events: ['c'] }),
      q.submit({ streamId: 's3', events: ['d', 'e'] }),
      q.submit({ streamId: 's4', events: ['f'] }),
    ]);
    expect(calls).toEqual([
      ['a+b', 'c'],
      ['d+e', 'f'],
    ]);
  });

  it('sends every append of a failed batch again on its own, per stream in arrival order', async () => {
    const { sink, calls } = recordingSink(true);
    const q = new GroupCommitQueue(sink);
    const results = await Promise.allSettled([
      q.submit({ streamId: 's1', events: ['a'] }),
      q.submit({ streamId: 's1', events: ['bad'] }),
      q.submit({ streamId: 's1', events: ['b'] }),
    ]);
    expect(calls).toEqual([['a', 'bad', 'b'], ['one:a'], ['one:bad'], ['one:b']]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

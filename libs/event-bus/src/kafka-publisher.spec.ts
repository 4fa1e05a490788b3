import type { PartitionMetadata } from 'kafkajs';
import { byPartition } from './kafka-publisher';
import type { BusMessage } from './event-bus.ports';

const partitions: PartitionMetadata[] = [0, 1, 2].map((partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: partitionId,
  replicas: [0, 1, 2],
  isr: [0, 1, 2],
}));
const message = (stream: string, version: number): BusMessage => ({
  key: stream,
  value: `${stream}@${version}`,
  headers: { 'event-id': `${stream}-${version}` },
});

describe('a batch split by partition', () => {
  it('keeps every message, each stream whole and in order in one partition', () => {
    // Interleaved as the relay reads them: commit order, streams mixed.
    const batch = [1, 2, 3].flatMap((v) =>
      ['case-a', 'case-b', 'case-c', 'case-d', 'case-e'].map((s) => message(s, v)),
    );
    const shares = byPartition('t', partitions, batch);
    const all = [...shares.values()].flat();
    expect(all).toHaveLength(batch.length);
    expect(new Set(all.map((m) => m.value))).toEqual(new Set(batch.map((m) => m.value)));
    for (const stream of ['case-a', 'case-b', 'case-c', 'case-d', 'case-e']) {
      const holding = [...shares].filter(([, share]) => share.some((m) => m.key === stream));
      expect(holding).toHaveLength(1);
      expect(holding[0]![1].filter((m) => m.key === stream).map((m) => m.value)).toEqual([
        `${stream}@1`,
        `${stream}@2`,
        `${stream}@3`,
      ]);
    }
  });

  it('chooses the same partition for a key in every batch, whatever else the batch holds', () => {
    const alone = byPartition('t', partitions, [message('case-x', 1)]);
    const crowded = byPartition('t', partitions, [message('case-y', 1), message('case-x', 2), message('case-z', 1)]);
    const partitionOf = (shares: Map<number, BusMessage[]>) =>
      [...shares].find(([, share]) => share.some((m) => m.key === 'case-x'))![0];
    expect(partitionOf(crowded)).toBe(partitionOf(alone));
    expect(partitions.map((p) => p.partitionId)).toContain(partitionOf(alone));
  });
});

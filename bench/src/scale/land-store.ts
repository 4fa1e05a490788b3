import type { NewEvent } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import type { PostgresEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { eventMix } from '../bench-events';

/** The type mix, worked out once (about 0.14 ms a call). */
const MIX = eventMix();

/** The case of stream i of the Land-sized store. */
export const landCaseId = (i: number) => `land-${i}`;
export const landStreamId = (i: number) => caseStreamId(landCaseId(i));

/**
 * Event `v` (1-based) of case stream `i` in the type mix of a real run (`eventMix`): the
 * template's data and metadata with this case's, crisis's and workflow's ids, a fresh event and
 * correlation id.
 */
export function landEvent(i: number, v: number): NewEvent {
  const t = MIX.templates[MIX.slots[(i * 7 + v) % MIX.slots.length]!]!;
  const caseId = landCaseId(i);
  const data: Record<string, unknown> = { ...t.data };
  if ('caseId' in data) data.caseId = caseId;
  if ('crisisId' in data) data.crisisId = `crisis-${caseId}`;
  const metadata = { ...t.metadata, correlationId: randomUUID() } as NewEvent['metadata'];
  if ('workflowId' in metadata)
    Object.assign(metadata, { workflowId: `crisis-${caseId}`, workflowRunId: randomUUID() });
  return { eventId: randomUUID(), type: t.type, schemaVersion: t.schemaVersion, data, metadata };
}

/**
 * Grows the store by whole case streams `from`…`to - 1`, `perStream` events each, through the
 * store's own append (one call per stream: the hash chain is real, computed by the append
 * function as in production), `writers` streams at a time. Returns the seconds it took.
 */
export async function growLandStore(
  store: PostgresEventStore,
  range: { from: number; to: number },
  perStream: number,
  writers: number,
  onProgress?: (streamsDone: number) => void,
): Promise<number> {
  const start = performance.now();
  let next = range.from;
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (;;) {
        const i = next++;
        if (i >= range.to) return;
        const events = Array.from({ length: perStream }, (_, k) => landEvent(i, k + 1));
        await store.append(landStreamId(i), events, 'no_stream');
        done += 1;
        if (done % 10_000 === 0) onProgress?.(done);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

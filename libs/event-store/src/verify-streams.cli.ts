import { createDataSource } from '@hilfenetz/persistence';
import { parseTrustedCheckpointKeys } from './signed-checkpoints/checkpoint-keys';
import { verifySignedCheckpoints } from './signed-checkpoints/signed-checkpoint-verify';
import { verifyHoldsAndKeys } from './personal-data/verify-holds-and-keys';
import { verifyStream } from './verify-stream';

/**
 * `npm run events:verify [streamId…]`: checks the hash chain of the given streams, or of all, and
 * the log against its latest signed checkpoint (EVENT_CHECKPOINT_PUBLIC_KEY), which catches what a
 * chain cannot show: a dropped tail with a rewritten head, a deleted stream, a changed order; and
 * (without stream ids) the legal holds and data-subject keys against their events.
 * Exits 1 and names each broken stream and what happened to it.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const ds = await createDataSource(url, { poolSize: 2, applicationName: 'hilfenetz-verify' }).initialize();
  let broken = 0;
  try {
    const ids = process.argv.slice(2);
    const streams = ids.length
      ? ids
      : ((await ds.query(`SELECT stream_id FROM event_streams ORDER BY stream_id`)) as { stream_id: string }[]).map(
          (r) => r.stream_id,
        );
    for (const id of streams) {
      const r = await verifyStream(ds, id);
      if (r.ok) {
        console.log(`ok       ${id} (${r.events} events)`);
      } else {
        broken += 1;
        console.log(
          `BROKEN   ${id}: version ${r.streamVersion}${r.eventId ? ` (event ${r.eventId})` : ''}: ${r.reason}: ${r.detail}`,
        );
      }
    }
    console.log(`${streams.length - broken} of ${streams.length} streams verified`);
    broken += await verifyCheckpoints(ds, ids);
    if (!ids.length) {
      const tables = await verifyHoldsAndKeys(ds);
      for (const f of tables) console.log(`TAMPERED ${f.streamId ?? '(no stream)'}: ${f.kind}: ${f.detail}`);
      console.log(
        tables.length ? `${tables.length} holds or keys the log does not explain` : 'holds and keys match the log',
      );
      broken += tables.length;
    }
  } finally {
    await ds.destroy();
  }
  process.exit(broken ? 1 : 0);
}

/** The checkpoint part; returns how many findings it printed. */
async function verifyCheckpoints(ds: Parameters<typeof verifySignedCheckpoints>[0], ids: string[]): Promise<number> {
  const keys = process.env.EVENT_CHECKPOINT_PUBLIC_KEY ?? '';
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM signed_checkpoints`)) as [{ n: number }];
  if (!keys.trim()) {
    if (n === 0) {
      console.log('no signed checkpoint yet');
      return 0;
    }
    console.log(`BROKEN   ${n} signed checkpoints cannot be checked: EVENT_CHECKPOINT_PUBLIC_KEY is not set`);
    return 1;
  }
  const v = await verifySignedCheckpoints(ds, parseTrustedCheckpointKeys(keys), ids.length ? { streamIds: ids } : {});
  if (!v.latest) {
    console.log('no signed checkpoint yet');
    return 0;
  }
  for (const f of v.findings) console.log(`TAMPERED ${f.streamId ?? '(checkpoint log)'}: ${f.kind}: ${f.detail}`);
  const c = v.latest;
  console.log(
    `checkpoint ${c.seq} of ${c.createdAt} (${c.streamCount} streams, ${c.eventCount} events, key ${c.keyId}): ` +
      (v.findings.length ? `${v.findings.length} findings` : 'the log still holds everything it signed'),
  );
  return v.findings.length;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});

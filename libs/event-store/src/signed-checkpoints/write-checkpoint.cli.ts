import { createDataSource } from '@hilfenetz/persistence';
import { parseCheckpointSigningKey } from './checkpoint-keys';
import { CheckpointRefused, writeSignedCheckpoint } from './signed-checkpoint-writer';

/**
 * `npm run events:checkpoint`: signs and appends a checkpoint now (the projector also writes one
 * on its schedule). Needs EVENT_CHECKPOINT_SIGNING_KEY. Exits 1, signing nothing, when the log no
 * longer holds what the previous checkpoint signed.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const seed = process.env.EVENT_CHECKPOINT_SIGNING_KEY;
  if (!seed) throw new Error('EVENT_CHECKPOINT_SIGNING_KEY is not set: only the checkpoint writer holds it');
  const key = parseCheckpointSigningKey(seed);
  const ds = await createDataSource(url, { poolSize: 1, applicationName: 'hilfenetz-checkpoint' }).initialize();
  try {
    const c = await writeSignedCheckpoint(ds, key);
    console.log(
      `checkpoint ${c.seq} signed by key ${c.keyId}: ${c.streamCount} streams, ${c.eventCount} events, ` +
        `global position ${c.globalPosition}, horizon ${c.xidHorizon}, root ${c.merkleRoot}`,
    );
  } catch (err) {
    if (!(err instanceof CheckpointRefused)) throw err;
    for (const f of err.findings) console.log(`TAMPERED ${f.streamId ?? '(checkpoint log)'}: ${f.kind}: ${f.detail}`);
    console.log('no checkpoint signed');
    process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});

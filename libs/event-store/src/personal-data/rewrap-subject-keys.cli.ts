import { loadConfig, masterKeyring } from '@hilfenetz/config';
import { createDataSource } from '@hilfenetz/persistence';
import { rewrapSubjectKeys, subjectKeysByMasterKey } from './rewrap-subject-keys';

/**
 * `npm run keys:rewrap [batch size]`: re-wraps every subject key under the current master key
 * (PERSONAL_DATA_MASTER_KEY, its id PERSONAL_DATA_MASTER_KEY_ID), opening the rest with the keys in
 * PERSONAL_DATA_PREVIOUS_MASTER_KEYS, as the schema owner (DATABASE_MIGRATION_URL). Online and
 * resumable: run it again after a kill; a finished table reports 0 left. docs/adr/0023.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ring = masterKeyring(config);
  const batchSize = Number(process.argv[2] ?? 2_000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
    throw new Error('the batch size must be an integer from 1 to 50000');
  }
  const ds = await createDataSource(config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL, {
    poolSize: 2,
    applicationName: 'hilfenetz-keys-rewrap',
  }).initialize();
  try {
    const started = Date.now();
    console.log(`re-wrapping subject keys under master key ${ring.current.id}`);
    const done = await rewrapSubjectKeys(ds, ring, {
      batchSize,
      onBatch: (p) => {
        if (p.batches % 10 === 0) console.log(`  ${p.rewrapped} re-wrapped, ${p.skipped} skipped (changed meanwhile)`);
      },
    });
    const left = [...(await subjectKeysByMasterKey(ds))].filter(([id]) => id !== ring.current.id);
    console.log(
      `${done.rewrapped} re-wrapped, ${done.skipped} skipped, in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        (left.length ? `left under other keys: ${left.map(([id, n]) => `${id} ${n}`).join(', ')}` : '0 left'),
    );
    if (left.length) process.exitCode = 2;
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

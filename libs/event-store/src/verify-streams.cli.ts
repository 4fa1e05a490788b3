import { createDataSource } from '@hilfenetz/persistence';
import { printEventLogVerification } from './verify-event-log.report';
import { verifyEventLog } from './verify-event-log';

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
  let findings = 0;
  try {
    const ids = process.argv.slice(2);
    const v = await verifyEventLog(ds, {
      streamIds: ids,
      trustedPublicKeys: process.env.EVENT_CHECKPOINT_PUBLIC_KEY ?? '',
    });
    printEventLogVerification(v, { wholeLog: ids.length === 0 }, console.log);
    findings = v.findings;
  } finally {
    await ds.destroy();
  }
  process.exit(findings ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});

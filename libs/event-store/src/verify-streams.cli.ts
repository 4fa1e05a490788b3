import { createDataSource } from '@hilfenetz/persistence';
import { verifyStream } from './verify-stream';

/**
 * `npm run events:verify [streamId…]`: checks the hash chain of the given streams, or of all.
 * Exits 1 and names the first bad event of each broken stream.
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
  } finally {
    await ds.destroy();
  }
  process.exit(broken ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});

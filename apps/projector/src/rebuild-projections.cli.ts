import { loadConfig } from '@hilfenetz/config';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { createDataSource } from '@hilfenetz/persistence';
import { ProjectionRunner } from './projection-runner';
import { allProjections } from './projections';

/** `npm run projections:rebuild [name…]`: empties read models and replays the event store into them. */
async function main(): Promise<void> {
  const config = loadConfig();
  const only = process.argv.slice(2);
  const ds = await createDataSource(config.DATABASE_URL, { applicationName: 'hilfenetz-rebuild' }).initialize();
  try {
    const store = new PostgresEventStore(ds);
    for (const p of allProjections().filter((x) => only.length === 0 || only.includes(x.name))) {
      const started = Date.now();
      const n = await new ProjectionRunner(ds, p, store).rebuild();
      const s = (Date.now() - started) / 1000;
      console.log(`${p.name}: ${n} events in ${s.toFixed(1)} s (${Math.round(n / Math.max(s, 0.001))} events/s)`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

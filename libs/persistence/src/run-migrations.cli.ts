import { createDataSource } from './data-source';

/**
 * `npm run migrate`: applies pending migrations as the schema owner (DATABASE_MIGRATION_URL), or
 * as DATABASE_URL where there is only one role.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_MIGRATION_URL or DATABASE_URL must be set');
  const ds = await createDataSource(url, { poolSize: 1, applicationName: 'hilfenetz-migrate' }).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import { createDataSource } from '@hilfenetz/persistence';
import type { DataSource } from 'typeorm';

/** Wipes the test database's schema and runs every migration, as production would. */
export async function resetDatabase(url: string): Promise<void> {
  const ds = await createDataSource(url, { poolSize: 1, applicationName: 'hilfenetz-test-setup' }).initialize();
  try {
    await ds.query('DROP SCHEMA IF EXISTS public CASCADE');
    await ds.query('CREATE SCHEMA public');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

export function openDataSource(url: string, poolSize = 10): Promise<DataSource> {
  return createDataSource(url, { poolSize, applicationName: 'hilfenetz-test' }).initialize();
}

import {
  getPostgreSQLEventStore,
  type PostgresEventStore as EmmettEventStore,
} from '@event-driven-io/emmett-postgresql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { BENCH_DATABASE, type BenchEnv } from './bench-env';

/**
 * Emmett (`@event-driven-io/emmett-postgresql`), the peer the append and read-back benchmarks run
 * beside (issue 16): its PostgreSQL event store on the same Postgres server, in a database of its own
 * (`<bench database>_emmett`, dropped and created fresh for every scenario, owned by the schema
 * owner), its schema made by its own migration before any clock starts.
 */
export const EMMETT_DATABASE = `${BENCH_DATABASE}_emmett`;

/** The installed versions, for the result file. */
export function emmettVersions(): string {
  const v = (pkg: string) => {
    try {
      const file = path.join(path.dirname(require.resolve(pkg)), '..', 'package.json');
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return (
    `@event-driven-io/emmett-postgresql ${v('@event-driven-io/emmett-postgresql')}, ` +
    `@event-driven-io/emmett ${v('@event-driven-io/emmett')}, @event-driven-io/pongo ${v('@event-driven-io/pongo')}`
  );
}

export interface EmmettSide {
  store: EmmettEventStore;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * A fresh Emmett database and store: `getPostgreSQLEventStore(connectionString)` with a pg pool of
 * `poolSize` connections (the same size as hilfenetz's side; Emmett's default pool would be pg's 10).
 * It connects as the schema owner: Emmett creates its own tables and functions.
 */
export async function openEmmett(env: BenchEnv, poolSize: number): Promise<EmmettSide> {
  const ownerName = decodeURIComponent(new URL(env.ownerUrl).username);
  const admin = new Client({ connectionString: env.adminUrl, application_name: 'hilfenetz-bench-setup' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${EMMETT_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${EMMETT_DATABASE} OWNER "${ownerName.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(env.ownerUrl);
  u.pathname = `/${EMMETT_DATABASE}`;
  const connectionString = u.toString();
  const pool = new Pool({ connectionString, max: poolSize, application_name: 'hilfenetz-bench-emmett' });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    store,
    pool,
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

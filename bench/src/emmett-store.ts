import {
  getPostgreSQLEventStore,
  type PostgresEventStore as EmmettEventStore,
} from '@event-driven-io/emmett-postgresql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Pool, types, type CustomTypesConfig } from 'pg';
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

/**
 * Emmett's driver layer (dumbo) replaces node-postgres's parsers for the whole process the first
 * time it connects: int8 as BigInt, json and jsonb through `JSON.parse` with a reviver. Left so,
 * every scenario after the first that opened Emmett (relay, rebuild, read-back) parsed hilfenetz's
 * rows through Emmett's reviver too (`npm run bench` rebuild: readAll alone 78,000 instead of
 * 112,000 events/s). So Emmett's parsers go to Emmett's pool only, and the process keeps pg's own.
 */
const REPLACED_OIDS = [20, 114, 3802] as const;
type TextParser = (value: string) => unknown;
const pgOwnParsers = new Map<number, TextParser>(REPLACED_OIDS.map((oid) => [oid, types.getTypeParser(oid, 'text')]));
const emmettParsers = new Map<number, TextParser>();

/** Takes the parsers Emmett installed globally back out of the process, keeping them for its pool. */
function keepEmmettParsersToEmmett(): void {
  for (const oid of REPLACED_OIDS) {
    const installed = types.getTypeParser(oid, 'text');
    const own = pgOwnParsers.get(oid)!;
    if (installed === own) continue;
    emmettParsers.set(oid, installed);
    types.setTypeParser(oid, own);
  }
}

const emmettTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format !== 'binary' ? emmettParsers.get(oid) : undefined) ??
    types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

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
  const pool = new Pool({
    connectionString,
    max: poolSize,
    application_name: 'hilfenetz-bench-emmett',
    types: emmettTypes,
  });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  await store.schema.migrate();
  keepEmmettParsersToEmmett();
  return {
    store,
    pool,
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

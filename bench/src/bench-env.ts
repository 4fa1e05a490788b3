import { createKafka } from '@hilfenetz/event-bus';
import { createDataSource } from '@hilfenetz/persistence';
import { resetDatabase } from '@hilfenetz/testing';
import type { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The bench database; `BENCH_DATABASE` names another, so that two people benchmarking on one server
 * do not reset each other's database in the middle of a run.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE || 'hilfenetz_bench';
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(BENCH_DATABASE)) {
  throw new Error('BENCH_DATABASE must be a plain lower-case database name');
}

/** Sizes of every scenario; each can be overridden by an environment variable for a quick run. */
export interface BenchSizes {
  /** Events appended per measured append case (split across the writers). */
  appendEvents: number;
  /** Backlog the relay drains, and the raw producer sends. */
  relayEvents: number;
  relayBatchSize: number;
  lagRatePerSec: number;
  lagSeconds: number;
  /** Events in the store for the projection rebuild. */
  rebuildEvents: number;
  /** Baseline and subject alternate in this many rounds (append, relay drain). */
  rounds: number;
  /** Events per case stream when seeding (the relay backlog and the rebuild store). */
  eventsPerStream: number;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function benchSizes(): BenchSizes {
  return {
    appendEvents: intFromEnv('BENCH_APPEND_EVENTS', 10_000),
    relayEvents: intFromEnv('BENCH_RELAY_EVENTS', 100_000),
    relayBatchSize: intFromEnv('BENCH_RELAY_BATCH', 500),
    lagRatePerSec: intFromEnv('BENCH_LAG_RATE', 200),
    lagSeconds: intFromEnv('BENCH_LAG_SECONDS', 20),
    rebuildEvents: intFromEnv('BENCH_EVENTS', 1_000_000),
    eventsPerStream: intFromEnv('BENCH_EVENTS_PER_STREAM', 100),
    rounds: intFromEnv('BENCH_ROUNDS', 5),
  };
}

/** Where the benchmarks run: their own database on the shared server, their own topic prefix. */
export interface BenchEnv {
  /** What the measured code connects as: the apps' role. */
  databaseUrl: string;
  /** The schema owner: resets, migrates and seeds the bench database. */
  ownerUrl: string;
  /** A superuser on the same server, only to create the bench database. */
  adminUrl: string;
  brokers: string[];
  /** `bench-<random>-`: every topic and consumer group of this run starts with it and is deleted at the end. */
  topicPrefix: string;
  kafka: Kafka;
}

export function benchEnv(): BenchEnv {
  const appUrl = process.env.DATABASE_URL;
  if (!appUrl) throw new Error('DATABASE_URL is not set: run through `npm run bench` (it starts the local stack)');
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run through `npm run bench`');
  const databaseUrl = withDatabase(appUrl, BENCH_DATABASE);
  const ownerUrl = withDatabase(process.env.DATABASE_MIGRATION_URL || appUrl, BENCH_DATABASE);
  const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/postgres';
  const topicPrefix = `bench-${randomBytes(4).toString('hex')}-`;
  return {
    databaseUrl,
    ownerUrl,
    adminUrl,
    brokers,
    topicPrefix,
    kafka: createKafka({ brokers, clientId: 'hilfenetz-bench' }),
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates the bench database if it does not exist yet, owned by the schema owner (the role of
 * DATABASE_MIGRATION_URL, or of DATABASE_URL where there is only one role).
 */
export async function ensureBenchDatabase(env: BenchEnv): Promise<void> {
  const owner = `"${decodeURIComponent(new URL(env.ownerUrl).username).replace(/"/g, '""')}"`;
  const admin = new Client({ connectionString: env.adminUrl, application_name: 'hilfenetz-bench-setup' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [BENCH_DATABASE],
    );
    if (rows.length > 0 && `"${rows[0]!.owner}"` !== owner) {
      // Made by another role before (its schema and tables are not ours to reset): start over.
      await admin.query(`DROP DATABASE ${BENCH_DATABASE} WITH (FORCE)`);
    }
    if (rows.length === 0 || `"${rows[0]!.owner}"` !== owner) {
      await admin.query(`CREATE DATABASE ${BENCH_DATABASE} OWNER ${owner}`);
    }
  } finally {
    await admin.end();
  }
}

/** Empties the bench database and runs every migration as the owner: each scenario starts fresh. */
export async function freshSchema(env: BenchEnv): Promise<void> {
  await resetDatabase(env.ownerUrl);
}

/** A pool as the apps' role (what is measured), or as the owner (seeding, DDL, VACUUM). */
export function openBenchDataSource(
  env: BenchEnv,
  opts: { poolSize: number; applicationName: string; asOwner?: boolean },
): Promise<DataSource> {
  return createDataSource(opts.asOwner ? env.ownerUrl : env.databaseUrl, {
    poolSize: opts.poolSize,
    applicationName: opts.applicationName,
  }).initialize();
}

/** Deletes every topic (and consumer group) this run created. */
export async function deleteBenchTopics(env: BenchEnv): Promise<string[]> {
  const admin = env.kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(env.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(env.topicPrefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    return topics;
  } finally {
    await admin.disconnect();
  }
}

/** The settings a reader needs to judge the figures, recorded with every result file. */
export async function describeServers(env: BenchEnv): Promise<Record<string, string>> {
  const c = new Client({ connectionString: env.databaseUrl, application_name: 'hilfenetz-bench-setup' });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
       WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level')`,
    );
    const out: Record<string, string> = {};
    for (const r of rows) out[`postgres.${r.name}`] = r.unit ? `${r.setting} × ${r.unit}` : r.setting;
    const admin = env.kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      out['kafka.brokers'] = String(cluster.brokers.length);
    } finally {
      await admin.disconnect();
    }
    return out;
  } finally {
    await c.end();
  }
}

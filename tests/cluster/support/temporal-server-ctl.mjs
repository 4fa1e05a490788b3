#!/usr/bin/env node
// @ts-check
/**
 * Starts and stops the cluster test's own Temporal server (infra/cluster/lib/temporal-server.mjs)
 * from jest, which runs our TypeScript as CommonJS and cannot import the ES module directly.
 *
 *   node tests/cluster/support/temporal-server-ctl.mjs start   # last line: TEMPORAL_SERVER_JSON=<env>
 *   node tests/cluster/support/temporal-server-ctl.mjs stop
 *
 * Its own data directory (var/cluster/temporal-test), databases (temporal_test, _visibility) and
 * free ports, so it never meets the Temporal server of `npm run cluster:up`. The Postgres is the dev
 * stack's: DATABASE_ADMIN_URL (as `npm test` sets it), else the superuser of this checkout's stack.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordedPorts } from '../../../infra/dev/lib/ports.mjs';
import { portOpen } from '../../../infra/dev/lib/util.mjs';
import {
  startTemporalServer,
  stopTemporalServer,
  temporalServerPorts,
  temporalServerStatus,
} from '../../../infra/cluster/lib/temporal-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cacheDir =
  process.env.HILFENETZ_CACHE_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz');

function adminUrl() {
  if (process.env.DATABASE_ADMIN_URL) return process.env.DATABASE_ADMIN_URL;
  const recorded = recordedPorts({ RUN_DIR: path.join(ROOT, 'var', 'run') });
  if (!recorded) throw new Error('no DATABASE_ADMIN_URL and no running dev stack (npm run stack:up)');
  // The stack's superuser (infra/dev/lib/postgres.mjs).
  return `postgres://postgres:postgres@127.0.0.1:${recorded.ports.postgres}/postgres`;
}

/** Nine consecutive free ports, above the dev stack's and the cluster's port sets. */
async function freePorts() {
  for (let base = 27233; base < 28233; base += 10) {
    const ports = temporalServerPorts(base);
    const taken = await Promise.all(Object.values(ports).map((p) => portOpen(p)));
    if (!taken.some(Boolean)) return ports;
  }
  throw new Error('no nine free consecutive ports in 27233…28232');
}

const base = { cacheDir, dataDir: path.join(ROOT, 'var', 'cluster', 'temporal-test'), database: 'temporal_test' };
const command = process.argv[2];
if (command === 'start') {
  // A server left by an interrupted run is ours: stopped, so this start has the ports it chose.
  await stopTemporalServer({ ...base, adminUrl: '', ports: temporalServerPorts(0) });
  const ports = await freePorts();
  const started = await startTemporalServer({ ...base, adminUrl: adminUrl(), ports, timeoutMs: 180_000 });
  console.log(
    `TEMPORAL_SERVER_JSON=${JSON.stringify({ ...started.env, ports, status: temporalServerStatus({ ...base, adminUrl: '', ports }) })}`,
  );
} else if (command === 'stop') {
  await stopTemporalServer({ ...base, adminUrl: '', ports: temporalServerPorts(0) });
} else {
  console.error('usage: temporal-server-ctl.mjs start|stop');
  process.exit(2);
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { clusterCommand, isAlive, SHAPE_DIR, SHAPE_FILE, type ClusterShape } from './cluster-shape';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/**
 * A block of 30 free ports (cluster.mjs uses base … base + 28), off the dev, prod and cluster:up
 * sets, below 32768: Temporal stores its membership ports as a Postgres smallint.
 */
async function freeBase(): Promise<number> {
  for (let base = 31000; base + 30 < 32768; base += 100) {
    const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => portOpen(base + i)));
    if (!taken.some(Boolean)) return base;
  }
  throw new Error('no 30 free consecutive ports in 31000…32767');
}

/**
 * Starts the cluster shape once for the `cluster` project (npm run test:cluster): build, TLS on
 * the stack's Postgres, a fresh database, the project's own Temporal server (database
 * temporal_cluster_test), the three brokers, two of every app, Caddy. A fresh key, topic prefix and
 * task queue per run, so nothing an earlier run left (encrypted under another key) reaches these apps.
 */
export default async function globalSetup(): Promise<void> {
  // HILFENETZ_KEEP_CLUSTER=1 (while writing tests): the teardown leaves the shape running and the
  // next run reuses it while all its processes live.
  if (process.env.HILFENETZ_KEEP_CLUSTER && fs.existsSync(SHAPE_FILE)) {
    const kept = JSON.parse(fs.readFileSync(SHAPE_FILE, 'utf8')) as ClusterShape;
    if (kept.processes.every((p) => isAlive(p.pid))) return;
  }
  // What an interrupted run left (its processes hold the ports it chose): stopped first.
  clusterCommand(['down'], 3 * 60_000);
  const run = randomBytes(3).toString('hex');
  const testDb = new URL(process.env.DATABASE_URL ?? 'postgres://x/hilfenetz_test').pathname.slice(1);
  const t0 = Date.now();
  let shape: ClusterShape;
  try {
    shape = clusterCommand([
      'up',
      '--base-port',
      String(await freeBase()),
      '--database',
      `${testDb}_cluster`,
      '--temporal-database',
      'temporal_cluster_test',
      '--topic-prefix',
      `hilfenetz.clt-${run}.`,
      '--task-queue',
      `hilfenetz-clt-${run}`,
      '--fresh',
      // The broker-kill test runs 20 crises a second from one caseworker's account for a minute:
      // the load of many caseworkers, which the per-user write limit (60 a minute) would refuse.
      '--set',
      'API_WRITE_RATE_LIMIT=100000',
    ]) as ClusterShape;
  } catch (err) {
    // Jest runs no teardown after a failed set-up: what did start (the Temporal server, the
    // brokers) would keep running and hold their ports for the next run, which then reached a
    // server with another run's certificates.
    clusterCommand(['down'], 3 * 60_000);
    throw err;
  }
  fs.mkdirSync(SHAPE_DIR, { recursive: true });
  fs.writeFileSync(SHAPE_FILE, JSON.stringify(shape, null, 2));
  process.stdout.write(
    `\n[cluster] shape up in ${((Date.now() - t0) / 1000).toFixed(0)} s (servers ${(shape.ms.servers / 1000).toFixed(0)} s, apps ${(shape.ms.apps / 1000).toFixed(0)} s): ${shape.url}\n`,
  );
}

import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// infra/deploy is the operators' folder, not a package; the tests go through the client it offers.
import { httpsRequest } from '../../../infra/deploy/production-shape';

/**
 * The cluster shape the `cluster` jest project runs against (infra/cluster/cluster.mjs): started
 * once by cluster-global-setup.ts on free ports, its own state folder, database, Temporal server,
 * topic prefix and task queue, so it never meets a `npm run cluster:up` of the same checkout.
 */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHAPE_DIR = path.join(ROOT, 'var', 'cluster-shape-test');
export const SHAPE_FILE = path.join(SHAPE_DIR, 'cluster.json');
/**
 * The shape's three brokers: their own folder and ports, apart from the Kafka cluster test's
 * (29592…), whose broker kill would otherwise hit the shape's apps. (Sharing them was tried: half
 * the broker JVMs, but that test then lost and duplicated a message once; see infra/deploy/README.md.)
 */
export const KAFKA_DIR = path.join(SHAPE_DIR, 'kafka');
export const KAFKA_BASE_PORT = process.env.HILFENETZ_CLUSTER_SHAPE_TEST_KAFKA_PORT ?? '29692';
const CLUSTER = path.join(ROOT, 'infra', 'cluster', 'cluster.mjs');

export interface ShapeProcess {
  name: string;
  app: string;
  pid: number;
  logFile: string;
  port?: number;
}

/** What `cluster.mjs up --json` prints. */
export interface ClusterShape {
  url: string;
  apiUrl: string;
  caCertificateFile: string;
  processes: ShapeProcess[];
  databaseUrl: string;
  databaseMigrationUrl: string;
  postgresCaFile: string | null;
  issuer: string;
  temporal: Record<string, string> & { TEMPORAL_ADDRESS: string; TEMPORAL_TASK_QUEUE: string };
  kafka: Record<string, string> & { KAFKA_TOPIC_PREFIX: string; adminEnv: Record<string, string> } & Record<
      string,
      unknown
    >;
  ms: { total: number; servers: number; apps: number };
}

/**
 * Runs cluster.mjs with the test shape's folders; returns its CLUSTER_JSON answer. The default time
 * allows a first run on a fresh machine, which builds the Temporal server (about 9½ minutes).
 */
export function clusterCommand(args: string[], timeoutMs = 20 * 60_000): unknown {
  const r = spawnSync(
    process.execPath,
    [CLUSTER, ...args, '--dir', SHAPE_DIR, '--kafka-dir', KAFKA_DIR, '--kafka-base-port', KAFKA_BASE_PORT, '--json'],
    { cwd: ROOT, env: process.env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('CLUSTER_JSON='));
  if (r.status !== 0 || !line) {
    throw new Error(`cluster.mjs ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return JSON.parse(line.slice('CLUSTER_JSON='.length));
}

export function readShape(): ClusterShape {
  if (!fs.existsSync(SHAPE_FILE)) throw new Error(`${SHAPE_FILE} is missing: run through npm run test:cluster`);
  return JSON.parse(fs.readFileSync(SHAPE_FILE, 'utf8')) as ClusterShape;
}

/** A JSON call through the proxy over HTTPS, trusting only the shape's CA. */
export async function callApi(
  shape: ClusterShape,
  method: string,
  route: string,
  bearer: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string; json: <T>() => T }> {
  const res = await httpsRequest(`${shape.apiUrl}${route}`, fs.readFileSync(shape.caCertificateFile), {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extra,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.body, json: <T>() => JSON.parse(res.body) as T };
}

/** Whether a process runs: a killed one whose parent has not reaped it yet (a zombie) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) state …"; Z is a zombie, X dead.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** A running process's environment, as its supervisor started it. */
export function environmentOf(pid: number): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** Starts the built app of `instance` with `env`, detached, its pid where cluster.mjs down finds it. */
function startInstance(shape: ClusterShape, instance: ShapeProcess, env: Record<string, string>): ClusterShape {
  if (instance.port !== undefined) env.API_PORT = String(instance.port);
  const out = fs.openSync(instance.logFile, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', instance.app, 'src', 'main.js')], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(path.join(SHAPE_DIR, 'apps', 'run', `${instance.name}.pid`), String(child.pid));
  const next = {
    ...shape,
    processes: shape.processes.map((p) => (p.name === instance.name ? { ...p, pid: child.pid! } : p)),
  };
  fs.writeFileSync(SHAPE_FILE, JSON.stringify(next, null, 2));
  return next;
}

/**
 * Starts a killed instance again as its supervisor (systemd, Kubernetes) would: the same built app
 * with the environment of a living sibling (its own API port for an API). Returns the shape with
 * the new pid (also written to the shape file).
 */
export function restartInstance(shape: ClusterShape, dead: ShapeProcess): ClusterShape {
  const sibling = shape.processes.find((p) => p.app === dead.app && p.name !== dead.name && isAlive(p.pid));
  if (!sibling) throw new Error(`no living ${dead.app} to copy the environment from`);
  return startInstance(shape, dead, environmentOf(sibling.pid));
}

/** What each app logs once it serves (the API), polls (a worker) or consumes (a projector). */
const READY_LINE: Record<string, string> = {
  api: 'api listening on',
  worker: 'worker polling',
  projector: 'projector running',
};

/**
 * A rolling restart of one instance with a changed environment, as an operator rolls a new secret:
 * SIGTERM (SIGKILL after 30 s), then the same app with `change(its environment)`, awaited until it
 * logs that it is ready. Returns the shape with the new pid.
 */
export async function rollInstance(
  shape: ClusterShape,
  instance: ShapeProcess,
  change: (env: Record<string, string>) => Record<string, string>,
): Promise<ClusterShape> {
  const env = change(environmentOf(instance.pid));
  process.kill(instance.pid, 'SIGTERM');
  const killAt = Date.now() + 30_000;
  while (isAlive(instance.pid)) {
    if (Date.now() > killAt) process.kill(instance.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  const from = fs.statSync(instance.logFile).size;
  const next = startInstance(shape, instance, env);
  const ready = READY_LINE[instance.app];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const fd = fs.openSync(instance.logFile, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - from));
    fs.readSync(fd, buf, 0, buf.length, from);
    fs.closeSync(fd);
    if (ready === undefined || buf.toString('utf8').includes(ready)) return next;
    const pid = next.processes.find((p) => p.name === instance.name)!.pid;
    if (!isAlive(pid)) throw new Error(`${instance.name} exited after the roll:\n${buf.toString('utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      // Not left running: the caller's shape still names the old pid, and restartDeadApps would
      // start a second one beside it (an orphaned projector once held the relay lock that way).
      process.kill(pid, 'SIGKILL');
      throw new Error(`${instance.name} not ready 90 s after the roll`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The shape's database as the superuser (sees every session and lock), over TLS like the apps. */
export function adminDatabaseUrl(shape: ClusterShape): string {
  const url = new URL(process.env.DATABASE_ADMIN_URL ?? '');
  if (!url.password) throw new Error('DATABASE_ADMIN_URL is not set: run through npm run test:cluster');
  const app = new URL(shape.databaseUrl);
  url.pathname = app.pathname;
  url.search = app.search;
  return url.toString();
}

/**
 * Starts every API, worker and projector instance that is not running, as their supervisor would,
 * so the next test meets the whole shape. Returns the shape with the new pids.
 */
export function restartDeadApps(shape: ClusterShape): ClusterShape {
  let next = shape;
  for (const p of shape.processes.filter((x) => ['api', 'worker', 'projector'].includes(x.app))) {
    if (!isAlive(p.pid)) next = restartInstance(next, p);
  }
  return next;
}

/**
 * Registers a case as the caseworker, as a careful client does (withRetries: a 429 waits out its
 * Retry-After, a 502/503 is sent again); returns its reference and the id scoped by the office.
 * `failures` collects the answers that were sent again.
 */
export async function registerCase(
  shape: ClusterShape,
  caseworker: string,
  prefix: string,
  youngPerson = { givenName: 'Lea', familyName: 'Brandt', dateOfBirth: '2012-06-01', address: 'Auweg 1, Lindenau' },
  failures: string[] = [],
): Promise<{ ref: string; caseId: string }> {
  const ref = `${prefix}-${randomUUID().slice(0, 8)}`;
  const res = await withRetries(
    () => callApi(shape, 'POST', '/cases', caseworker, { caseId: ref, youngPerson }),
    failures,
  );
  if (res.status !== 201) throw new Error(`registering ${ref}: ${res.status} ${res.body}`);
  return { ref, caseId: (JSON.parse(res.body) as { caseId: string }).caseId };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A request through the proxy as a careful client sends it: repeated (same Idempotency-Key) on a
 * network error or a 502/503 of a restart or an overloaded engine, and after the Retry-After of
 * the per-user write limit (429) or of the API's 503 (the engine did not answer in time): a client
 * that came back at once would only add to the load that made it wait. Gives up after
 * `patienceMs` (90 s unless said otherwise).
 */
export async function withRetries(
  send: () => Promise<{ status: number; body: string }>,
  failures: string[],
  { patienceMs = 90_000 }: { patienceMs?: number } = {},
): Promise<{ status: number; body: string; retried: boolean }> {
  const deadline = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    let waitMs = 250;
    try {
      const res = await send();
      if (res.status !== 502 && res.status !== 503 && res.status !== 429) {
        return { status: res.status, body: res.body, retried: attempt > 1 };
      }
      failures.push(`HTTP ${res.status}`);
      // The API's problem says when to come back (a 502/503 of the proxy itself carries none).
      const retryAfter = retryAfterSecondsOf(res.body);
      if (retryAfter !== null) waitMs = retryAfter * 1000;
      else if (res.status === 429) waitMs = 5_000;
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
    if (Date.now() + waitMs > deadline) {
      throw new Error(`no answer within ${patienceMs / 1000} s: ${failures.slice(-5).join('; ')}`);
    }
    await sleep(waitMs);
  }
}

function retryAfterSecondsOf(body: string): number | null {
  try {
    const v = (JSON.parse(body) as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

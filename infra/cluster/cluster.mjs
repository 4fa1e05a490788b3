#!/usr/bin/env node
// @ts-check
/**
 * `npm run cluster:up` / `cluster:down` / `cluster:status`: the cluster shape of issue 15 on one
 * machine, data under var/cluster/.
 *
 *   Postgres   the dev stack's (started like `npm run stack:up` when down), TLS switched on with a
 *              certificate from a local CA; the apps connect with sslmode=verify-full
 *   Temporal   the real server (lib/temporal-server.mjs): Postgres persistence, mTLS
 *   Kafka      three KRaft brokers (lib/kafka-cluster.mjs): SASL_SSL/SCRAM-SHA-512, RF 3, min.insync 2
 *   Keycloak   the dev stack's, as `npm run prod:up` uses it
 *   apps       the build (dist/), two APIs, two workers, two projectors, in production mode, behind
 *              Caddy with TLS balancing over both APIs (infra/deploy/production-shape.ts, replicas 2)
 *
 *   node infra/cluster/cluster.mjs up|down|status [options]
 *     --dir <dir>              state of this cluster (default var/cluster): apps/, temporal/, kafka/
 *     --base-port <port>       HTTPS; APIs +10 +11, SMS gateway +12, Temporal +20…+28
 *                              (default 9443 + 100 per port set of the checkout)
 *     --kafka-dir <dir>        the brokers' data (default <dir>/kafka)
 *     --kafka-base-port <port> clients, replication, controllers: nine ports (default 29092 + 100 per set)
 *     --database <name>        the apps' database (default hilfenetz_cluster)
 *     --temporal-database <n>  Temporal's (default temporal; visibility <n>_visibility)
 *     --topic-prefix <p>       KAFKA_TOPIC_PREFIX (must start with "hilfenetz." or be empty)
 *     --task-queue <q>         TEMPORAL_TASK_QUEUE
 *     --set KEY=VALUE          an app setting the shape does not set itself (libs/config), e.g.
 *                              API_WRITE_RATE_LIMIT=100000 for a load test; repeatable
 *     --fresh                  drop and recreate the apps' database and make a new master key (tests)
 *     --json                   last line CLUSTER_JSON=<what runs where> (tests read it)
 *
 * Plain Node like the dev stack's manager; the apps are started by production-shape.ts (run with
 * @swc-node), the servers by the two libraries beside this file.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, readPid, stopPidFile } from '../dev/lib/processes.mjs';
import { recordedPorts } from '../dev/lib/ports.mjs';
import { isRoot, postgresPaths, userIds } from '../dev/lib/locations.mjs';
import { postgresRunning } from '../dev/lib/postgres.mjs';
import { checkpointPublicKey } from '../dev/lib/checkpoint-key.mjs';
import { portOpen } from '../dev/lib/util.mjs';
import {
  startTemporalServer,
  stopTemporalServer,
  temporalServerPorts,
  temporalServerStatus,
} from './lib/temporal-server.mjs';
import { kafkaClusterPorts, kafkaClusterStatus, startKafkaCluster, stopKafkaCluster } from './lib/kafka-cluster.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VAR = path.join(ROOT, 'var');
const CACHE_DIR =
  process.env.HILFENETZ_CACHE_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz');
const HOST = '127.0.0.1';
const REPLICAS = 2;
/** The dev stack's roles (infra/dev/lib/postgres.mjs). */
const ROLES = {
  admin: ['postgres', 'postgres'],
  owner: ['hilfenetz', 'hilfenetz'],
  app: ['hilfenetz_app', 'hilfenetz_app'],
};

const argv = process.argv.slice(2);
const command = argv[0];
/** @param {string} name */
const opt = (name) => {
  const i = argv.indexOf(name);
  return i > 0 ? argv[i + 1] : undefined;
};
const json = argv.includes('--json');
/** Progress to stderr with --json (stdout is the answer), else to stdout. @param {string} msg */
const say = (msg) => (json ? console.error : console.log)(`[cluster] ${msg}`);
/** @param {string} msg @returns {never} */
function die(msg) {
  console.error(`\n[cluster] ✗ ${msg}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Where everything is

const slot = recordedPorts({ RUN_DIR: path.join(VAR, 'run') })?.slot ?? 0;
const DIR = path.resolve(opt('--dir') ?? path.join(VAR, 'cluster'));
const BASE = Number(opt('--base-port') ?? 9443 + 100 * slot);
const KAFKA_DIR = path.resolve(opt('--kafka-dir') ?? path.join(DIR, 'kafka'));
const kafkaBase = opt('--kafka-base-port');
const KAFKA_PORTS = kafkaBase
  ? (() => {
      const b = Number(kafkaBase);
      return { client: [b, b + 1, b + 2], broker: [b + 3, b + 4, b + 5], controller: [b + 6, b + 7, b + 8] };
    })()
  : kafkaClusterPorts(slot);
const DATABASE = opt('--database') ?? 'hilfenetz_cluster';
const TEMPORAL_DATABASE = opt('--temporal-database') ?? 'temporal';
const TOPIC_PREFIX = opt('--topic-prefix') ?? '';
const TASK_QUEUE = opt('--task-queue');
for (const [name, v] of [
  ['--database', DATABASE],
  ['--temporal-database', TEMPORAL_DATABASE],
]) {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(v)) die(`${name} must be a plain lower-case name`);
}
/** `--set KEY=VALUE` pairs, in order (checked against the shape's own settings where the apps start). */
const SETTINGS = argv
  .flatMap((a, i) => (a === '--set' && argv[i + 1] ? [argv[i + 1]] : []))
  .map((pair) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/s.exec(pair);
    if (!m) die(`--set ${pair}: expected KEY=VALUE with an upper-case KEY`);
    return /** @type {[string, string]} */ ([m[1], m[2]]);
  });
if (TOPIC_PREFIX && !/^hilfenetz\.[a-z0-9._-]*$/.test(TOPIC_PREFIX)) {
  die('--topic-prefix must start with "hilfenetz." (the app user may use only those topics)');
}

const APPS_DIR = path.join(DIR, 'apps');
const SHAPE_PORTS = { https: BASE, api: [BASE + 10, BASE + 11], smsGateway: BASE + 12 };
const TEMPORAL = {
  cacheDir: CACHE_DIR,
  dataDir: path.join(DIR, 'temporal'),
  database: TEMPORAL_DATABASE,
  ports: temporalServerPorts(BASE + 20),
};
const KAFKA = { ctx: { ROOT, CACHE_DIR }, dir: KAFKA_DIR, ports: KAFKA_PORTS, log: say };
/** The dev stack's Postgres of this checkout (its data folder, for the TLS files). */
const PG_CTX = { ROOT, VAR, LOG_DIR: path.join(VAR, 'log'), RUN_DIR: path.join(VAR, 'run') };
const PG_TLS_DIR = path.join(VAR, 'postgres-tls');

// ---------------------------------------------------------------------------------------------
// The dev stack's servers: Postgres, Keycloak, Mailpit

/**
 * The stack's addresses. Under `npm test` (test:cluster) they are in the environment; otherwise the
 * stack is started like `npm run stack:up` does (it reuses what runs) and its recorded ports used.
 */
function devStack() {
  const env = process.env;
  if (env.DATABASE_ADMIN_URL && env.KEYCLOAK_ISSUER) {
    const pg = new URL(env.DATABASE_ADMIN_URL);
    return { pgPort: Number(pg.port), issuer: env.KEYCLOAK_ISSUER, smtp: env.SMTP_URL };
  }
  say('the dev stack (Postgres, Keycloak, Mailpit): npm run stack:up …');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'infra/dev/hilfenetz-dev.mjs'), 'up'], {
    cwd: ROOT,
    stdio: ['ignore', json ? 2 : 'inherit', 'inherit'],
    // Not the cluster's variables: the stack starts its own servers.
    env: Object.fromEntries(
      Object.entries(env).filter(([k]) => !/^(DATABASE_|TEMPORAL_|KAFKA_|OIDC_ISSUER|SMTP_URL)/.test(k)),
    ),
  });
  if (r.status !== 0) die('npm run stack:up failed (see above)');
  const ports = recordedPorts({ RUN_DIR: path.join(VAR, 'run') })?.ports;
  if (!ports) die('the dev stack recorded no ports (var/run/ports.json)');
  return {
    pgPort: ports.postgres,
    issuer: `http://${HOST}:${ports.keycloak}/realms/hilfenetz`,
    smtp: `smtp://${HOST}:${ports.smtp}`,
  };
}

/** @param {number} port @param {keyof typeof ROLES} role @param {string} db @param {string} [query] */
function pgUrl(port, role, db, query = '') {
  const [user, password] = ROLES[role];
  return `postgres://${user}:${password}@${HOST}:${port}/${db}${query}`;
}

/** @param {number} port @param {string} sql @param {string} [db] */
function psql(port, sql, db = 'postgres') {
  const r = spawnSync('psql', ['-d', pgUrl(port, 'admin', db), '-v', 'ON_ERROR_STOP=1', '-tAc', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  if (r.status !== 0) die(`psql (${sql.slice(0, 60)}…) failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/** @param {string[]} args @param {string} cwd */
function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) die(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/**
 * TLS on the dev stack's Postgres, for the apps' sslmode=verify-full: a local CA in var/postgres-tls
 * (the file clients trust), and a server certificate for 127.0.0.1 and localhost signed by it,
 * placed in the server's data folder as server.crt/server.key (Postgres's default names, so the
 * files live and go with the cluster: no setting points outside it). `ssl` is switched on with
 * ALTER SYSTEM and a reload; connections without TLS stay allowed (the dev stack's apps and
 * tests use them), so nothing of the dev stack changes. Returns the CA file, or null when this
 * checkout does not run the Postgres (an external DATABASE_URL): then no TLS.
 * @param {number} pgPort
 */
function ensurePostgresTls(pgPort) {
  if (!postgresRunning(PG_CTX)) return null;
  const { dataDir } = postgresPaths(PG_CTX);
  fs.mkdirSync(PG_TLS_DIR, { recursive: true, mode: 0o700 });
  const ca = path.join(PG_TLS_DIR, 'ca.crt');
  const valid = (/** @type {string} */ f) =>
    fs.existsSync(f) &&
    spawnSync('openssl', ['x509', '-in', f, '-noout', '-checkend', String(30 * 86400)]).status === 0;
  let renewed = false;
  if (!valid(ca) || !fs.existsSync(path.join(PG_TLS_DIR, 'ca.key'))) {
    say(`making the Postgres CA in ${path.relative(ROOT, PG_TLS_DIR)}`);
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], PG_TLS_DIR);
    fs.chmodSync(path.join(PG_TLS_DIR, 'ca.key'), 0o600);
    openssl(
      [
        'req',
        '-x509',
        '-new',
        '-key',
        'ca.key',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        '/O=hilfenetz/CN=hilfenetz Postgres CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-out',
        'ca.crt',
      ],
      PG_TLS_DIR,
    );
    renewed = true;
  }
  const serverCrt = path.join(dataDir, 'server.crt');
  const signedByCa = () =>
    spawnSync('openssl', ['verify', '-CAfile', ca, serverCrt], { encoding: 'utf8' }).status === 0;
  if (renewed || !valid(serverCrt) || !signedByCa()) {
    say('issuing the Postgres server certificate (127.0.0.1, localhost)');
    fs.writeFileSync(
      path.join(PG_TLS_DIR, 'server.ext'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '',
      ].join('\n'),
    );
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'server.key'], PG_TLS_DIR);
    openssl(
      ['req', '-new', '-key', 'server.key', '-subj', '/O=hilfenetz/CN=postgres', '-out', 'server.csr'],
      PG_TLS_DIR,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '397',
        '-sha256',
        '-extfile',
        'server.ext',
        '-out',
        'server.crt',
      ],
      PG_TLS_DIR,
    );
    for (const f of ['server.crt', 'server.key']) {
      const to = path.join(dataDir, f);
      fs.copyFileSync(path.join(PG_TLS_DIR, f), to);
      fs.chmodSync(to, 0o600);
      const ids = isRoot() ? userIds('postgres') : null;
      if (ids) fs.chownSync(to, ids.uid, ids.gid);
    }
    // The key stays only in the data folder.
    for (const f of ['server.key', 'server.csr', 'server.ext']) fs.rmSync(path.join(PG_TLS_DIR, f), { force: true });
    if (psql(pgPort, 'SHOW ssl') === 'on') psql(pgPort, 'SELECT pg_reload_conf()');
  }
  if (psql(pgPort, 'SHOW ssl') !== 'on') {
    say('switching TLS on in the dev stack’s Postgres (ALTER SYSTEM SET ssl = on; plain connections stay allowed)');
    psql(pgPort, `ALTER SYSTEM SET ssl = 'on'`);
    psql(pgPort, 'SELECT pg_reload_conf()');
    const deadline = Date.now() + 10_000;
    while (psql(pgPort, 'SHOW ssl') !== 'on') {
      if (Date.now() > deadline) die(`Postgres did not switch TLS on; see its log (${postgresPaths(PG_CTX).logFile})`);
      spawnSync('sleep', ['0.2']);
    }
  }
  return ca;
}

// ---------------------------------------------------------------------------------------------
// Secrets of the apps, made once per cluster directory

/** @param {string} name @param {() => string} make */
function secret(name, make) {
  const file = path.join(APPS_DIR, 'secrets', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  }
  return { file, value: fs.readFileSync(file, 'utf8').trim() };
}

/** A base environment without the caller's servers and secrets: the apps get only what is set below. */
function baseEnv() {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])));
}

/** @param {string} script @param {NodeJS.ProcessEnv} env @param {string} what */
function runBuilt(script, env, what) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', script)], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) die(`${what} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

// ---------------------------------------------------------------------------------------------
// Commands

/** The apps' pid files under apps/run: name → pid (alive only). */
function runningApps() {
  const runDir = path.join(APPS_DIR, 'run');
  if (!fs.existsSync(runDir)) return {};
  /** @type {Record<string, number>} */
  const out = {};
  for (const f of fs.readdirSync(runDir).filter((x) => x.endsWith('.pid'))) {
    const pid = readPid(path.join(runDir, f));
    if (pid && isAlive(pid)) out[f.slice(0, -4)] = pid;
  }
  return out;
}

async function stopApps() {
  const runDir = path.join(APPS_DIR, 'run');
  if (!fs.existsSync(runDir)) return [];
  const names = fs.readdirSync(runDir).filter((x) => x.endsWith('.pid'));
  // Each app leads its own process group (started detached): stopPidFile signals the group.
  await Promise.all(names.map((f) => stopPidFile(path.join(runDir, f), f.slice(0, -4))));
  return names.map((f) => f.slice(0, -4));
}

async function up() {
  const t0 = Date.now();
  const stack = devStack();
  if (Object.keys(runningApps()).length) {
    say('apps of this cluster run already: restarting them');
    await stopApps();
  }
  for (const [name, port] of [
    ['HTTPS', SHAPE_PORTS.https],
    ['API 1', SHAPE_PORTS.api[0]],
    ['API 2', SHAPE_PORTS.api[1]],
    ['SMS gateway', SHAPE_PORTS.smsGateway],
  ]) {
    if (await portOpen(/** @type {number} */ (port))) die(`port ${port} (${name}) is taken; nothing was started`);
  }

  // Postgres: TLS, the apps' database, migrations (as the schema owner, by the built CLI).
  const caFile = ensurePostgresTls(stack.pgPort);
  const tlsQuery = caFile ? `?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}` : '';
  if (argv.includes('--fresh') && psql(stack.pgPort, `SELECT 1 FROM pg_database WHERE datname='${DATABASE}'`) === '1') {
    say(`dropping database ${DATABASE} (--fresh)`);
    psql(stack.pgPort, `DROP DATABASE ${DATABASE} WITH (FORCE)`);
  }
  if (psql(stack.pgPort, `SELECT 1 FROM pg_database WHERE datname='${DATABASE}'`) !== '1') {
    say(`creating database ${DATABASE}`);
    psql(stack.pgPort, `CREATE DATABASE ${DATABASE} OWNER ${ROLES.owner[0]}`);
  }

  // The build: the apps, the workflow bundle, the web app for this issuer.
  say('building (npm run build) …');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'infra/deploy/build.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', json ? 2 : 'inherit', 'inherit'],
    env: { ...process.env, HILFENETZ_OIDC_ISSUER: stack.issuer },
  });
  if (build.status !== 0) die('the build failed');
  runBuilt(
    'node_modules/@hilfenetz/persistence/src/run-migrations.cli.js',
    { ...baseEnv(), DATABASE_MIGRATION_URL: pgUrl(stack.pgPort, 'owner', DATABASE, tlsQuery) },
    'migrations',
  );

  // Temporal and Kafka side by side (each a minute or so cold).
  const tServers = Date.now();
  const [temporal, kafka] = await Promise.all([
    startTemporalServer({
      ...TEMPORAL,
      adminUrl: pgUrl(stack.pgPort, 'admin', 'postgres'),
      ...(caFile ? { postgresCaFile: caFile } : {}),
      timeoutMs: 180_000,
    }),
    startKafkaCluster(KAFKA),
  ]);
  const serversMs = Date.now() - tServers;
  const kafkaEnv = { ...kafka.env, KAFKA_TOPIC_PREFIX: TOPIC_PREFIX };
  // Right after the brokers register, metadata may still miss a new topic's partitions for a
  // moment (UNKNOWN_TOPIC_OR_PARTITION): ensure-topics is idempotent, so it is simply run again.
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist/node_modules/@hilfenetz/event-bus/src/ensure-topics.cli.js')],
      { cwd: ROOT, env: { ...baseEnv(), ...kafkaEnv }, encoding: 'utf8' },
    );
    if (r.status === 0) {
      say(`${r.stdout.trim()} (replication factor 3)`);
      break;
    }
    if (attempt >= 10) die(`creating the topics failed:\n${r.stdout}\n${r.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  // The apps: two of each, production mode, behind Caddy.
  if (argv.includes('--fresh')) fs.rmSync(path.join(APPS_DIR, 'secrets'), { recursive: true, force: true });
  const masterKey = secret('personal-data-master.key', () => randomBytes(32).toString('base64'));
  const signing = secret('event-checkpoint-signing.key', () => randomBytes(32).toString('base64'));
  const gateway = secret('sms-gateway.secret', () => randomBytes(24).toString('base64'));
  /** @type {NodeJS.ProcessEnv} */
  const appEnv = {
    ...baseEnv(),
    DATABASE_URL: pgUrl(stack.pgPort, 'app', DATABASE, tlsQuery),
    ...temporal.env,
    ...(TASK_QUEUE ? { TEMPORAL_TASK_QUEUE: TASK_QUEUE } : {}),
    ...kafkaEnv,
    OIDC_ISSUER: stack.issuer,
    ...(stack.smtp ? { SMTP_URL: stack.smtp } : {}),
    PERSONAL_DATA_MASTER_KEY_FILE: masterKey.file,
    EVENT_CHECKPOINT_SIGNING_KEY: signing.value,
    EVENT_CHECKPOINT_PUBLIC_KEY: checkpointPublicKey(signing.value),
    SMS_GATEWAY_SECRET: gateway.value,
    HILFENETZ_SHAPE: JSON.stringify({ dir: APPS_DIR, ports: SHAPE_PORTS, replicas: REPLICAS }),
  };
  // The operator's settings on top; what the shape wires itself (servers, keys, ports) stays its own.
  for (const [key, value] of SETTINGS) {
    if (key in appEnv) die(`--set ${key}: the cluster shape sets ${key} itself`);
    appEnv[key] = value;
  }
  say('starting the apps (2 × API, worker, projector) and Caddy …');
  const tApps = Date.now();
  const shapeRun = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, 'infra/deploy/production-shape.cli.ts'), 'start'],
    { cwd: ROOT, env: appEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = shapeRun.stdout.split('\n').find((l) => l.startsWith('SHAPE_JSON='));
  if (shapeRun.status !== 0 || !line) die(`the apps did not start:\n${shapeRun.stdout}`);
  const shape = JSON.parse(line.slice('SHAPE_JSON='.length));
  const appsMs = Date.now() - tApps;

  const result = {
    url: shape.url,
    apiUrl: `${shape.url}/api`,
    caCertificateFile: shape.caCertificateFile,
    processes: shape.processes,
    dir: DIR,
    database: DATABASE,
    databaseUrl: appEnv.DATABASE_URL,
    databaseMigrationUrl: pgUrl(stack.pgPort, 'owner', DATABASE, tlsQuery),
    postgresCaFile: caFile,
    issuer: stack.issuer,
    temporal: { ...temporal.env, ...(TASK_QUEUE ? { TEMPORAL_TASK_QUEUE: TASK_QUEUE } : {}), ports: TEMPORAL.ports },
    kafka: { ...kafkaEnv, adminEnv: kafka.adminEnv, dir: KAFKA_DIR, startedNow: kafka.startedNow },
    masterKeyFile: masterKey.file,
    ms: { total: Date.now() - t0, servers: serversMs, apps: appsMs },
  };
  if (json) {
    console.log(`CLUSTER_JSON=${JSON.stringify(result)}`);
    return;
  }
  const show = (/** @type {string} */ k, /** @type {string} */ v) => console.log(`  ${k.padEnd(16)} ${v}`);
  console.log(`\nthe cluster shape runs (${((Date.now() - t0) / 1000).toFixed(0)} s):`);
  show('Web app', `${shape.url}/`);
  show('API', `${shape.url}/api/  (instances: ${SHAPE_PORTS.api.map((p) => `http://${HOST}:${p}`).join(', ')})`);
  show(
    'CA certificate',
    `${path.relative(ROOT, shape.caCertificateFile)}  (trust it: curl --cacert, NODE_EXTRA_CA_CERTS)`,
  );
  show('Login (OIDC)', `${stack.issuer}  (demo users, password "demo")`);
  show(
    'Temporal',
    `${temporal.env.TEMPORAL_ADDRESS} (mTLS, namespace ${temporal.env.TEMPORAL_NAMESPACE}; metrics :${TEMPORAL.ports.metrics})`,
  );
  show('Kafka', `${kafka.brokers} (SASL_SSL, SCRAM-SHA-512, RF 3)`);
  show(
    'Postgres',
    `${HOST}:${stack.pgPort}/${DATABASE} ${caFile ? '(TLS, verify-full)' : '(no TLS: not this checkout’s server)'}`,
  );
  show(
    'Processes',
    shape.processes.map((/** @type {{ name: string, pid: number }} */ p) => `${p.name} ${p.pid}`).join(', '),
  );
  show('Data', `${path.relative(ROOT, DIR) || DIR}/ (apps, temporal, kafka)`);
  show(
    'Logs',
    `${path.relative(ROOT, path.join(APPS_DIR, 'log'))}/<app>.log, ${path.relative(ROOT, TEMPORAL.dataDir)}/temporal.log, ${path.relative(ROOT, KAFKA_DIR)}/node-<n>/kafka.log`,
  );
  console.log('\nnpm run cluster:down stops it (the dev stack keeps running: npm run stack:down).\n');
}

async function down() {
  const apps = await stopApps();
  await stopTemporalServer({ ...TEMPORAL, adminUrl: '' });
  await stopKafkaCluster({ dir: KAFKA_DIR });
  const stopped = [...apps, 'temporal-server', 'kafka-1', 'kafka-2', 'kafka-3'];
  if (json) console.log(`CLUSTER_JSON=${JSON.stringify({ stopped })}`);
  else say(`stopped ${stopped.join(', ')} (the dev stack keeps running)`);
}

async function status() {
  const apps = runningApps();
  const temporal = temporalServerStatus({ ...TEMPORAL, adminUrl: '' });
  const kafka = await kafkaClusterStatus({ dir: KAFKA_DIR, ports: KAFKA_PORTS });
  const https = await portOpen(SHAPE_PORTS.https);
  if (json) {
    console.log(`CLUSTER_JSON=${JSON.stringify({ apps, temporal, kafka, https })}`);
    return;
  }
  console.log(`HTTPS            ${https ? `https://${HOST}:${SHAPE_PORTS.https}/` : 'not answering'}`);
  const names = ['caddy', 'sms-gateway', 'api-1', 'api-2', 'worker-1', 'worker-2', 'projector-1', 'projector-2'];
  for (const n of names) console.log(`${n.padEnd(16)} ${apps[n] ? `running (pid ${apps[n]})` : 'stopped'}`);
  console.log(
    `temporal-server  ${temporal.running ? `running (pid ${temporal.pid}, ${temporal.address}, metrics ${temporal.metrics})` : 'stopped'}`,
  );
  for (const n of kafka.nodes) {
    console.log(
      `kafka-${n.id}          ${n.pid ? `running (pid ${n.pid}, port ${n.clientPort}${n.listening ? '' : ', not listening'})` : 'stopped'}`,
    );
  }
  if (kafka.registeredBrokers)
    console.log(
      `kafka brokers    ${kafka.registeredBrokers.join(', ')} registered; quorum leader ${kafka.quorumLeader?.leaderId ?? '?'}`,
    );
  console.log(`data             ${DIR}`);
}

/**
 * Starts the cluster's Temporal server alone when it is not running, as its supervisor (systemd,
 * Kubernetes) would after a crash; the apps keep running and reconnect. Used by the fault test.
 */
async function temporalUp() {
  const stack = devStack();
  const caFile = ensurePostgresTls(stack.pgPort);
  const t0 = Date.now();
  const started = await startTemporalServer({
    ...TEMPORAL,
    adminUrl: pgUrl(stack.pgPort, 'admin', 'postgres'),
    ...(caFile ? { postgresCaFile: caFile } : {}),
    timeoutMs: 180_000,
  });
  const result = { startedNow: started.startedNow, ms: Date.now() - t0 };
  if (json) console.log(`CLUSTER_JSON=${JSON.stringify(result)}`);
  else say(started.startedNow ? `Temporal server started in ${result.ms} ms` : 'Temporal server runs already');
}

const commands = { up, down, status, 'temporal-up': temporalUp };
const fn = commands[/** @type {keyof typeof commands} */ (command)];
if (!fn)
  die('usage: cluster.mjs up|down|status|temporal-up [--dir <dir>] [--base-port <port>] [--json] (see the file)');
fn().catch((/** @type {unknown} */ err) => die(err instanceof Error ? (err.stack ?? err.message) : String(err)));

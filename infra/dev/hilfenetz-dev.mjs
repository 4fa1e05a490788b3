#!/usr/bin/env node
// @ts-check
/**
 * The local stack manager behind `npm start`, `npm test` and `npm run stack:*`.
 *
 * Plain Node with no dependencies on purpose: on a fresh clone it runs before `node_modules`
 * exists, installs it, then obtains and starts real Postgres, Temporal and Kafka servers, and
 * Mailpit, which catches the e-mail the apps send.
 * See docs/adr/0002-local-stack-without-docker.md for the why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadDotEnv, log, fail, tailFile, sleep, onAbort, runAbortCleanups } from './lib/util.mjs';
import {
  ensurePostgres,
  postgresRunning,
  removePostgresState,
  stopPostgres,
  stopPostgresSync,
} from './lib/postgres.mjs';
import { ensureTemporal } from './lib/temporal.mjs';
import { temporalTestServerBinary } from './lib/temporal-test-server.mjs';
import { ensureKafka, kafkaClasspath } from './lib/kafka.mjs';
import { ensureMailpit } from './lib/mailpit.mjs';
import { ensureKeycloak, KEYCLOAK_ADMIN_USER } from './lib/keycloak.mjs';
import { checkpointPublicKey } from './lib/checkpoint-key.mjs';
import { ensureNodeModules, checkPrerequisites } from './lib/prerequisites.mjs';
import { readPid, isAlive, stopPidFile } from './lib/processes.mjs';
import { postgresPaths, checkoutId } from './lib/locations.mjs';
import { choosePorts, portsOfSlot, recordedPorts, releasePorts, SLOT_STEP } from './lib/ports.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// First, so that the ports, the app list and the replaced servers below see what .env sets.
loadDotEnv(path.join(ROOT, '.env'));
const VAR = path.join(ROOT, 'var');
const LOG_DIR = path.join(VAR, 'log');
const RUN_DIR = path.join(VAR, 'run');

/**
 * This checkout's ports: slot 0 is the default set (off the usual ports, so a system Postgres or
 * Kafka can coexist), another checkout running beside it gets the next free set (lib/ports.mjs).
 * Filled by `usePorts` before anything starts; until then the last recorded or the default set.
 */
const RECORDED = recordedPorts({ RUN_DIR: path.join(VAR, 'run') });
// A set recorded before a server was added lacks its port: the slot's default fills it in.
export const PORTS = { ...portsOfSlot(RECORDED?.slot ?? 0), ...RECORDED?.ports };
let PORT_SLOT = 0;

const CACHE_DIR =
  process.env.HILFENETZ_CACHE_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz');

const ctx = { ROOT, VAR, LOG_DIR, RUN_DIR, CACHE_DIR, PORTS };

/** Which of this checkout's servers run now. */
function runningServices() {
  const alive = (name) => {
    const pid = readPid(path.join(RUN_DIR, `${name}.pid`));
    return Boolean(pid && isAlive(pid));
  };
  return {
    postgres: postgresRunning(ctx),
    temporal: alive('temporal'),
    kafka: alive('kafka'),
    mailpit: alive('mailpit'),
    keycloak: alive('keycloak'),
  };
}

/**
 * Everything a starting command does before it starts anything: the prerequisites (all missing ones
 * in one message), node modules, and the ports, chosen and printed. Fails before anything starts.
 * @param {string} command @param {{ browser?: boolean }} [o]
 */
async function prepare(command, o = {}) {
  checkPrerequisites(ctx, {
    browser: o.browser,
    testServer: command === 'test',
    keycloak: command === 'test' || LOCAL_KEYCLOAK,
    proxy: command === 'test',
  });
  ensureNodeModules(ctx);
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const { slot, ports } = await choosePorts(ctx, { command, running: runningServices(), fail, log });
  Object.assign(PORTS, ports);
  PORT_SLOT = slot;
  if (slot !== 0) {
    log(
      `ports of this checkout (set ${slot}, defaults + ${slot * SLOT_STEP}): Postgres ${PORTS.postgres}, Temporal ${PORTS.temporal} (UI ${PORTS.temporalUi}), ` +
        `Kafka ${PORTS.kafka}/${PORTS.kafkaController}, Mailpit ${PORTS.smtp}/${PORTS.mailpit}, Keycloak ${PORTS.keycloak}, API ${PORTS.api}, ` +
        `SMS gateway ${PORTS.smsGateway}, web ${PORTS.web}`,
    );
  }
}

/** Stops (without waiting) what this command started, when it fails half-way or is interrupted. */
function stopSync(name) {
  if (name === 'postgres') {
    stopPostgresSync(ctx);
    return;
  }
  const pid = readPid(path.join(RUN_DIR, `${name}.pid`));
  if (!pid || !isAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
}

/**
 * Starts (or reuses) Postgres, Temporal, Kafka and Mailpit, creates the databases, runs the
 * migrations and creates the Kafka topics. Returns the environment the apps need and what this
 * call started.
 * @param {{ databases: string[], keycloak?: boolean }} opts `keycloak`: start it even with an external OIDC_ISSUER (the tests)
 */
async function servicesUp(opts) {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const started = [];
  /** @type {Record<string, string>} */
  const env = {};
  // Should this command fail or be interrupted half-way, it stops the servers it started.
  const before = runningServices();
  const dropCleanup = onAbort(() => {
    const now = runningServices();
    for (const name of ['keycloak', 'mailpit', 'kafka', 'temporal', 'postgres']) {
      if (now[name] && !before[name]) stopSync(name);
    }
  });

  // The servers are independent: start them side by side to save minutes on a cold machine (the
  // first Mailpit build runs while the others start).
  const [pg, temporal, kafka, mailpit, keycloak] = await Promise.all([
    process.env.DATABASE_URL ? null : ensurePostgres(ctx, opts.databases),
    process.env.TEMPORAL_ADDRESS ? null : ensureTemporal(ctx),
    process.env.KAFKA_BROKERS ? null : ensureKafka(ctx),
    process.env.SMTP_URL ? null : ensureMailpit(ctx),
    // Keycloak, the Landkreis's identity provider, unless a real issuer is configured (docs/adr/0021).
    LOCAL_KEYCLOAK || opts.keycloak ? ensureKeycloak(ctx, localSecret('keycloak-admin.password')) : null,
  ]);
  for (const s of [pg, temporal, kafka, mailpit, keycloak]) {
    if (s) {
      Object.assign(env, s.env);
      if (s.startedNow) started.push(s.name);
    }
  }
  return { env, started, dropCleanup };
}

/** Until a command has its own Ctrl-C handling, an interrupt stops what it started so far. */
function stopOnInterrupt() {
  const handler = () => {
    console.error('\n[hilfenetz] interrupted: stopping what was started');
    runAbortCleanups();
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * A local secret made once per checkout, kept in var/secrets (wiped with stack:reset together with
 * the data it protects). Production takes these from a secret store.
 */
function localSecret(name) {
  const file = path.join(VAR, 'secrets', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Keycloak runs in the stack, and is the login of `npm start`, unless OIDC_ISSUER names a real
 * issuer (docs/adr/0021). The tests always run it: they log in and sign their test tokens there.
 */
const LOCAL_KEYCLOAK = !process.env.OIDC_ISSUER;

/** The local SMS/voice gateway (apps/sms-gateway) runs unless SMS_GATEWAY_URL names a real one. */
const LOCAL_SMS_GATEWAY = !process.env.SMS_GATEWAY_URL;

/**
 * The apps' environment. `withSmsGateway`: point them at the local gateway, which `npm start` runs
 * (tests start their own, see libs/testing).
 * @param {Record<string, string>} serviceEnv @param {Record<string, string>} [overrides]
 * @returns {NodeJS.ProcessEnv}
 */
function appEnv(serviceEnv, overrides = {}, { withSmsGateway = true } = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? serviceEnv.DATABASE_URL,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? serviceEnv.TEMPORAL_ADDRESS,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? serviceEnv.KAFKA_BROKERS,
    OIDC_ISSUER: process.env.OIDC_ISSUER ?? serviceEnv.KEYCLOAK_ISSUER,
    // The chosen ports (lib/ports.mjs), so that a second checkout's apps never reach the first's.
    API_PORT: String(PORTS.api),
    WEB_PORT: String(PORTS.web),
    PUBLIC_APP_URL: process.env.PUBLIC_APP_URL ?? `http://127.0.0.1:${PORTS.web}`,
    PERSONAL_DATA_MASTER_KEY: process.env.PERSONAL_DATA_MASTER_KEY ?? localSecret('personal-data-master.key'),
    // Signs the event log's checkpoints (the projector, events:checkpoint); verify needs the public half.
    EVENT_CHECKPOINT_SIGNING_KEY:
      process.env.EVENT_CHECKPOINT_SIGNING_KEY ?? localSecret('event-checkpoint-signing.key'),
  };
  env.EVENT_CHECKPOINT_PUBLIC_KEY ??= checkpointPublicKey(/** @type {string} */ (env.EVENT_CHECKPOINT_SIGNING_KEY));
  if (serviceEnv.SMTP_URL && !process.env.SMTP_URL) env.SMTP_URL = serviceEnv.SMTP_URL;
  if (withSmsGateway && LOCAL_SMS_GATEWAY) {
    Object.assign(env, {
      SMS_GATEWAY_URL: `http://127.0.0.1:${PORTS.smsGateway}/messages`,
      SMS_GATEWAY_PORT: String(PORTS.smsGateway),
      // Shared by the local gateway (signs receipts) and the API (verifies them).
      SMS_GATEWAY_SECRET: process.env.SMS_GATEWAY_SECRET ?? localSecret('sms-gateway.secret'),
      NOTIFICATION_RECEIPT_URL:
        process.env.NOTIFICATION_RECEIPT_URL ?? `http://127.0.0.1:${PORTS.api}/notifications/gateway-receipts`,
    });
  }
  return { ...env, ...overrides };
}

/** Migrations run as the schema owner; with an external DATABASE_URL alone, as that role. */
function migrationUrl(serviceEnv) {
  return (
    process.env.DATABASE_MIGRATION_URL ??
    (process.env.DATABASE_URL ? process.env.DATABASE_URL : serviceEnv.DATABASE_MIGRATION_URL)
  );
}

/** Runs a TypeScript entry point of ours to completion (migrations, topic creation). */
function runTs(entry, env, label) {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    fail(`${label} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

async function prepareData(env, serviceEnv) {
  log('running database migrations');
  runTs(
    'libs/persistence/src/run-migrations.cli.ts',
    { ...env, DATABASE_MIGRATION_URL: migrationUrl(serviceEnv) },
    'migrations',
  );
  log('creating Kafka topics');
  runTs('libs/event-bus/src/ensure-topics.cli.ts', env, 'topic creation');
}

async function waitForHttp(url, name, child, logFile, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  fail(`${name} did not become ready at ${url}. Last lines of ${logFile}:\n${tailFile(logFile, 40)}`);
}

const APPS = [
  // The local SMS/voice gateway, likewise only without a real one.
  ...(LOCAL_SMS_GATEWAY ? [{ name: 'sms-gateway', entry: 'apps/sms-gateway/src/main.ts' }] : []),
  { name: 'api', entry: 'apps/api/src/main.ts' },
  { name: 'worker', entry: 'apps/worker/src/main.ts' },
  { name: 'projector', entry: 'apps/projector/src/main.ts' },
];

async function cmdStart() {
  await prepare('start');
  const releaseInterrupt = stopOnInterrupt();
  const { env: serviceEnv, started, dropCleanup } = await servicesUp({ databases: ['hilfenetz'] });
  const env = appEnv(serviceEnv);
  await prepareData(env, serviceEnv);
  // The demo network (issue 17): only for npm start, never in a test's database.
  log('seeding the demo network Frühe Hilfen Lindenau (once)');
  runTs('apps/api/src/networks/seed-demo-network.cli.ts', env, 'demo network');

  const children = [];
  for (const app of APPS) {
    const logFile = path.join(LOG_DIR, `${app.name}.log`);
    const out = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', app.entry], {
      cwd: ROOT,
      env,
      stdio: ['ignore', out, out],
    });
    children.push({ ...app, child, logFile });
  }
  const webLog = path.join(LOG_DIR, 'web.log');
  const webOut = fs.openSync(webLog, 'a');
  const web = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      '--port',
      String(PORTS.web),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: path.join(ROOT, 'apps/web'),
      env: { ...env, HILFENETZ_API_URL: `http://127.0.0.1:${PORTS.api}`, HILFENETZ_OIDC_ISSUER: env.OIDC_ISSUER },
      stdio: ['ignore', webOut, webOut],
    },
  );
  children.push({ name: 'web', child: web, logFile: webLog });
  // From here on Ctrl-C and failures stop the apps and then the servers (stopAll).
  releaseInterrupt();
  dropCleanup();
  onAbort(() => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGTERM');
    for (const s of started) stopSync(s);
  });

  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping apps …');
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.child.exitCode !== null ? r(null) : c.child.once('exit', r)))),
    );
    for (const s of started) await stopService(s);
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const c of children) {
    c.child.once('exit', (code) => {
      if (stopping) return;
      console.error(`\n✗ ${c.name} exited (code ${code}). Last lines of ${c.logFile}:\n${tailFile(c.logFile, 40)}`);
      void stopAll(1);
    });
  }

  const api = children.find((c) => c.name === 'api');
  await waitForHttp(`http://127.0.0.1:${PORTS.api}/ready`, 'API', api.child, api.logFile);
  await waitForHttp(`http://127.0.0.1:${PORTS.web}/`, 'web app', web, webLog);
  const gateway = children.find((c) => c.name === 'sms-gateway');
  if (gateway) {
    await waitForHttp(`http://127.0.0.1:${PORTS.smsGateway}/health`, 'SMS gateway', gateway.child, gateway.logFile);
  }

  const line = (k, v) => console.log(`  ${k.padEnd(15)} ${v}`);
  console.log('\nhilfenetz is running:');
  line('Web app', `http://127.0.0.1:${PORTS.web}/`);
  line('API', `http://127.0.0.1:${PORTS.api}/  (health: /health, readiness: /ready)`);
  line('Login (OIDC)', `${env.OIDC_ISSUER}  (demo users: fachkraft, klinik, leitung, … password "demo")`);
  if (serviceEnv.KEYCLOAK_URL) {
    line('Keycloak', `${serviceEnv.KEYCLOAK_ISSUER}  (realm hilfenetz, the same demo users)`);
    line(
      'Keycloak admin',
      `${serviceEnv.KEYCLOAK_URL}/admin/  (user ${KEYCLOAK_ADMIN_USER}, password in var/secrets/keycloak-admin.password)`,
    );
  }
  line('Temporal', `${env.TEMPORAL_ADDRESS}`);
  if (!process.env.TEMPORAL_ADDRESS) line('Temporal UI', `http://127.0.0.1:${PORTS.temporalUi}/`);
  line('Kafka', env.KAFKA_BROKERS);
  line('Postgres', redactUrl(env.DATABASE_URL));
  if (serviceEnv.MAILPIT_URL) line('Mail (Mailpit)', `${serviceEnv.MAILPIT_URL}/  (SMTP ${env.SMTP_URL})`);
  else if (env.SMTP_URL) line('SMTP', redactUrl(env.SMTP_URL));
  if (gateway) line('SMS/voice', `http://127.0.0.1:${PORTS.smsGateway}/  (every SMS and call with its receipt)`);
  else if (env.SMS_GATEWAY_URL) line('SMS gateway', redactUrl(env.SMS_GATEWAY_URL));
  line('Logs', path.relative(ROOT, LOG_DIR) + '/<service>.log');
  const pg = postgresPaths(ctx);
  if (!process.env.DATABASE_URL && pg.owned) line('Postgres data', `${pg.dataDir}  (log ${pg.logFile})`);
  if (PORT_SLOT !== 0)
    line('Ports', `set ${PORT_SLOT}: defaults + ${PORT_SLOT * SLOT_STEP} (another checkout holds the defaults)`);
  console.log('\nCtrl-C stops everything.\n');
}

function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function stopService(name) {
  const pidFile = path.join(RUN_DIR, `${name}.pid`);
  if (name === 'postgres') {
    await stopPostgres(ctx);
    return;
  }
  await stopPidFile(pidFile, name);
}

async function cmdUp() {
  await prepare('up');
  stopOnInterrupt();
  const { env } = await servicesUp({ databases: ['hilfenetz'] });
  await prepareData(appEnv(env), env);
  log(`stack is up (stop it with npm run stack:down)`);
  for (const [k, v] of Object.entries(env)) {
    console.log(`  ${k}=${k.endsWith('_PASSWORD') ? '***' : k.endsWith('_URL') ? redactUrl(v) : v}`);
  }
  if (env.KEYCLOAK_URL) {
    log(
      `Keycloak admin console: ${env.KEYCLOAK_URL}/admin/ (user ${KEYCLOAK_ADMIN_USER}, password in var/secrets/keycloak-admin.password)`,
    );
  }
}

/**
 * `exec <file.ts> [args…]`: runs one of our CLIs (rebuild, verify, …) against the local stack,
 * starting it if needed, with the same environment the apps get.
 */
async function cmdExec(args) {
  const [entry, ...rest] = args;
  if (!entry) fail('usage: hilfenetz-dev.mjs exec <file.ts> [args…]');
  await prepare('exec');
  const releaseInterrupt = stopOnInterrupt();
  const { env: serviceEnv, dropCleanup } = await servicesUp({ databases: ['hilfenetz'] });
  const env = appEnv(serviceEnv);
  // CLIs that migrate a database of their own (the benchmarks' systems) do it as the schema owner:
  // the migrations refuse to run as the apps' role.
  env.DATABASE_MIGRATION_URL = migrationUrl(serviceEnv);
  // The benchmarks make their databases as the superuser, on this checkout's Postgres.
  if (!process.env.BENCH_ADMIN_URL && serviceEnv.DATABASE_ADMIN_URL)
    env.BENCH_ADMIN_URL = serviceEnv.DATABASE_ADMIN_URL.replace(/\/hilfenetz$/, '/postgres');
  // The benchmarks' systems trust the stack's Keycloak, as the tests' do (libs/testing testIssuer).
  if (serviceEnv.KEYCLOAK_ISSUER) env.KEYCLOAK_ISSUER = serviceEnv.KEYCLOAK_ISSUER;
  await prepareData(env, serviceEnv);
  releaseInterrupt();
  dropCleanup();
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', entry, ...rest], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

async function cmdDown() {
  for (const name of ['keycloak', 'mailpit', 'kafka', 'temporal', 'postgres']) await stopService(name);
  releasePorts(ctx);
}

async function cmdReset() {
  await cmdDown();
  removePostgresState(ctx);
  fs.rmSync(VAR, { recursive: true, force: true });
  log('var/ wiped');
}

function cmdStatus() {
  const running = runningServices();
  const ports = {
    postgres: PORTS.postgres,
    temporal: PORTS.temporal,
    kafka: PORTS.kafka,
    mailpit: PORTS.mailpit,
    keycloak: PORTS.keycloak,
  };
  for (const name of ['postgres', 'temporal', 'kafka', 'mailpit', 'keycloak']) {
    const pid =
      name === 'postgres'
        ? (() => {
            try {
              return fs.readFileSync(path.join(postgresPaths(ctx).dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
            } catch {
              return '?';
            }
          })()
        : readPid(path.join(RUN_DIR, `${name}.pid`));
    console.log(`${name.padEnd(10)} ${running[name] ? `running (pid ${pid}, port ${ports[name]})` : 'stopped'}`);
  }
  const pg = postgresPaths(ctx);
  console.log(`checkout   ${ROOT} (id ${checkoutId(ROOT)})`);
  console.log(`data       ${VAR}${pg.owned ? `; Postgres in ${pg.base}` : ''}`);
}

/** `prerequisites`: checks (and as root installs) what `npm start` and `npm test` need; starts nothing. */
function cmdPrerequisites() {
  checkPrerequisites(ctx, { browser: true, testServer: true, keycloak: true, proxy: true });
  log('all prerequisites are present');
}

/**
 * `npm test`: lint, type-check, then every jest project against the real stack. Services this
 * command started are stopped again; services that were already running are left alone.
 */
async function cmdTest(args) {
  const jestArgs = args.filter((a) => a !== '--no-static');
  // Chromium is needed unless projects were chosen without the browser and e2e ones (the e2e
  // project logs the web app in on Keycloak's page once).
  const from = jestArgs.indexOf('--selectProjects');
  const rest = from < 0 ? [] : jestArgs.slice(from + 1);
  const chosen = rest.slice(0, (rest.findIndex((a) => a.startsWith('-')) + 1 || rest.length + 1) - 1);
  const browser = !jestArgs.includes('--selectProjects') || chosen.includes('browser') || chosen.includes('e2e');
  await prepare('test', { browser });
  const run = (cmd, cmdArgs, env = process.env) => {
    log(`$ ${cmd} ${cmdArgs.join(' ')}`);
    const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env });
    return r.status ?? 1;
  };
  const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
  if (!args.includes('--no-static')) {
    // The module-boundary rule reads Nx's project graph: compute it first, without a daemon.
    const nxEnv = { ...process.env, NX_DAEMON: 'false' };
    if (run(bin('nx'), ['show', 'projects'], nxEnv) !== 0) fail('nx project graph failed');
    if (run(bin('eslint'), ['.', '--max-warnings=0'], nxEnv) !== 0) fail('lint failed');
    if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) !== 0) fail('type check failed');
    // The web app has its own compiler settings (DOM, JSX, bundler resolution); its Vite config runs in Node.
    for (const project of ['apps/web/tsconfig.json', 'apps/web/tsconfig.node.json']) {
      if (run(bin('tsc'), ['-p', project, '--noEmit']) !== 0) fail(`type check of ${project} failed`);
    }
    if (run(bin('prettier'), ['--check', '.', '--log-level', 'warn']) !== 0)
      fail('formatting check failed (npm run format fixes it)');
  }
  // Parallel test runs on one machine (two checkouts, two people) each set HILFENETZ_TEST_DB.
  const testDb = process.env.HILFENETZ_TEST_DB ?? 'hilfenetz_test';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(testDb)) fail('HILFENETZ_TEST_DB must be a plain lower-case database name');
  const releaseInterrupt = stopOnInterrupt();
  const {
    env: serviceEnv,
    started,
    dropCleanup,
  } = await servicesUp({
    databases: ['hilfenetz', testDb, `${testDb}_e2e`],
    // The e2e and browser suites log in through it and add their test key to it (docs/adr/0021).
    keycloak: true,
  });
  const toTestDb = (url) => url && url.replace(/\/hilfenetz(\?|$)/, `/${testDb}$1`);
  const testDbUrl = process.env.TEST_DATABASE_URL ?? toTestDb(process.env.DATABASE_URL ?? serviceEnv.DATABASE_URL);
  const env = appEnv(
    serviceEnv,
    {
      DATABASE_URL: testDbUrl,
      // Tests reset their database as the schema owner and play the attacker as the superuser.
      DATABASE_MIGRATION_URL: process.env.TEST_DATABASE_URL ?? toTestDb(migrationUrl(serviceEnv)),
      DATABASE_ADMIN_URL: process.env.TEST_DATABASE_ADMIN_URL ?? toTestDb(serviceEnv.DATABASE_ADMIN_URL) ?? '',
      // Fault tests start and stop a private broker of their own from the same jars.
      HILFENETZ_KAFKA_CLASSPATH: kafkaClasspath(ctx),
      HILFENETZ_KAFKA_LOG4J: path.join(ROOT, 'infra/dev/kafka/log4j2.properties'),
      NODE_ENV: 'test',
      HILFENETZ_ROOT: ROOT,
      // Workflow timer tests run on the time-skipping test server, obtained like the rest of the stack.
      TEMPORAL_TEST_SERVER_BIN: temporalTestServerBinary(ctx),
      // Tests read what was mailed through Mailpit's API (with an external SMTP_URL, set it yourself).
      ...(serviceEnv.MAILPIT_URL ? { MAILPIT_URL: serviceEnv.MAILPIT_URL } : {}),
      // The stack's Keycloak (tests/e2e/keycloak.e2e.test.ts): its URL, realm issuer and administrator.
      ...(serviceEnv.KEYCLOAK_URL
        ? {
            KEYCLOAK_URL: serviceEnv.KEYCLOAK_URL,
            KEYCLOAK_ISSUER: serviceEnv.KEYCLOAK_ISSUER,
            KEYCLOAK_ADMIN_USER: serviceEnv.KEYCLOAK_ADMIN_USER,
            KEYCLOAK_ADMIN_PASSWORD: serviceEnv.KEYCLOAK_ADMIN_PASSWORD,
          }
        : {}),
    },
    // Tests start their own gateway on a free port (libs/testing), never the one of `npm start`.
    { withSmsGateway: false },
  );
  const resultsFile = path.join(VAR, 'test-results.json');
  fs.rmSync(resultsFile, { force: true });
  // jest gets Ctrl-C itself (same process group); afterwards the servers this run started stop.
  releaseInterrupt();
  dropCleanup();
  process.on('SIGINT', () => {});
  const status = run(
    process.execPath,
    [bin('jest'), '--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs],
    env,
  );
  for (const s of started) await stopService(s);
  // One plain closing line, the same whatever the runner: "Tests: N passed, N failed".
  try {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } catch {
    console.log('\njest wrote no results (it failed before running tests; see above)');
  }
  process.exit(status);
}

const [cmd = 'start', ...rest] = process.argv.slice(2);
const commands = {
  start: cmdStart,
  up: cmdUp,
  down: cmdDown,
  reset: cmdReset,
  status: cmdStatus,
  test: () => cmdTest(rest),
  exec: () => cmdExec(rest),
  prerequisites: cmdPrerequisites,
};
const fn = commands[cmd];
if (!fn) fail(`unknown command "${cmd}". Use one of: ${Object.keys(commands).join(', ')}`);
Promise.resolve(fn()).catch((err) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));

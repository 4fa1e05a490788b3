#!/usr/bin/env node
// @ts-check
/**
 * The set-up test (`npm run test:setup`): does `npm start` work wherever a person clones, as root and
 * as a normal user, beside another checkout?
 *
 * As root (it creates a user, and Postgres needs one):
 *  A. clones this repository into a folder of mode 700 under root's home and runs `npm start`;
 *  B. while A runs, clones it into a folder whose path has spaces and runs `npm start` there too:
 *     B must choose other ports than A (and than any stack already running on the machine), a
 *     start pinned to A's ports must stop at once, naming A, having started nothing, and Ctrl-C
 *     while B is still starting its servers must stop what it started;
 *  C. creates a normal user (useradd) and runs `npm start` as that user in a clone inside its
 *     home folder (mode 700) below a read-only folder: Postgres runs as that user.
 * Each time it waits until the printed URLs answer (the API's /ready among them), stops the stack
 * with SIGINT as Ctrl-C would, and checks that nothing of that checkout keeps running and that its
 * ports are free; then `stack:reset` must leave no data behind (as root: /var/lib/hilfenetz/<id>).
 *
 * To stay within minutes each clone's node_modules is seeded from this checkout's (hard links:
 * `cp -al`, folders of the user's own for C), and the normal user gets a copy of the machine's
 * download cache (~/.cache/hilfenetz: Temporal CLI, Kafka jars, Mailpit, the built Keycloak). It touches only what it
 * made: its clones, its user, their Postgres folders and the processes it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { checkoutId, STATE_ROOT } from '../../infra/dev/lib/locations.mjs';
import { DEFAULT_PORTS, SLOT_STEP } from '../../infra/dev/lib/ports.mjs';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START_TIMEOUT_MS = Number(process.env.SETUP_TEST_START_TIMEOUT_MS ?? 420_000);
const CACHE_DIR =
  process.env.HILFENETZ_CACHE_DIR ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz');
const tag = randomBytes(3).toString('hex');
const t0 = Date.now();

const stateRootExisted = fs.existsSync(STATE_ROOT);
/** What to undo at the end, whatever happens. */
const made = { dirs: /** @type {string[]} */ ([]), users: /** @type {string[]} */ ([]), groups: new Set() };
/** @type {{ where: string, user: string, seconds: number, ports: string }[]} */
const results = [];
/** @type {string[]} */
const failures = [];

const say = (msg) => console.log(`[setup-test] ${msg}`);
function check(ok, what) {
  if (ok) say(`✓ ${what}`);
  else {
    say(`✗ ${what}`);
    failures.push(what);
  }
  return ok;
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** Every port of a port set (lib/ports.mjs: defaults + 100·n). */
const portsOfSet = (n) => Object.values(DEFAULT_PORTS).map((p) => p + SLOT_STEP * n);

/**
 * Clones this repository to `dest` and seeds its node_modules with hard links to ours. For another
 * user, the clone is theirs; the seeded files stay shared read-only (only folders become theirs,
 * never a linked file, which would change ours too).
 */
function cloneTo(dest, owner) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  sh('git', ['clone', '-q', '--no-hardlinks', SRC, dest]);
  if (owner) sh('chown', ['-R', `${owner}:${owner}`, dest]);
  if (fs.existsSync(path.join(SRC, 'node_modules'))) {
    sh('cp', ['-al', path.join(SRC, 'node_modules'), path.join(dest, 'node_modules')]);
    // Tool caches are rewritten in place: the clone starts without them.
    for (const cache of ['.vite', '.cache'])
      fs.rmSync(path.join(dest, 'node_modules', cache), { recursive: true, force: true });
    // Newer than the clone's package-lock.json, so the stack sees installed modules (a copy, not a link).
    const marker = path.join(dest, 'node_modules', '.package-lock.json');
    fs.rmSync(marker, { force: true });
    fs.copyFileSync(path.join(SRC, 'node_modules', '.package-lock.json'), marker);
    if (owner) {
      sh('find', [path.join(dest, 'node_modules'), '-type', 'd', '-exec', 'chown', `${owner}:${owner}`, '{}', '+']);
      sh('chown', [`${owner}:${owner}`, marker]);
    }
  }
}

/** Processes whose arguments or working folder lie under one of `paths`, or that run as `uid`. */
function processesOf(paths, uid) {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!args.length) continue; // kernel threads, zombies
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        /* gone */
      }
      const owner = fs.statSync(`/proc/${pid}`).uid;
      const hit = paths.some((p) => cwd === p || cwd.startsWith(`${p}/`) || args.some((a) => a.includes(p)));
      if (hit || (uid !== undefined && owner === uid))
        out.push({ pid: Number(pid), cmd: args.join(' ').slice(0, 160) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * The environment a person's shell would give: the machine's settings (certificates, package
 * indexes), but nothing of ours that pins ports or servers, and for another user their own home
 * and no folder of root's on PATH.
 */
function cleanEnv(user) {
  const ours =
    /^(HILFENETZ_|npm_|INIT_CWD$|NODE_ENV$|DATABASE_|TEMPORAL_|KAFKA_|SMTP_URL$|SMS_GATEWAY_|OIDC_|MAILPIT_URL$|KEYCLOAK_|PUBLIC_APP_URL$|NOTIFICATION_|TEST_|BENCH_|PERSONAL_DATA_|API_|WEB_PORT$)/;
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!ours.test(k)) env[k] = v;
  if (!user) {
    if (process.env.HILFENETZ_CACHE_DIR) env.HILFENETZ_CACHE_DIR = process.env.HILFENETZ_CACHE_DIR;
    return env;
  }
  for (const k of Object.keys(env)) if (k.startsWith('XDG_') || k.startsWith('PYENV')) delete env[k];
  const home = os.homedir();
  env.PATH = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin')
    .split(':')
    .filter((d) => d && d !== home && !d.startsWith(`${home}/`))
    .join(':');
  Object.assign(env, { HOME: `/home/${user}`, USER: user, LOGNAME: user });
  return env;
}

/** Runs `npm start` in `dir` (as `user`, when given) until it prints its URLs. */
async function startStack(dir, label, user, extraEnv = {}) {
  const env = cleanEnv(user);
  Object.assign(env, extraEnv);
  const [cmd, args] = user ? ['runuser', ['-u', user, '--', 'npm', 'start']] : ['npm', ['start']];
  const logFile = path.join(os.tmpdir(), `hilfenetz-setup-${tag}-${label}.log`);
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  // Its own process group: SIGINT to the group is what Ctrl-C in a terminal sends.
  const child = spawn(cmd, args, { cwd: dir, env, detached: true, stdio: ['ignore', out, out] });
  made.groups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && Date.now() - started < START_TIMEOUT_MS) {
    if (fs.readFileSync(logFile, 'utf8').includes('Ctrl-C stops everything')) break;
    await delay(500);
  }
  const text = fs.readFileSync(logFile, 'utf8');
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!text.includes('Ctrl-C stops everything')) {
    throw new Error(`npm start in ${dir} did not come up within ${seconds} s (log ${logFile}):\n${text.slice(-4000)}`);
  }
  /** @type {Record<string, string>} */
  const urls = {};
  for (const line of text.split('\n')) {
    const m =
      /^ {2}(Web app|API|Login \(OIDC\)|Keycloak|Temporal UI|Temporal|Kafka|Postgres|Mail \(Mailpit\)|SMS\/voice) {2,}(\S+)/.exec(
        line,
      );
    if (m) urls[m[1].trim()] = m[2];
  }
  const apiPort = Number(new URL(urls.API).port);
  const set = (apiPort - DEFAULT_PORTS.api) / SLOT_STEP;
  say(`${label}: npm start printed its URLs after ${seconds} s (port set ${set}, API ${urls.API})`);
  return { child, exited, urls, seconds, set, logFile, dir };
}

/** Checks every printed URL answers: HTTP ones with a 2xx/3xx, the servers' addresses by TCP. */
async function checkUrls(stack, label) {
  const u = stack.urls;
  const http = {
    'API /ready': `${u.API.replace(/\/$/, '')}/ready`,
    'API /health': `${u.API.replace(/\/$/, '')}/health`,
    'web app': u['Web app'],
    'OIDC issuer': `${u['Login (OIDC)'].replace(/\/$/, '')}/.well-known/openid-configuration`,
    'Keycloak realm': `${(u.Keycloak ?? '').replace(/\/$/, '')}/.well-known/openid-configuration`,
    'Temporal UI': u['Temporal UI'],
    Mailpit: u['Mail (Mailpit)'],
    'SMS/voice gateway': u['SMS/voice'],
  };
  for (const [what, url] of Object.entries(http)) {
    let status = 0;
    try {
      status = (await fetch(url, { signal: globalThis.AbortSignal.timeout(10_000) })).status;
    } catch {
      /* no answer */
    }
    check(status >= 200 && status < 400, `${label}: ${what} ${url} answers (${status || 'no answer'})`);
  }
  const tcp = {
    Temporal: u.Temporal,
    Kafka: u.Kafka,
    Postgres: u.Postgres ? new URL(u.Postgres).host : '',
  };
  for (const [what, hostPort] of Object.entries(tcp)) {
    const port = Number(hostPort.split(':').pop());
    check(await portOpen(port), `${label}: ${what} ${hostPort} accepts connections`);
  }
}

/**
 * Ctrl-C (SIGINT to the group), then: it exits, nothing of the checkout keeps running, its ports are free.
 * @param {{ user?: string, uid?: number, stateDir?: string }} [o]
 */
async function stopAndCheck(stack, label, o = {}) {
  const { user, uid, stateDir } = o;
  process.kill(-stack.child.pid, 'SIGINT');
  const timeout = delay(90_000).then(() => null);
  const exit = await Promise.race([stack.exited, timeout]);
  check(
    exit !== null,
    `${label}: npm start exits after SIGINT (${exit ? `code ${exit.code ?? exit.signal}` : 'still running after 90 s'})`,
  );
  made.groups.delete(stack.child.pid);
  const paths = [stack.dir, ...(stateDir ? [stateDir] : [])];
  let left = [];
  let busy = [];
  for (let i = 0; i < 20; i++) {
    left = processesOf(paths, uid);
    const open = await Promise.all(portsOfSet(stack.set).map(async (p) => ((await portOpen(p)) ? p : 0)));
    busy = open.filter(Boolean);
    if (!left.length && !busy.length) break;
    await delay(500);
  }
  check(
    !left.length,
    `${label}: nothing keeps running${left.length ? `: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}` : ''}${user ? ` (user ${user})` : ''}`,
  );
  check(!busy.length, `${label}: its ports are free${busy.length ? ` (still open: ${busy.join(', ')})` : ''}`);
}

/** `npm start`, interrupted (SIGINT to its group) once it is starting its servers: nothing may stay. */
async function interruptedStart(dir, label, stateDir) {
  const logFile = path.join(os.tmpdir(), `hilfenetz-setup-${tag}-${label}-interrupted.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn('npm', ['start'], { cwd: dir, env: cleanEnv(), detached: true, stdio: ['ignore', out, out] });
  made.groups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = Date.now();
  while (!/starting (Kafka|Mailpit)/.test(fs.readFileSync(logFile, 'utf8')) && Date.now() - started < 60_000) {
    await delay(200);
  }
  process.kill(-child.pid, 'SIGINT');
  const exit = await Promise.race([exited.then(() => true), delay(60_000).then(() => false)]);
  made.groups.delete(child.pid);
  const text = fs.readFileSync(logFile, 'utf8');
  const set = Number(/ports of this checkout \(set (\d+)/.exec(text)?.[1] ?? 0);
  let left = [];
  let busy = [];
  for (let i = 0; i < 20; i++) {
    left = processesOf([dir, stateDir]);
    const open = await Promise.all(portsOfSet(set).map(async (p) => ((await portOpen(p)) ? p : 0)));
    busy = open.filter(Boolean);
    if (!left.length && !busy.length) break;
    await delay(500);
  }
  check(
    exit && !left.length && !busy.length,
    `${label}: Ctrl-C during the start stops what was started${exit ? '' : ' (still running after 60 s)'}${left.length ? `; left: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}` : ''}${busy.length ? `; ports open: ${busy.join(', ')}` : ''}`,
  );
}

/** `npm run stack:reset`; as root, also its Postgres folder outside the checkout must be gone. */
function resetAndCheck(dir, label, user) {
  const [cmd, args] = user
    ? ['runuser', ['-u', user, '--', 'npm', 'run', '-s', 'stack:reset']]
    : ['npm', ['run', '-s', 'stack:reset']];
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', env: cleanEnv(user) });
  check(r.status === 0, `${label}: npm run stack:reset succeeds${r.status ? `:\n${r.stdout}${r.stderr}` : ''}`);
  check(!fs.existsSync(path.join(dir, 'var')), `${label}: stack:reset removed var/`);
  const state = path.join(STATE_ROOT, checkoutId(dir));
  check(!fs.existsSync(state), `${label}: no Postgres folder left in ${state}`);
}

/** The uid owning the process that listens on a port (from /proc), or null. */
function listenerUid(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length > 9 && c[3] === '0A' && c[1].endsWith(`:${hex}`)) return Number(c[7]);
    }
  }
  return null;
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error('the set-up test runs as root (it creates a user, as CI does)');
  say(`source ${SRC}; cache ${CACHE_DIR}; tag ${tag}`);
  const busyBefore = new Set();
  for (const p of portsOfSet(0)) if (await portOpen(p)) busyBefore.add(p);
  if (busyBefore.size) say(`a stack already runs on the default ports (left alone): ${[...busyBefore].join(', ')}`);

  // A: a private folder (mode 700) under root's home.
  const aParent = fs.mkdtempSync(path.join(os.homedir(), `hilfenetz-setup-${tag}-`));
  made.dirs.push(aParent);
  fs.chmodSync(aParent, 0o700);
  const aDir = path.join(aParent, 'hilfenetz');
  cloneTo(aDir);
  const a = await startStack(aDir, 'A');
  results.push({ where: `${aDir} (parent mode 700)`, user: 'root', seconds: a.seconds, ports: `set ${a.set}` });
  await checkUrls(a, 'A');
  const pgUid = listenerUid(Number(new URL(a.urls.Postgres).port));
  check(pgUid === Number(sh('id', ['-u', 'postgres']).trim()), 'A: Postgres runs as the postgres user');
  const aState = path.join(STATE_ROOT, checkoutId(aDir));
  check(fs.existsSync(path.join(aState, 'postgres', 'PG_VERSION')), `A: its cluster lives in ${aState}`);

  // B: a path with spaces, while A runs.
  const bParent = fs.mkdtempSync(path.join(os.tmpdir(), `hilfenetz setup ${tag} `));
  made.dirs.push(bParent);
  const bDir = path.join(bParent, 'my checkout');
  cloneTo(bDir);
  // Pinned to A's ports, B must stop at once, name A, and start nothing.
  const pinned = spawnSync('npm', ['run', '-s', 'stack:up'], {
    cwd: bDir,
    encoding: 'utf8',
    env: { ...cleanEnv(), HILFENETZ_PORT_SLOT: String(a.set) },
    timeout: 60_000,
  });
  const said = `${pinned.stdout}${pinned.stderr}`;
  check(pinned.status !== 0 && said.includes(aDir), `B pinned to A's ports stops, naming A's checkout`);
  check(said.includes('nothing was started') && !processesOf([bDir]).length, 'B pinned to A’s ports started nothing');
  // Ctrl-C while B is still starting its servers: what it started so far stops again.
  await interruptedStart(bDir, 'B', path.join(STATE_ROOT, checkoutId(bDir)));
  const b = await startStack(bDir, 'B');
  results.push({ where: `${bDir} (spaces)`, user: 'root', seconds: b.seconds, ports: `set ${b.set}` });
  check(
    b.set !== a.set && !portsOfSet(b.set).some((p) => busyBefore.has(p)),
    `B chose its own ports (set ${b.set}, A has set ${a.set})`,
  );
  await checkUrls(b, 'B');
  await stopAndCheck(b, 'B', { stateDir: path.join(STATE_ROOT, checkoutId(bDir)) });
  check(
    (await portOpen(Number(new URL(a.urls.API).port))) && (await portOpen(DEFAULT_PORTS.postgres + SLOT_STEP * a.set)),
    'A still runs after B stopped',
  );
  resetAndCheck(bDir, 'B');
  await stopAndCheck(a, 'A', { stateDir: aState });
  resetAndCheck(aDir, 'A');
  for (const p of busyBefore) check(await portOpen(p), `the stack that ran before is untouched (port ${p})`);

  // C: a normal user, home of mode 700, the checkout below a read-only folder.
  const user = `hnsetup${tag}`;
  sh('useradd', ['-m', '-s', '/bin/bash', user]);
  made.users.push(user);
  const home = `/home/${user}`;
  fs.chmodSync(home, 0o700);
  const uid = Number(sh('id', ['-u', user]).trim());
  const roParent = path.join(home, 'read-only');
  fs.mkdirSync(roParent);
  sh('chown', [`${user}:${user}`, roParent]);
  const cDir = path.join(roParent, 'hilfenetz');
  cloneTo(cDir, user);
  fs.chmodSync(roParent, 0o555);
  // The machine's download cache, copied (the user cannot read root's home).
  const userCache = path.join(home, '.cache', 'hilfenetz');
  fs.mkdirSync(userCache, { recursive: true });
  for (const entry of fs.existsSync(CACHE_DIR) ? fs.readdirSync(CACHE_DIR) : []) {
    if (/^(kafka|mailpit|temporal-cli|keycloak)-/.test(entry) && !entry.includes('.build-')) {
      sh('cp', ['-a', path.join(CACHE_DIR, entry), userCache]);
    }
  }
  sh('chown', ['-R', `${user}:${user}`, path.join(home, '.cache')]);
  const c = await startStack(cDir, 'C', user);
  results.push({ where: `${cDir} (home mode 700, read-only parent)`, user, seconds: c.seconds, ports: `set ${c.set}` });
  await checkUrls(c, 'C');
  const cPg = Number(new URL(c.urls.Postgres).port);
  check(listenerUid(cPg) === uid, `C: Postgres runs as ${user} (no runuser)`);
  check(
    fs.existsSync(path.join(cDir, 'var', 'postgres', 'PG_VERSION')),
    'C: its cluster lives in the checkout (var/postgres)',
  );
  await stopAndCheck(c, 'C', { user, uid });
  resetAndCheck(cDir, 'C', user);
}

function cleanUp() {
  for (const pgid of made.groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  // Anything still running from the test's own folders (only they are named here).
  const dirs = [...made.dirs, ...made.users.map((u) => `/home/${u}`)];
  const stateDirs = made.dirs.flatMap((d) =>
    fs.existsSync(d) ? fs.readdirSync(d).map((c) => path.join(STATE_ROOT, checkoutId(path.join(d, c)))) : [],
  );
  for (const p of processesOf([...dirs, ...stateDirs])) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const s of stateDirs) fs.rmSync(s, { recursive: true, force: true });
  if (!stateRootExisted) {
    try {
      fs.rmdirSync(STATE_ROOT); // only when empty: the test's own folders are gone by now
    } catch {
      /* not empty or not there */
    }
  }
  for (const d of made.dirs) {
    spawnSync('chmod', ['-R', 'u+w', d]);
    fs.rmSync(d, { recursive: true, force: true });
  }
  for (const u of made.users) {
    for (const p of processesOf([], Number(spawnSync('id', ['-u', u], { encoding: 'utf8' }).stdout.trim()))) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    spawnSync('chmod', ['-R', 'u+w', `/home/${u}`]);
    spawnSync('userdel', ['-r', u], { stdio: 'ignore' });
    fs.rmSync(`/home/${u}`, { recursive: true, force: true });
  }
}

let crashed = null;
try {
  await main();
} catch (err) {
  crashed = err;
  failures.push(String(err instanceof Error ? err.message : err));
  console.error(`[setup-test] ✗ ${err instanceof Error ? (err.stack ?? err.message) : err}`);
} finally {
  cleanUp();
}
console.log('\nSet-up test: where npm start ran, as whom, seconds until its URLs (API /ready) answered');
for (const r of results)
  console.log(`  ${String(r.seconds).padStart(4)} s  ${r.user.padEnd(16)} ${r.ports.padEnd(7)} ${r.where}`);
console.log(
  `\nSet-up test: ${failures.length ? `${failures.length} failed` : 'all checks passed'} in ${Math.round((Date.now() - t0) / 1000)} s`,
);
process.exit(failures.length || crashed ? 1 : 0);

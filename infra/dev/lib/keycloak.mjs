// @ts-check
/**
 * Keycloak, the identity provider a Landkreis runs, in the local stack (docs/adr/0020).
 *
 * The official distribution (`org.keycloak:keycloak-quarkus-dist`, a zip on Maven Central) is
 * fetched once per version into the cache and built there once (`kc.sh build`: the Quarkus
 * augmentation that takes a minute), so every start after that is `start --optimized`.
 * Each checkout runs it from a home of its own, `var/keycloak/`: `bin/kc.sh` copied, `lib`, `conf`,
 * `providers` and `themes` linked to the cached build, `data/` its own (the dev-file database, the
 * realm to import). The realm `hilfenetz` comes from infra/dev/keycloak/hilfenetz-realm.json and is
 * imported on the first start; `stack:reset` wipes it with var/. Roles and demo users added to the
 * file later reach a running realm on the next start or `stack:up` (syncRealmRolesAndUsers).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log, portOpen, waitUntil } from './util.mjs';
import { isAlive, readPid, spawnDetached } from './processes.mjs';

/** Bump here; the cache is keyed by it. */
export const KEYCLOAK_VERSION = '26.7.3';
export const KEYCLOAK_REALM = 'hilfenetz';
export const KEYCLOAK_ADMIN_USER = 'admin';

/**
 * Build-time options, baked into the cached build: the embedded H2 database in the data folder,
 * a local (not clustered) cache, so two checkouts on one machine never try to form a cluster, and
 * no management interface (its port 9000 would clash between checkouts; readiness is the realm's
 * discovery document).
 */
const BUILD_OPTIONS = ['--db=dev-file', '--cache=local', '--health-enabled=false', '--metrics-enabled=false'];

/**
 * Runs a command to its end without blocking the event loop (the other servers start meanwhile).
 * @param {string} cmd @param {string[]} args @param {import('node:child_process').SpawnOptions} [opts]
 * @returns {Promise<{ status: number | null, output: string }>}
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.once('error', (err) => resolve({ status: null, output: String(err) }));
    child.once('close', (status) => resolve({ status, output }));
  });
}

const cacheDir = (ctx) => path.join(ctx.CACHE_DIR, `keycloak-${KEYCLOAK_VERSION}`);

/** True when the built distribution is in the cache. */
export function keycloakCached(ctx) {
  return fs.existsSync(path.join(cacheDir(ctx), '.complete'));
}

/** Fetches the distribution with Maven and builds it, once per version (shared by every checkout). */
export async function keycloakDistribution(ctx) {
  const dir = cacheDir(ctx);
  const dist = path.join(dir, `keycloak-${KEYCLOAK_VERSION}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dist;
  if (spawnSync('mvn', ['--version'], { stdio: 'ignore' }).status !== 0) {
    fail('Maven is required once to fetch Keycloak. Install it (Debian: apt-get install maven) or set OIDC_ISSUER.');
  }
  log(`fetching Keycloak ${KEYCLOAK_VERSION} from Maven Central into ${dir} (once)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const got = await run(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`,
      `-DoutputDirectory=${dir}`,
    ],
    { cwd: dir },
  );
  const zip = path.join(dir, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
  if (got.status !== 0 || !fs.existsSync(zip)) fail(`mvn dependency:copy of Keycloak failed:\n${got.output}`);
  // unzip where it is installed; otherwise Python's zipfile (python3 is there for the Temporal CLI)
  // or a JDK's jar. Neither alternative keeps the scripts' modes: they are set below.
  const unzipped =
    (await run('unzip', ['-q', zip, '-d', dir])).status === 0 ||
    (await run('python3', ['-m', 'zipfile', '-e', zip, dir])).status === 0 ||
    (await run('jar', ['xf', zip], { cwd: dir })).status === 0;
  if (!unzipped || !fs.existsSync(path.join(dist, 'bin', 'kc.sh'))) fail(`unpacking ${zip} failed.`);
  fs.rmSync(zip, { force: true });
  for (const f of fs.readdirSync(path.join(dist, 'bin'))) {
    if (f.endsWith('.sh')) fs.chmodSync(path.join(dist, 'bin', f), 0o755);
  }
  log(`building Keycloak once (Quarkus augmentation, about a minute): kc.sh build ${BUILD_OPTIONS.join(' ')}`);
  const built = await run(path.join(dist, 'bin', 'kc.sh'), ['build', ...BUILD_OPTIONS], {
    env: { ...process.env, JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m' },
  });
  if (built.status !== 0) fail(`kc.sh build failed:\n${built.output.slice(-4000)}`);
  fs.writeFileSync(done, new Date().toISOString());
  return dist;
}

/** This checkout's Keycloak home: kc.sh copied (it finds its home from its own real path), the rest linked. */
function prepareHome(ctx, dist) {
  const home = path.join(ctx.VAR, 'keycloak');
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(dist, 'bin', 'kc.sh'), path.join(home, 'bin', 'kc.sh'));
  fs.chmodSync(path.join(home, 'bin', 'kc.sh'), 0o755);
  for (const part of ['lib', 'conf', 'providers', 'themes']) {
    const link = path.join(home, part);
    const target = path.join(dist, part);
    let current = null;
    try {
      current = fs.readlinkSync(link);
    } catch {
      /* missing */
    }
    if (current !== target) {
      fs.rmSync(link, { recursive: true, force: true });
      fs.symlinkSync(target, link);
    }
  }
  const importDir = path.join(home, 'data', 'import');
  fs.mkdirSync(importDir, { recursive: true });
  // Imported only while the realm does not exist (stack:reset starts over from the committed file).
  fs.copyFileSync(
    path.join(ctx.ROOT, 'infra/dev/keycloak/hilfenetz-realm.json'),
    path.join(importDir, 'hilfenetz-realm.json'),
  );
  return home;
}

/** The environment the apps and tests get for this checkout's Keycloak. */
export function keycloakEnv(ctx, adminPassword) {
  const url = `http://127.0.0.1:${ctx.PORTS.keycloak}`;
  return {
    KEYCLOAK_URL: url,
    KEYCLOAK_ISSUER: `${url}/realms/${KEYCLOAK_REALM}`,
    KEYCLOAK_ADMIN_USER,
    KEYCLOAK_ADMIN_PASSWORD: adminPassword,
  };
}

/** A token of the bootstrap administrator (master realm), for the admin REST API. */
async function adminToken(env) {
  const res = await fetch(`${env.KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new globalThis.URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: env.KEYCLOAK_ADMIN_USER,
      password: env.KEYCLOAK_ADMIN_PASSWORD,
    }),
  });
  if (!res.ok) throw new Error(`admin login answered ${res.status}`);
  return /** @type {{ access_token: string }} */ (await res.json()).access_token;
}

/**
 * Points the web client of the realm at this checkout's web app. The realm file is imported once,
 * with the web port of that day; the port set may have changed since (another checkout took it).
 * A failure here only warns: logins from the web app would fail, nothing else.
 */
async function syncWebClient(env, webOrigin) {
  try {
    const token = await adminToken(env);
    const base = `${env.KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/clients`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const [client] = /** @type {any[]} */ (await (await fetch(`${base}?clientId=hilfenetz-web`, { headers })).json());
    if (!client) throw new Error('the realm has no client hilfenetz-web');
    const callback = `${webOrigin}/callback`;
    // Abmelden comes back to the app's start page (RP-initiated logout): allowed for this origin only.
    const logoutUris = `${webOrigin}/*`;
    if (
      client.redirectUris?.length === 1 &&
      client.redirectUris[0] === callback &&
      client.attributes?.['post.logout.redirect.uris'] === logoutUris
    ) {
      return;
    }
    client.rootUrl = webOrigin;
    client.redirectUris = [callback];
    client.attributes = { ...client.attributes, 'post.logout.redirect.uris': logoutUris };
    const put = await fetch(`${base}/${client.id}`, { method: 'PUT', headers, body: JSON.stringify(client) });
    if (!put.ok) throw new Error(`updating the client answered ${put.status}`);
    log(`Keycloak: the web client now redirects to ${callback}`);
  } catch (err) {
    log(`warning: could not point Keycloak's web client at ${webOrigin}: ${err}`);
  }
}

/**
 * Adds the committed realm's roles and demo users that the running realm lacks. `--import-realm`
 * imports the file only while the realm does not exist, so a role or demo user committed after
 * the first start would otherwise reach a developer's stack only through `stack:reset`. Keycloak's
 * partial import with SKIP leaves everything that exists alone (passwords, sessions, the web
 * client's redirect URIs, keys), so this runs on every start and every `stack:up`.
 * A failure here only warns: the new users could not log in, nothing else.
 */
async function syncRealmRolesAndUsers(ctx, env) {
  try {
    const token = await adminToken(env);
    const committed = JSON.parse(
      fs.readFileSync(path.join(ctx.ROOT, 'infra/dev/keycloak/hilfenetz-realm.json'), 'utf8'),
    );
    const res = await fetch(`${env.KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/partialImport`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ifResourceExists: 'SKIP', roles: committed.roles, users: committed.users }),
    });
    if (!res.ok) throw new Error(`partial import answered ${res.status} ${await res.text()}`);
    const { added } = /** @type {{ added: number }} */ (await res.json());
    if (added > 0) log(`Keycloak: ${added} role(s)/user(s) of the committed realm added to the running realm`);
  } catch (err) {
    log(`warning: could not add the committed realm's new roles and users to Keycloak: ${err}`);
  }
}

/**
 * Starts (or reuses) this checkout's Keycloak and waits until the realm's discovery document
 * answers. `adminPassword`: the bootstrap administrator's (master realm), made on the first start.
 */
export async function ensureKeycloak(ctx, adminPassword) {
  const env = keycloakEnv(ctx, adminPassword);
  const port = ctx.PORTS.keycloak;
  const pidFile = path.join(ctx.RUN_DIR, 'keycloak.pid');
  const logFile = path.join(ctx.LOG_DIR, 'keycloak.log');
  const discovery = `${env.KEYCLOAK_ISSUER}/.well-known/openid-configuration`;
  const webOrigin = `http://127.0.0.1:${ctx.PORTS.web}`;
  const ready = async () => {
    try {
      return (await fetch(discovery)).ok;
    } catch {
      return false;
    }
  };
  const pid = readPid(pidFile);
  if (pid && isAlive(pid) && (await portOpen(port))) {
    await waitUntil({ name: 'Keycloak', logFile, timeoutMs: 180_000, check: ready, alive: () => isAlive(pid) });
    await syncRealmRolesAndUsers(ctx, env);
    await syncWebClient(env, webOrigin);
    return { name: 'keycloak', startedNow: false, env };
  }
  if (await portOpen(port)) {
    fail(`port ${port} is taken by another process. Stop it, set HILFENETZ_KEYCLOAK_PORT, or set OIDC_ISSUER.`);
  }
  const dist = await keycloakDistribution(ctx);
  const home = prepareHome(ctx, dist);
  log(`starting Keycloak ${KEYCLOAK_VERSION} on ${env.KEYCLOAK_URL} (realm ${KEYCLOAK_REALM}, data in var/keycloak)`);
  const started = Date.now();
  const child = spawnDetached(
    path.join(home, 'bin', 'kc.sh'),
    [
      'start',
      '--optimized',
      '--http-enabled=true',
      '--http-host=127.0.0.1',
      `--http-port=${port}`,
      '--hostname-strict=false',
      '--import-realm',
      '--log-level=info,org.keycloak.events:warn',
    ],
    {
      cwd: home,
      env: {
        ...process.env,
        KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_ADMIN_USER,
        KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
        // Placeholder in the realm file: where the web app runs (redirect URI, web origin).
        HILFENETZ_WEB_ORIGIN: webOrigin,
        JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
      },
      logFile,
      pidFile,
    },
  );
  await waitUntil({
    name: 'Keycloak',
    logFile,
    timeoutMs: 240_000,
    alive: () => child.exitCode === null,
    check: ready,
  });
  log(`Keycloak ready after ${Math.round((Date.now() - started) / 1000)} s`);
  await syncRealmRolesAndUsers(ctx, env);
  await syncWebClient(env, webOrigin);
  return { name: 'keycloak', startedNow: true, env };
}

// @ts-check
/**
 * The real Temporal server of the production shape (issue 15), not the dev server `npm start` runs.
 *
 * - Built once from the Go module proxy into the download cache (shared by clones, like Mailpit):
 *   `go install go.temporal.io/server/cmd/server@v<version>` and its schema tool
 *   `go.temporal.io/server/cmd/tools/sql@v<version>`, with the module's Postgres schemas copied
 *   beside them (the module cache may be cleaned; the cluster must still set up).
 * - Postgres persistence and SQL visibility in two databases of a Postgres the caller names by an
 *   administrator URL; a role of its own owns them (the server never connects as the administrator).
 *   The schema tool applies the schemas; re-running set-up changes nothing.
 * - Mutual TLS: a local CA made with `openssl` at set-up signs a node certificate (frontend,
 *   internode, system worker) and a client certificate for the apps. The frontend refuses clients
 *   without one. Data under the directory the caller passes (`var/cluster/temporal`).
 * - All four services (frontend, history, matching, worker) in one process, detached like the dev
 *   stack's servers; after start the namespace and our search attributes are ensured through the
 *   operator API with the cached Temporal CLI, over mTLS.
 *
 * Plain Node, no dependencies (it runs from the stack scripts, before or without node_modules).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, log, portOpen, sleep, tailFile } from '../../dev/lib/util.mjs';
import { isAlive, readPid, spawnDetached, stopPidFile } from '../../dev/lib/processes.mjs';
import { temporalBinary } from '../../dev/lib/temporal.mjs';

/** Bump here; the cache is keyed by it. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';

/** The namespace the apps use on the cluster (`TEMPORAL_NAMESPACE`). */
export const TEMPORAL_NAMESPACE = 'hilfenetz';
/**
 * How long Temporal keeps a closed workflow's history. Short on purpose: the legal record is the
 * event log in Postgres (§9b SGB VIII), while a history holds free text encrypted under the shared
 * transport key, which erasing a young person (destroying their subject key) does not reach; only
 * retention removes it. A week covers looking into a failed run after a weekend. Reasoning in
 * infra/deploy/README.md, "Temporal server".
 */
export const NAMESPACE_RETENTION = '7d';
/** What our workflows set and the API lists by (the dev server declares the same at start). */
export const SEARCH_ATTRIBUTES = /** @type {const} */ ([
  ['HilfenetzCaseId', 'Keyword'],
  ['HilfenetzStatus', 'Keyword'],
  ['HilfenetzOrganisations', 'KeywordList'],
]);

const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'temporal');
/** The name in the node certificate; clients check it unless they reach the frontend as 127.0.0.1. */
export const SERVER_NAME = 'localhost';

/**
 * @typedef {{ frontend: number, frontendMembership: number, history: number, historyMembership: number,
 *   matching: number, matchingMembership: number, worker: number, workerMembership: number, metrics: number }} TemporalServerPorts
 */

/**
 * Nine ports from one: the frontend's, then the other services' and the metrics port after it.
 * The caller chooses the first so that it fits its port set (the cluster's, a test's free range).
 * @param {number} frontend @returns {TemporalServerPorts}
 */
export function temporalServerPorts(frontend) {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 3,
    frontendMembership: frontend + 4,
    historyMembership: frontend + 5,
    matchingMembership: frontend + 6,
    workerMembership: frontend + 7,
    metrics: frontend + 8,
  };
}

/**
 * @typedef {object} TemporalServerOptions
 * @property {string} cacheDir      the download cache (CACHE_DIR of the dev stack, ~/.cache/hilfenetz)
 * @property {string} dataDir       where config, certificates, log and pid live (var/cluster/temporal)
 * @property {string} adminUrl      a Postgres role that may create roles and databases (DATABASE_ADMIN_URL)
 * @property {TemporalServerPorts} ports
 * @property {string} [database]    default `temporal`; visibility is `<database>_visibility`, the role `<database>`
 * @property {string} [host]        the address every service binds to, default 127.0.0.1
 * @property {string} [postgresCaFile] with it, Temporal and the schema tool reach Postgres over TLS (verify-full)
 * @property {string} [logLevel]    the server's log level, default `warn`
 */

/** @param {TemporalServerOptions} opts */
function layout(opts) {
  const d = opts.dataDir;
  const database = opts.database ?? 'temporal';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(database)) fail(`Temporal database name must be plain lower case: ${database}`);
  return {
    database,
    visibilityDatabase: `${database}_visibility`,
    role: database,
    host: opts.host ?? '127.0.0.1',
    tlsDir: path.join(d, 'tls'),
    configDir: path.join(d, 'config'),
    passwordFile: path.join(d, 'secrets', 'postgres.password'),
    logFile: path.join(d, 'temporal.log'),
    pidFile: path.join(d, 'temporal.pid'),
  };
}

/**
 * The variables the apps connect with (libs/config: TEMPORAL_TLS_*), and the address.
 * @param {TemporalServerOptions} opts
 */
export function temporalServerEnv(opts) {
  const l = layout(opts);
  return {
    TEMPORAL_ADDRESS: `${l.host}:${opts.ports.frontend}`,
    TEMPORAL_NAMESPACE,
    TEMPORAL_TLS_CA_FILE: path.join(l.tlsDir, 'ca.crt'),
    TEMPORAL_TLS_CERT_FILE: path.join(l.tlsDir, 'client.crt'),
    TEMPORAL_TLS_KEY_FILE: path.join(l.tlsDir, 'client.key'),
    // The certificate names localhost and 127.0.0.1; a name keeps the check the same if the host changes.
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  };
}

// ---------------------------------------------------------------------------------------------
// Build

/**
 * A command run without blocking the event loop (the build takes minutes).
 * @param {string} cmd @param {string[]} args @param {{ env?: NodeJS.ProcessEnv, capture?: boolean, logFile?: string }} [o]
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function run(cmd, args, o = {}) {
  return new Promise((resolve) => {
    const out = o.logFile ? fs.openSync(o.logFile, 'a') : 'inherit';
    const child = spawn(cmd, args, {
      env: o.env ?? process.env,
      stdio: ['ignore', o.capture ? 'pipe' : out, out],
    });
    let stdout = '';
    child.stdout?.on('data', (c) => (stdout += c));
    child.once('error', (err) => resolve({ code: 127, stdout: String(err) }));
    child.once('close', (code) => {
      if (typeof out === 'number') fs.closeSync(out);
      resolve({ code: code ?? 1, stdout });
    });
  });
}

const goCommand = () =>
  process.env.HILFENETZ_GO ?? (spawnSync('go', ['version']).status === 0 ? 'go' : '/usr/local/go/bin/go');

/**
 * The server, the schema tool and the Postgres schemas, built once per version into the cache.
 * A marker file (`.complete`, with the build's duration) says the folder is whole: an interrupted
 * build leaves only a work folder that the next one removes.
 * @param {{ cacheDir: string }} opts
 * @returns {Promise<{ server: string, sqlTool: string, schemaDir: string, dir: string }>}
 */
export async function temporalServerBinaries(opts) {
  const dir = path.join(opts.cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const result = {
    dir,
    server: path.join(dir, 'bin', 'server'),
    sqlTool: path.join(dir, 'bin', 'sql'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
  if (fs.existsSync(path.join(dir, '.complete'))) return result;

  const go = goCommand();
  fs.mkdirSync(opts.cacheDir, { recursive: true });
  const prefix = `${path.basename(dir)}.build-`;
  for (const old of fs.readdirSync(opts.cacheDir)) {
    const pid = old.startsWith(prefix) ? Number(old.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      fs.rmSync(path.join(opts.cacheDir, old), { recursive: true, force: true });
    }
  }
  const work = path.join(opts.cacheDir, `${prefix}${process.pid}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'bin'), { recursive: true });
  const buildLog = path.join(work, 'build.log');
  const started = Date.now();
  log(`building Temporal server ${TEMPORAL_SERVER_VERSION} from the Go module proxy into ${dir} (once; minutes) …`);
  // GOTOOLCHAIN=local: the module asks for go 1.25 and a newer local Go (1.26 here) builds it
  // without fetching a toolchain; an older one stops with "requires go >= 1.25" in the log.
  // GOFLAGS replaces whatever the caller's environment sets (a -mod=vendor would break the install).
  const env = { ...process.env, GOBIN: path.join(work, 'bin'), GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
  const build = await run(
    go,
    [
      'install',
      `${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
      `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
    ],
    { env, logFile: buildLog },
  );
  if (build.code !== 0 || !fs.existsSync(path.join(work, 'bin', 'server'))) {
    fail(`go install of the Temporal server failed (${go}). Last lines of ${buildLog}:\n${tailFile(buildLog, 40)}`);
  }
  const dl = await run(go, ['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], {
    env: { ...env, GOFLAGS: '' },
    capture: true,
  });
  const moduleDir = dl.code === 0 ? /** @type {{ Dir?: string }} */ (JSON.parse(dl.stdout)).Dir : undefined;
  if (!moduleDir) fail(`go mod download ${MODULE}@v${TEMPORAL_SERVER_VERSION} failed:\n${dl.stdout}`);
  fs.cpSync(
    path.join(/** @type {string} */ (moduleDir), 'schema', 'postgresql', 'v12'),
    path.join(work, 'schema', 'postgresql', 'v12'),
    {
      recursive: true,
    },
  );
  spawnSync('chmod', ['-R', 'u+w', path.join(work, 'schema')]);
  const seconds = Math.round((Date.now() - started) / 1000);
  fs.writeFileSync(path.join(work, '.complete'), `${TEMPORAL_SERVER_VERSION} built in ${seconds}s with ${go}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(work, dir);
  log(`Temporal server ${TEMPORAL_SERVER_VERSION} built in ${seconds}s`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Certificates

/** @param {string[]} args @param {string} [cwd] */
function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/** Whether a certificate file exists and stays valid for at least `days` more days. */
function certValid(file, days) {
  return (
    fs.existsSync(file) &&
    spawnSync('openssl', ['x509', '-in', file, '-noout', '-checkend', String(days * 86400)]).status === 0
  );
}

/**
 * A leaf certificate signed by the CA: a new P-256 key, the extensions from a small config file.
 * @param {string} dir @param {string} name @param {string} subject @param {string} extensions
 */
function issue(dir, name, subject, extensions) {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, extensions);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  fs.chmodSync(path.join(dir, `${name}.key`), 0o600);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '397',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  fs.rmSync(path.join(dir, `${name}.csr`), { force: true });
  fs.rmSync(ext, { force: true });
}

/**
 * The cluster's CA and its certificates, made once and renewed when they have less than 30 days
 * left (a renewed CA renews both leaves). EC P-256: accepted by Go's TLS, by rustls in the worker's
 * native connection and by Node's in the client. Keys are mode 600.
 * - `ca.crt` / `ca.key`: the CA (10 years). Whoever holds the key can hand out access to Temporal.
 * - `server.crt`: the node certificate: localhost and 127.0.0.1 (plus the bind address), for the
 *   frontend and internode listeners, and as client certificate of internode calls and the system worker.
 * - `client.crt`: the apps' client certificate (CN hilfenetz-app, client use only).
 * @param {string} tlsDir @param {string} host
 */
export function ensureTemporalCertificates(tlsDir, host = '127.0.0.1') {
  fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  let renewed = false;
  if (!certValid(path.join(tlsDir, 'ca.crt'), 30) || !fs.existsSync(path.join(tlsDir, 'ca.key'))) {
    log(`making the Temporal cluster's CA in ${tlsDir}`);
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], tlsDir);
    fs.chmodSync(path.join(tlsDir, 'ca.key'), 0o600);
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
        '/O=hilfenetz/CN=hilfenetz Temporal cluster CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-out',
        'ca.crt',
      ],
      tlsDir,
    );
    renewed = true;
  }
  const altNames = ['DNS:localhost', 'IP:127.0.0.1', ...(host !== '127.0.0.1' ? [`IP:${host}`] : [])];
  if (renewed || !certValid(path.join(tlsDir, 'server.crt'), 30)) {
    issue(
      tlsDir,
      'server',
      '/O=hilfenetz/CN=temporal-node',
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        // serverAuth for the listeners, clientAuth because the node is a client of itself (internode, system worker).
        'extendedKeyUsage=serverAuth,clientAuth',
        `subjectAltName=${altNames.join(',')}`,
        '',
      ].join('\n'),
    );
  }
  if (renewed || !certValid(path.join(tlsDir, 'client.crt'), 30)) {
    issue(
      tlsDir,
      'client',
      '/O=hilfenetz/CN=hilfenetz-app',
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=clientAuth',
        '',
      ].join('\n'),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Postgres

/** @param {string} adminUrl */
function adminConnection(adminUrl) {
  const url = new URL(adminUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url, password };
}

/**
 * psql as the administrator, password through the environment (not on the command line, where
 * `ps` would show it).
 * @param {string} adminUrl @param {string} sql @param {string} [db]
 */
function psql(adminUrl, sql, db = 'postgres') {
  const { url, password } = adminConnection(adminUrl);
  url.pathname = `/${db}`;
  return spawnSync('psql', ['-d', url.toString(), '-v', 'ON_ERROR_STOP=1', '-tAc', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
  });
}

/** @param {string} adminUrl @param {string} sql @param {string} what @param {string} [db] */
function psqlOrFail(adminUrl, sql, what, db) {
  const r = psql(adminUrl, sql, db);
  if (r.status !== 0) fail(`${what} failed (Postgres at ${adminConnection(adminUrl).url.host}):\n${r.stderr}`);
  return r.stdout.trim();
}

/** The Temporal role's password: made once, kept in the data directory (mode 600). @param {string} file */
function rolePassword(file) {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The role, the two databases and their schemas. Idempotent: the role's password is set to the one
 * in the data directory (a wiped data directory makes a new one), the databases are created when
 * missing, `setup-schema -v 0.0` runs only on a database without Temporal's version table (run
 * again it would reset the recorded version), and `update-schema` applies what is newer.
 * @param {TemporalServerOptions} opts @param {{ sqlTool: string, schemaDir: string }} bin
 */
async function ensureTemporalDatabases(opts, bin) {
  const l = layout(opts);
  const password = rolePassword(l.passwordFile);
  const exists = psqlOrFail(
    opts.adminUrl,
    `SELECT 1 FROM pg_roles WHERE rolname='${l.role}'`,
    'looking up the Temporal role',
  );
  psqlOrFail(
    opts.adminUrl,
    `${exists === '1' ? 'ALTER' : 'CREATE'} ROLE ${l.role} WITH LOGIN PASSWORD '${password}'`,
    `setting up the role ${l.role}`,
  );
  const { url } = adminConnection(opts.adminUrl);
  for (const [db, kind] of [
    [l.database, 'temporal'],
    [l.visibilityDatabase, 'visibility'],
  ]) {
    if (psqlOrFail(opts.adminUrl, `SELECT 1 FROM pg_database WHERE datname='${db}'`, `looking up ${db}`) !== '1') {
      log(`creating database ${db} (owner ${l.role})`);
      psqlOrFail(opts.adminUrl, `CREATE DATABASE ${db} OWNER ${l.role}`, `creating ${db}`);
    }
    const tool = (/** @type {string[]} */ args) =>
      spawnSync(
        bin.sqlTool,
        [
          '--plugin',
          'postgres12',
          '--ep',
          url.hostname,
          '-p',
          url.port || '5432',
          '-u',
          l.role,
          '--db',
          db,
          ...(opts.postgresCaFile ? ['--tls', '--tls-ca-file', opts.postgresCaFile] : []),
          ...args,
        ],
        { encoding: 'utf8', env: { ...process.env, SQL_PASSWORD: password } },
      );
    const versioned = psqlOrFail(
      opts.adminUrl,
      `SELECT 1 FROM information_schema.tables WHERE table_schema='public' AND table_name='schema_version'`,
      `looking at ${db}`,
      db,
    );
    if (versioned !== '1') {
      const r = tool(['setup-schema', '-v', '0.0']);
      if (r.status !== 0) fail(`temporal-sql-tool setup-schema on ${db} failed:\n${r.stdout}${r.stderr}`);
    }
    const r = tool(['update-schema', '-d', path.join(bin.schemaDir, kind, 'versioned')]);
    if (r.status !== 0) fail(`temporal-sql-tool update-schema on ${db} failed:\n${r.stdout}${r.stderr}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration, start, stop

/**
 * Fills `infra/cluster/temporal/temporal.yaml.template` and copies the dynamic configuration.
 * Written at every start, so the ports and paths of this start are the ones in the file.
 * @param {TemporalServerOptions} opts
 */
function writeConfig(opts) {
  const l = layout(opts);
  const { url } = adminConnection(opts.adminUrl);
  fs.mkdirSync(l.configDir, { recursive: true, mode: 0o700 });
  const dynamicConfig = path.join(l.configDir, 'dynamicconfig.yaml');
  fs.copyFileSync(path.join(TEMPLATE_DIR, 'dynamicconfig.yaml'), dynamicConfig);
  const dbTls = opts.postgresCaFile
    ? [
        '        tls:',
        '          enabled: true',
        '          enableHostVerification: true',
        `          caFile: ${JSON.stringify(opts.postgresCaFile)}`,
      ].join('\n')
    : '';
  /** @type {Record<string, string | number>} */
  const values = {
    LOG_LEVEL: opts.logLevel ?? 'warn',
    HISTORY_SHARDS: 4,
    DB_NAME: l.database,
    VISIBILITY_DB_NAME: l.visibilityDatabase,
    DB_ADDRESS: `${url.hostname}:${url.port || 5432}`,
    DB_USER: l.role,
    DB_PASSWORD: rolePassword(l.passwordFile),
    DB_TLS: dbTls,
    HOST: l.host,
    SERVER_NAME,
    TLS_DIR: l.tlsDir,
    FRONTEND_PORT: opts.ports.frontend,
    FRONTEND_MEMBERSHIP_PORT: opts.ports.frontendMembership,
    HISTORY_PORT: opts.ports.history,
    HISTORY_MEMBERSHIP_PORT: opts.ports.historyMembership,
    MATCHING_PORT: opts.ports.matching,
    MATCHING_MEMBERSHIP_PORT: opts.ports.matchingMembership,
    WORKER_PORT: opts.ports.worker,
    WORKER_MEMBERSHIP_PORT: opts.ports.workerMembership,
    METRICS_PORT: opts.ports.metrics,
    DYNAMIC_CONFIG_FILE: dynamicConfig,
  };
  const template = fs.readFileSync(path.join(TEMPLATE_DIR, 'temporal.yaml.template'), 'utf8');
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name) => {
    if (!(name in values)) fail(`${path.join(TEMPLATE_DIR, 'temporal.yaml.template')}: no value for ${whole}`);
    return String(values[name]);
  });
  // The file holds the role's password.
  fs.writeFileSync(path.join(l.configDir, 'production.yaml'), text, { mode: 0o600 });
}

/**
 * The server's environment: only what a process needs to run. Its configuration is the file; the
 * caller's environment may hold the apps' secrets (master key, database URLs), which the server
 * neither needs nor should show in /proc/<pid>/environ, and TEMPORAL_* variables it would read.
 */
function serverEnv() {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])));
}

/** The environment without TEMPORAL_*: the CLI reads those too (an app's settings must not steer it). */
function cliEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
}

/**
 * The cached Temporal CLI over mTLS with the apps' client certificate.
 * @param {TemporalServerOptions} opts @param {string[]} args
 */
function cli(opts, args) {
  const env = temporalServerEnv(opts);
  const exe = temporalBinary({ CACHE_DIR: opts.cacheDir });
  return spawnSync(
    exe,
    [
      ...args,
      '--address',
      env.TEMPORAL_ADDRESS,
      '--tls-ca-path',
      env.TEMPORAL_TLS_CA_FILE,
      '--tls-cert-path',
      env.TEMPORAL_TLS_CERT_FILE,
      '--tls-key-path',
      env.TEMPORAL_TLS_KEY_FILE,
      '--tls-server-name',
      env.TEMPORAL_TLS_SERVER_NAME,
      '--command-timeout',
      '15s',
      // Only these flags: no profile from the user's ~/.config/temporalio steers it either.
      '--disable-config-file',
    ],
    { encoding: 'utf8', env: cliEnv() },
  );
}

/**
 * The namespace with its retention, and our search attributes in it (SQL visibility keeps custom
 * search attributes per namespace). Each step only when missing, so a restart changes nothing; a
 * changed retention is applied with `namespace update`.
 * @param {TemporalServerOptions} opts
 */
async function ensureNamespace(opts) {
  const described = cli(opts, ['operator', 'namespace', 'describe', '--namespace', TEMPORAL_NAMESPACE, '-o', 'json']);
  if (described.status !== 0) {
    log(`registering Temporal namespace ${TEMPORAL_NAMESPACE} (retention ${NAMESPACE_RETENTION})`);
    const r = cli(opts, [
      'operator',
      'namespace',
      'create',
      '--namespace',
      TEMPORAL_NAMESPACE,
      '--retention',
      NAMESPACE_RETENTION,
      '--description',
      'hilfenetz crisis coordination; the event log in Postgres is the record',
    ]);
    if (r.status !== 0 && !/already (exists|registered)/i.test(r.stderr)) {
      fail(`registering the namespace ${TEMPORAL_NAMESPACE} failed:\n${r.stdout}${r.stderr}`);
    }
  } else {
    const retention = /** @type {{ config?: { workflowExecutionRetentionTtl?: string } }} */ (
      JSON.parse(described.stdout)
    ).config?.workflowExecutionRetentionTtl;
    if (retention !== `${retentionSeconds(NAMESPACE_RETENTION)}s`) {
      log(`setting the retention of ${TEMPORAL_NAMESPACE} to ${NAMESPACE_RETENTION} (was ${retention})`);
      const r = cli(opts, [
        'operator',
        'namespace',
        'update',
        '--namespace',
        TEMPORAL_NAMESPACE,
        '--retention',
        NAMESPACE_RETENTION,
      ]);
      if (r.status !== 0) fail(`updating the namespace ${TEMPORAL_NAMESPACE} failed:\n${r.stdout}${r.stderr}`);
    }
  }
  // A new namespace reaches the services' namespace cache only after its next refresh (about 10 s):
  // until then calls naming it answer "not found".
  const listed = await cliUntilOk(opts, [
    'operator',
    'search-attribute',
    'list',
    '--namespace',
    TEMPORAL_NAMESPACE,
    '-o',
    'json',
  ]);
  if (listed.status !== 0) fail(`listing search attributes failed:\n${listed.stdout}${listed.stderr}`);
  for (const [name, type] of SEARCH_ATTRIBUTES.filter(([n]) => !listed.stdout.includes(`"${n}"`))) {
    // One per call: the CLI takes one --type for all the names it is given.
    const r = await cliUntilOk(opts, [
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      TEMPORAL_NAMESPACE,
      '--name',
      name,
      '--type',
      type,
    ]);
    if (r.status !== 0) fail(`registering the search attribute ${name} (${type}) failed:\n${r.stdout}${r.stderr}`);
  }
}

/**
 * The CLI, repeated every half second until it succeeds or 30 s have passed; the last answer.
 * @param {TemporalServerOptions} opts @param {string[]} args
 */
async function cliUntilOk(opts, args) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = cli(opts, args);
    if (r.status === 0 || Date.now() > deadline) return r;
    await sleep(500);
  }
}

/** `7d` → 604800. @param {string} s */
function retentionSeconds(s) {
  const m = /^(\d+)([dh])$/.exec(s);
  if (!m) throw new Error(`retention ${s}: use <n>d or <n>h`);
  return Number(m[1]) * (m[2] === 'd' ? 86400 : 3600);
}

/**
 * Everything before the first start, idempotent: binaries, certificates, databases and schemas.
 * @param {TemporalServerOptions} opts
 */
export async function setupTemporalServer(opts) {
  const bin = await temporalServerBinaries(opts);
  const l = layout(opts);
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  ensureTemporalCertificates(l.tlsDir, l.host);
  await ensureTemporalDatabases(opts, bin);
  return bin;
}

/**
 * Starts the server (set-up first), waits until the frontend answers a health check over mTLS,
 * then ensures the namespace and the search attributes. A server of this data directory that runs
 * already is left running. On failure the log's last lines are printed (and the command stops).
 * @param {TemporalServerOptions & { timeoutMs?: number }} opts
 * @returns {Promise<{ name: string, startedNow: boolean, env: ReturnType<typeof temporalServerEnv> }>}
 */
export async function startTemporalServer(opts) {
  const l = layout(opts);
  const env = temporalServerEnv(opts);
  const pid = readPid(l.pidFile);
  if (pid && isAlive(pid)) {
    if (await portOpen(opts.ports.frontend, l.host)) {
      await ensureNamespace(opts);
      return { name: 'temporal-server', startedNow: false, env };
    }
    // A second server on the same databases would fight the first over the history shards.
    fail(
      `a Temporal server of ${opts.dataDir} runs already (pid ${pid}) but not on port ${opts.ports.frontend}: stop it first.`,
    );
  }
  for (const [name, port] of Object.entries(opts.ports)) {
    if (await portOpen(port, l.host)) {
      fail(`port ${port} (Temporal server, ${name}) is taken by another process; choose other ports.`);
    }
  }
  const bin = await setupTemporalServer(opts);
  writeConfig(opts);
  log(
    `starting Temporal server ${TEMPORAL_SERVER_VERSION} on ${env.TEMPORAL_ADDRESS} (mTLS; metrics :${opts.ports.metrics})`,
  );
  const child = spawnDetached(
    bin.server,
    [
      '--root',
      opts.dataDir,
      '--config',
      'config',
      '--env',
      'production',
      // No authorizer: the frontend lets in only certificates our CA signed (requireClientAuth).
      '--allow-no-auth',
      'start',
      '--service=frontend',
      '--service=history',
      '--service=matching',
      '--service=worker',
    ],
    { cwd: opts.dataDir, env: serverEnv(), logFile: l.logFile, pidFile: l.pidFile },
  );
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || !isAlive(/** @type {number} */ (child.pid))) {
      fs.rmSync(l.pidFile, { force: true });
      fail(`Temporal server exited during start. Last lines of ${l.logFile}:\n${tailFile(l.logFile, 40)}`);
    }
    if ((await portOpen(opts.ports.frontend, l.host)) && cli(opts, ['operator', 'cluster', 'health']).status === 0)
      break;
    if (Date.now() > deadline) {
      await stopPidFile(l.pidFile, 'Temporal server');
      fail(
        `Temporal server did not become healthy within ${(opts.timeoutMs ?? 120_000) / 1000}s. Last lines of ${l.logFile}:\n${tailFile(l.logFile, 40)}`,
      );
    }
    await sleep(500);
  }
  // The frontend answers before the system namespace's workers are up; registering a namespace
  // right then can time out. Retried for a while rather than failing the start.
  for (let attempt = 1; ; attempt++) {
    const probe = cli(opts, ['operator', 'namespace', 'list', '-o', 'json']);
    if (probe.status === 0) break;
    if (attempt >= 40) fail(`Temporal server answers but lists no namespaces:\n${probe.stderr}`);
    await sleep(500);
  }
  await ensureNamespace(opts);
  return { name: 'temporal-server', startedNow: true, env };
}

/** SIGTERM, then SIGKILL after 20 s (processes.mjs). @param {TemporalServerOptions} opts */
export async function stopTemporalServer(opts) {
  await stopPidFile(layout(opts).pidFile, 'Temporal server');
}

/**
 * Whether it runs, on which address, where its data and log are.
 * @param {TemporalServerOptions} opts
 */
export function temporalServerStatus(opts) {
  const l = layout(opts);
  const pid = readPid(l.pidFile);
  const running = Boolean(pid && isAlive(pid));
  return {
    name: 'temporal-server',
    running,
    pid: running ? pid : null,
    address: `${l.host}:${opts.ports.frontend}`,
    metrics: `http://${l.host}:${opts.ports.metrics}/metrics`,
    dataDir: opts.dataDir,
    logFile: l.logFile,
    databases: [l.database, l.visibilityDatabase],
  };
}

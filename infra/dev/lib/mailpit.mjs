// @ts-check
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log, portOpen, waitUntil } from './util.mjs';
import { isAlive, readPid, spawnDetached } from './processes.mjs';

/** Mailpit, the local mail catcher (Go module). Bump here; the cache is keyed by it. */
export const MAILPIT_VERSION = '1.33.1';
const MODULE = 'github.com/axllent/mailpit';
/**
 * The `go` line of Mailpit's go.mod. A Go from 1.21 on fetches this toolchain itself
 * (GOTOOLCHAIN=auto, through the module proxy); an older one (Debian 12 ships 1.19) gets it here.
 */
const GO_TOOLCHAIN = '1.26.0';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs a command without blocking the event loop: the Mailpit build takes minutes and runs while
 * Postgres, Temporal and Kafka start and are polled for readiness.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, capture?: boolean }} [opts]
 * @returns {Promise<{ code: number, stdout: string }>}
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    child.stdout?.on('data', (c) => (stdout += c));
    child.once('error', (err) => resolve({ code: 127, stdout: String(err) }));
    child.once('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** [major, minor] of `go version`, or null when there is no usable go. */
function goVersion(go) {
  const r = spawnSync(go, ['version'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const m = r.status === 0 ? /go(\d+)\.(\d+)/.exec(r.stdout) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * A `go` that can build Mailpit: the one on PATH (Debian's golang-go installed first when missing
 * and we are root), and for a Go older than 1.21 the toolchain module from the Go module proxy.
 * @returns {Promise<{ go: string, env: NodeJS.ProcessEnv }>}
 */
async function goForMailpit(ctx) {
  let version = goVersion('go');
  if (!version && isRoot() && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    log('installing Debian package golang-go (apt-get), needed once to build Mailpit …');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'golang-go'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    version = goVersion('go');
  }
  if (!version) {
    fail(
      'Go is required once to build Mailpit (the local mail catcher). Install it (Debian: apt-get install golang-go), set HILFENETZ_MAILPIT_BIN to a mailpit binary, or set SMTP_URL to an existing SMTP server.',
    );
  }
  // GOTOOLCHAIN=auto lets go 1.21+ switch to the toolchain Mailpit's go.mod asks for; the user's
  // `go env -w GOTOOLCHAIN=local` would otherwise stop the build.
  const env = { ...process.env, GOTOOLCHAIN: 'auto', GOFLAGS: '-buildvcs=false -mod=readonly' };
  const [major, minor] = /** @type {[number, number]} */ (version);
  if (major > 1 || minor >= 21) return { go: 'go', env };

  // Go 1.19/1.20 know nothing of toolchain switching, but can download any module, and the Go
  // toolchains are published as one: golang.org/toolchain@v0.0.1-go<version>.<os>-<arch>.
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' }[
    process.arch
  ];
  const toolchain = `golang.org/toolchain@v0.0.1-go${GO_TOOLCHAIN}.${process.platform}-${arch}`;
  log(`go ${major}.${minor} is older than 1.21: fetching ${toolchain} from the Go module proxy`);
  const dl = await run('go', ['mod', 'download', '-json', toolchain], {
    env: { ...process.env, GOFLAGS: '', GO111MODULE: 'on', GOMODCACHE: path.join(ctx.CACHE_DIR, 'go-toolchain') },
    capture: true,
  });
  const dir = dl.code === 0 ? /** @type {{ Dir?: string }} */ (JSON.parse(dl.stdout)).Dir : undefined;
  const go = dir ? path.join(dir, 'bin', 'go') : '';
  // Module zips keep no exec bits; Go's own toolchain switch sets them the same way.
  if (dir) spawnSync('chmod', ['-R', 'u+x', path.join(dir, 'bin'), path.join(dir, 'pkg', 'tool')]);
  if (!go || !goVersion(go)) fail(`could not fetch the Go toolchain ${toolchain}:\n${dl.stdout}`);
  return { go, env: { ...env, GOTOOLCHAIN: 'local' } };
}

/**
 * The build script of Mailpit's web UI, minus its API documentation page (`docs.js`): that page
 * needs rapidoc 12, which the npm registry here does not serve, and nobody needs it locally.
 */
const UI_BUILD_SCRIPT = `import * as esbuild from 'esbuild';
import pluginVue from 'esbuild-plugin-vue-next';
import { sassPlugin } from 'esbuild-sass-plugin';
await esbuild.build({
  entryPoints: ['server/ui-src/app.js'],
  bundle: true,
  minify: true,
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  outdir: 'server/ui/dist/',
  plugins: [pluginVue(), sassPlugin({ silenceDeprecations: ['import'], quietDeps: true })],
  loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file' },
  logLevel: 'warning',
});
`;

/**
 * Builds Mailpit's web UI into its source tree (server/ui/dist), which `go:embed` then puts into
 * the binary. The Go module carries the UI's sources but not the built files, so a plain
 * `go install` gives a Mailpit whose API works and whose web page stays blank.
 * Returns false (and the build carries on without the page) when npm cannot provide the packages.
 */
async function buildMailpitUi(src) {
  const pkgFile = path.join(src, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const buildTools = ['esbuild', 'esbuild-plugin-vue-next', 'esbuild-sass-plugin', '@vue/compiler-sfc'];
  // Only what the bundle and its build need: no linters, no Playwright. The lock file pins versions
  // the registry mirror does not all serve, so versions resolve from package.json's ranges.
  pkg.devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies ?? {}).filter(([name]) => buildTools.includes(name)),
  );
  delete pkg.dependencies.rapidoc;
  delete pkg.overrides;
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  fs.rmSync(path.join(src, 'package-lock.json'), { force: true });
  fs.writeFileSync(path.join(src, 'hilfenetz-build-ui.mjs'), UI_BUILD_SCRIPT);
  const npm = await run(
    'npm',
    [
      'install',
      '--no-package-lock',
      '--legacy-peer-deps',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--update-notifier=false',
      '--loglevel=error',
    ],
    { cwd: src },
  );
  if (npm.code !== 0) return false;
  const build = await run(process.execPath, ['hilfenetz-build-ui.mjs'], { cwd: src });
  return build.code === 0 && fs.existsSync(path.join(src, 'server', 'ui', 'dist', 'app.js'));
}

/**
 * Mailpit from the Go module proxy, built once per version into the cache (shared by clones):
 * the module's source, its web UI built with npm, then `go build` with the version stamped in.
 * @returns {Promise<string>} the binary
 */
export async function mailpitBinary(ctx) {
  if (process.env.HILFENETZ_MAILPIT_BIN) return process.env.HILFENETZ_MAILPIT_BIN;
  const dir = path.join(ctx.CACHE_DIR, `mailpit-${MAILPIT_VERSION}`);
  const exe = path.join(dir, 'bin', 'mailpit');
  if (fs.existsSync(exe)) {
    if (fs.existsSync(path.join(dir, 'ui-missing'))) {
      log(`Mailpit in ${dir} was built without its web page (its API works); delete that folder to try again`);
    }
    return exe;
  }
  const started = Date.now();
  log(`building Mailpit ${MAILPIT_VERSION} from the Go module proxy into ${dir} (once, a few minutes) …`);
  const { go, env } = await goForMailpit(ctx);
  // A private work folder, renamed into place at the end: an interrupted or parallel build never
  // leaves a half-built cache entry behind.
  const work = `${dir}.build-${process.pid}`;
  // Work folders of builds that were interrupted (their process is gone).
  const prefix = `${path.basename(dir)}.build-`;
  for (const old of fs.existsSync(ctx.CACHE_DIR) ? fs.readdirSync(ctx.CACHE_DIR) : []) {
    const pid = old.startsWith(prefix) ? Number(old.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      fs.rmSync(path.join(ctx.CACHE_DIR, old), { recursive: true, force: true });
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  try {
    const dl = await run(go, ['mod', 'download', '-json', `${MODULE}@v${MAILPIT_VERSION}`], {
      env: { ...env, GOFLAGS: '' },
      capture: true,
    });
    const moduleDir = dl.code === 0 ? /** @type {{ Dir?: string }} */ (JSON.parse(dl.stdout)).Dir : undefined;
    if (!moduleDir) fail(`go mod download ${MODULE}@v${MAILPIT_VERSION} failed:\n${dl.stdout}`);
    const src = path.join(work, 'src');
    fs.cpSync(/** @type {string} */ (moduleDir), src, { recursive: true });
    // The module cache is read-only; the UI build writes into the copy.
    spawnSync('chmod', ['-R', 'u+w', src]);

    const withUi = await buildMailpitUi(src);
    if (!withUi) log('Mailpit web UI could not be built (npm, see above): building without its page, the API works');
    const build = await run(
      go,
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-s -w -X ${MODULE}/config.Version=v${MAILPIT_VERSION}`,
        '-o',
        path.join(work, 'bin', 'mailpit'),
        '.',
      ],
      // Mailpit's SQLite is pure Go: no C compiler needed.
      { cwd: src, env: { ...env, CGO_ENABLED: '0' } },
    );
    if (build.code !== 0) fail(`building Mailpit ${MAILPIT_VERSION} failed (see above).`);
    fs.rmSync(src, { recursive: true, force: true });
    if (!withUi) fs.writeFileSync(path.join(work, 'ui-missing'), 'npm could not provide the web UI packages\n');
    try {
      fs.renameSync(work, dir);
    } catch (err) {
      // Another run finished the same build first: use its result.
      if (!fs.existsSync(exe)) throw err;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  log(`Mailpit ${MAILPIT_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s`);
  return exe;
}

/**
 * Starts (or reuses) Mailpit: SMTP for the apps, web UI and REST API for people and tests, its
 * messages in var/mailpit.
 */
export async function ensureMailpit(ctx) {
  const { smtp, mailpit } = ctx.PORTS;
  const uiUrl = `http://127.0.0.1:${mailpit}`;
  const env = { SMTP_URL: `smtp://127.0.0.1:${smtp}`, MAILPIT_URL: uiUrl };
  const pidFile = path.join(ctx.RUN_DIR, 'mailpit.pid');
  const logFile = path.join(ctx.LOG_DIR, 'mailpit.log');
  const ready = async () => {
    try {
      return (await fetch(`${uiUrl}/readyz`)).ok && (await portOpen(smtp));
    } catch {
      return false;
    }
  };
  const pid = readPid(pidFile);
  if (pid && isAlive(pid) && (await ready())) return { name: 'mailpit', startedNow: false, env };
  for (const [port, variable] of [
    [smtp, 'HILFENETZ_SMTP_PORT'],
    [mailpit, 'HILFENETZ_MAILPIT_PORT'],
  ]) {
    if (await portOpen(Number(port))) {
      fail(
        `port ${port} is taken by another process. Stop it, set ${variable}, or set SMTP_URL to use an existing SMTP server.`,
      );
    }
  }
  const exe = await mailpitBinary(ctx);
  const dataDir = path.join(ctx.VAR, 'mailpit');
  fs.mkdirSync(dataDir, { recursive: true });
  log(`starting Mailpit: SMTP 127.0.0.1:${smtp}, web UI ${uiUrl}`);
  const child = spawnDetached(
    exe,
    [
      '--listen',
      `127.0.0.1:${mailpit}`,
      '--smtp',
      `127.0.0.1:${smtp}`,
      '--database',
      path.join(dataDir, 'mailpit.db'),
      // It would ask GitHub for a newer release at every start; there is no internet here.
      '--disable-version-check',
      // Enough for a day of test runs; the oldest go first.
      '--max',
      '5000',
      '--label',
      'hilfenetz (lokal)',
    ],
    { cwd: dataDir, env: process.env, logFile, pidFile },
  );
  await waitUntil({
    name: 'Mailpit',
    logFile,
    timeoutMs: 30_000,
    alive: () => child.exitCode === null,
    check: ready,
  });
  return { name: 'mailpit', startedNow: true, env };
}

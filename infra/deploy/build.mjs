#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: everything production runs, as plain JavaScript under dist/ (docs/adr/0022).
 *
 *   dist/apps/<app>/src/…               api, worker, projector, sms-gateway (start: node dist/apps/<app>/src/main.js)
 *   dist/node_modules/@hilfenetz/<lib>  every library and workflow package the apps import, compiled
 *   dist/workflows/crisis-bundle.js     the worker's prebuilt workflow bundle (WORKFLOW_BUNDLE_PATH)
 *   dist/web/                           the static web build, without source maps
 *   dist/build-info.json                commit, time and the OIDC issuer the web build was made for
 *
 * The apps import our packages by name (`@hilfenetz/config`); Node finds the compiled ones in
 * dist/node_modules before the workspace links in ./node_modules, which point at TypeScript
 * sources. Third-party packages still come from ./node_modules.
 *
 * Compiler: SWC (@swc/core), with the settings the dev runtime (@swc-node/register) and jest use,
 * so the built code is transpiled exactly as the tested code is — decorator metadata included,
 * which NestJS's dependency injection reads. Type checking stays `npm run typecheck`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist');

/** The apps production runs; apps/web is built by Vite, not here. */
const APPS = ['api', 'worker', 'projector', 'sms-gateway'];
/** Test helpers never ship. */
const NOT_SHIPPED = new Set(['libs/testing']);

/** Mirrors jest.config.js and the root tsconfig (what @swc-node/register runs in development). */
const SWC_OPTIONS = /** @type {import('@swc/core').Options} */ ({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
});

const log = (msg) => console.log(`[build] ${msg}`);

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(file);
    else if (!/\.(spec|test)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield file;
  }
}

/** Compiles one package's src/ into `outDir`/src: .ts to .js, JSON (agreement seed data) copied. */
async function compilePackage(pkgDir, outDir) {
  let count = 0;
  const jobs = [];
  for (const file of sourceFiles(path.join(pkgDir, 'src'))) {
    const rel = path.relative(pkgDir, file);
    if (file.endsWith('.ts')) {
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      jobs.push(
        transformFile(file, { ...SWC_OPTIONS, filename: file }).then(({ code }) => {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, code);
        }),
      );
      count++;
    } else if (file.endsWith('.json')) {
      fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
      fs.copyFileSync(file, path.join(outDir, rel));
    }
  }
  await Promise.all(jobs);
  return count;
}

function run(label, cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => {
      if (code === 0) {
        log(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        resolve(output);
      } else reject(new Error(`${label} failed (exit ${code}):\n${output}`));
    });
  });
}

function* filesUnder(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else yield file;
  }
}

async function main() {
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.mkdirSync(DIST, { recursive: true });

  // The web build bakes the issuer in (Vite `define`); the production shape checks it at start.
  const oidcIssuer = (process.env.HILFENETZ_OIDC_ISSUER ?? 'http://127.0.0.1:18080/realms/hilfenetz').replace(
    /\/$/,
    '',
  );
  // The two slow steps run beside the compilation (each mostly on its own core).
  const web = run(
    'web build (vite)',
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      'apps/web',
      '--outDir',
      path.join(DIST, 'web'),
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { env: { ...process.env, HILFENETZ_OIDC_ISSUER: oidcIssuer } },
  );
  const bundle = run('workflow bundle', process.execPath, [
    '-r',
    '@swc-node/register',
    'apps/worker/src/build-workflow-bundle.ts',
    path.join(DIST, 'workflows/crisis-bundle.js'),
  ]);

  let files = 0;
  for (const group of ['libs', 'workflows']) {
    for (const name of fs.readdirSync(path.join(ROOT, group)).sort()) {
      const pkgDir = path.join(ROOT, group, name);
      if (NOT_SHIPPED.has(`${group}/${name}`) || !fs.existsSync(path.join(pkgDir, 'package.json'))) continue;
      const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
      const outDir = path.join(DIST, 'node_modules', ...pkg.name.split('/'));
      files += await compilePackage(pkgDir, outDir);
      // The workspace's package.json points at src/*.ts (entry and subpaths such as `/messages`);
      // the compiled one at the JavaScript.
      const toJs = (target) => target.replace(/\.ts$/, '.js');
      const exports = Object.fromEntries(
        Object.entries(pkg.exports ?? { '.': pkg.main }).map(([sub, target]) => [sub, toJs(target)]),
      );
      fs.writeFileSync(
        path.join(outDir, 'package.json'),
        JSON.stringify(
          { name: pkg.name, version: pkg.version, private: true, main: toJs(pkg.main), exports },
          null,
          2,
        ) + '\n',
      );
    }
  }
  for (const app of APPS) files += await compilePackage(path.join(ROOT, 'apps', app), path.join(DIST, 'apps', app));
  log(`compiled ${files} TypeScript files with SWC (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  await Promise.all([web, bundle]);
  // Source maps would hand anyone the full client source with its comments; vite.config.ts turns
  // them off, and this keeps it so should someone turn them on again.
  const maps = [...filesUnder(path.join(DIST, 'web'))].filter((f) => f.endsWith('.map'));
  if (maps.length) throw new Error(`the web build contains source maps: ${maps.join(', ')}`);

  const commit = await run('commit id', 'git', ['rev-parse', 'HEAD']).then(
    (out) => out.trim(),
    () => 'unknown',
  );
  fs.writeFileSync(
    path.join(DIST, 'build-info.json'),
    JSON.stringify({ commit, builtAt: new Date().toISOString(), oidcIssuer }, null, 2) + '\n',
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${path.relative(ROOT, DIST)}/`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

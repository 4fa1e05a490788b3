import { configSchema, SECRET_FILE_VARIABLES } from '@hilfenetz/config';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The systemd units operators install on VMs (infra/deploy/systemd, infra/deploy/README.md): each
 * one is what systemd itself accepts without a warning (`systemd-analyze verify`), starts a built
 * app that exists, hardens the service and sets only variables the apps know — so a misspelt
 * setting fails here, not silently on a Landkreis's server.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const UNITS = path.join(ROOT, 'infra', 'deploy', 'systemd');
const units = readdirSync(UNITS).filter((f) => /\.(service|target)$/.test(f));
const services = units.filter((f) => f.endsWith('.service'));
const known = new Set([
  ...Object.keys(configSchema.innerType().shape),
  ...SECRET_FILE_VARIABLES.map((n) => `${n}_FILE`),
]);

/** Verifies units as systemd would load them: templates as instance `1`, in a folder of their own. */
function verify(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-units-'));
  try {
    const names: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), text);
      const instance = name.replace('@.service', '@1.service');
      if (instance !== name) symlinkSync(path.join(dir, name), path.join(dir, instance));
      names.push(path.join(dir, instance));
    }
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...names], { encoding: 'utf8' });
    if (r.error) throw new Error(`systemd-analyze: ${r.error.message} (Debian: apt-get install systemd)`);
    return `${r.stdout}${r.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = (f: string) => readFileSync(path.join(UNITS, f), 'utf8');

describe('the systemd units of infra/deploy', () => {
  it('are the api, worker and projector templates and a target that groups them', () => {
    expect(units.sort()).toEqual([
      'hilfenetz-api@.service',
      'hilfenetz-projector@.service',
      'hilfenetz-worker@.service',
      'hilfenetz.target',
    ]);
  });

  it('load in systemd without a single warning', () => {
    expect(verify(Object.fromEntries(units.map((f) => [f, text(f)])))).toBe('');
  });

  it('would show a misspelt setting (the check above can fail)', () => {
    const bad = text('hilfenetz-api@.service').replace('ProtectSystem=strict', 'ProtectSystm=strict');
    expect(verify({ 'hilfenetz-api@.service': bad })).toMatch(/Unknown key 'ProtectSystm'/);
  });

  it.each(services)('%s starts a built app in production mode, hardened, with its key as a credential', (f) => {
    const unit = text(f);
    const app = /^ExecStart=\/usr\/bin\/node dist\/apps\/([a-z-]+)\/src\/main\.js$/m.exec(unit)?.[1];
    expect(app).toBeDefined();
    // The build compiles apps/<app>/src 1:1 into dist/apps/<app>/src (infra/deploy/build.mjs).
    expect(existsSync(path.join(ROOT, 'apps', app!, 'src', 'main.ts'))).toBe(true);
    expect(unit).toMatch(/^Environment=NODE_ENV=production$/m);
    for (const setting of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'CapabilityBoundingSet=', 'User=hilfenetz']) {
      expect(unit.split('\n')).toContain(setting);
    }
    expect(unit).toMatch(/^LoadCredential=master-key:/m);
    expect(unit).toMatch(/^Environment=PERSONAL_DATA_MASTER_KEY_FILE=%d\/master-key$/m);
    expect(unit).not.toMatch(/^Environment=PERSONAL_DATA_MASTER_KEY=/m);
  });

  it.each(services)('%s sets only variables the apps read', (f) => {
    const names = [...text(f).matchAll(/^Environment=([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

/**
 * The production shape on one machine (docs/adr/0022): the built apps under dist/ run with plain
 * `node` in production mode, behind Caddy with TLS from its local CA, over servers someone else
 * runs (here the dev stack's Postgres, Temporal, Kafka and Keycloak). Used by `npm run prod:up`
 * and by tests/production.
 */

export interface ShapePorts {
  https: number;
  /** One port per API instance (`replicas` of them); a single number for one. */
  api: number | readonly number[];
  /** The development SMS/voice gateway; only started when SMS_GATEWAY_URL names none. */
  smsGateway: number;
}

export interface ShapeOptions {
  /** The checkout (dist/ and infra/deploy/ are read from here). */
  root: string;
  /** This shape's state: logs, pid files, Caddy's CA, the key file. */
  dir: string;
  /** Servers and secrets: DATABASE_URL, TEMPORAL_ADDRESS, KAFKA_BROKERS, OIDC_ISSUER, PERSONAL_DATA_MASTER_KEY(_FILE), … */
  env: NodeJS.ProcessEnv;
  ports: ShapePorts;
  /** Start detached (survives this process: `prod:up`) or as children (a test). */
  detached?: boolean;
  /**
   * How many of each app (API, worker, projector); default 1. With more than one, Caddy balances
   * over the APIs and skips a dead one; the processes are named `<app>-<n>` (the cluster shape).
   */
  replicas?: number;
}

export interface ShapeProcess {
  /** `api`, or `api-2` with replicas; `caddy`. */
  name: string;
  /** Which built app runs in it (`api`, `worker`, …), or `caddy`. */
  app: string;
  pid: number;
  logFile: string;
  /** The port an API instance listens on. */
  port?: number;
}

export interface RunningShape {
  url: string;
  /** The local CA's root certificate (PEM): what a client trusts to reach `url`. */
  caCertificateFile: string;
  processes: ShapeProcess[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const APPS = ['sms-gateway', 'api', 'worker', 'projector'] as const;

/**
 * Caddy from Debian: found on the PATH or, as root with apt-get, installed (as the dev stack
 * installs Postgres); otherwise the error says how to install it.
 */
export function caddyBinary(): string {
  const found = () => spawnSync('caddy', ['version'], { encoding: 'utf8' }).status === 0;
  if (found()) return 'caddy';
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0) {
    console.log('[prod] installing Caddy (apt-get install caddy) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'caddy'], { stdio: 'inherit', env });
    // Debian's package starts a system-wide Caddy on :80; this shape runs its own.
    spawnSync('systemctl', ['disable', '--now', 'caddy'], { stdio: 'ignore' });
    if (found()) return 'caddy';
  }
  throw new Error(
    `Caddy is missing: ${process.getuid?.() === 0 ? '' : 'sudo '}apt-get install -y --no-install-recommends caddy`,
  );
}

/** Reads a file from the built tree or says how to make it. */
function built(root: string, rel: string): string {
  const file = path.join(root, 'dist', rel);
  if (!fs.existsSync(file)) throw new Error(`${path.join('dist', rel)} is missing: run npm run build first`);
  return file;
}

function pidFile(dir: string, name: string): string {
  return path.join(dir, 'run', `${name}.pid`);
}

/** An HTTPS GET that trusts only `ca`: a client of the shape as a browser given the root would be. */
export function httpsRequest(
  url: string,
  ca: string | Buffer,
  opts: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  alive: () => string | null,
) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const dead = alive();
    if (dead) throw new Error(`${dead} exited while waiting for ${what}`);
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const tail = (file: string, lines = 30) => {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

export async function startProductionShape(o: ShapeOptions): Promise<RunningShape> {
  const caddy = caddyBinary();
  const entries = Object.fromEntries(APPS.map((a) => [a, built(o.root, `apps/${a}/src/main.js`)]));
  const bundle = built(o.root, 'workflows/crisis-bundle.js');
  const webRoot = path.dirname(built(o.root, 'web/index.html'));
  for (const sub of ['log', 'run', 'secrets', 'caddy'])
    fs.mkdirSync(path.join(o.dir, sub), { recursive: true, mode: 0o700 });

  const replicas = o.replicas ?? 1;
  const apiPorts = typeof o.ports.api === 'number' ? [o.ports.api] : [...o.ports.api];
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`replicas must be 1 or more, not ${replicas}`);
  if (apiPorts.length !== replicas)
    throw new Error(`${replicas} API instance(s) need as many ports, not ${apiPorts.length}`);
  const issuer = new URL(o.env.OIDC_ISSUER ?? '');
  const url = `https://${HOST}:${o.ports.https}`;

  // The master key reaches the apps as a file (PERSONAL_DATA_MASTER_KEY_FILE), as a secret store
  // or systemd credential would hand it over, not through their environment.
  const { PERSONAL_DATA_MASTER_KEY: key, ...rest } = o.env;
  const keyFile = rest.PERSONAL_DATA_MASTER_KEY_FILE ?? path.join(o.dir, 'secrets', 'personal-data-master.key');
  if (!rest.PERSONAL_DATA_MASTER_KEY_FILE) {
    if (!key) throw new Error('PERSONAL_DATA_MASTER_KEY or PERSONAL_DATA_MASTER_KEY_FILE is required');
    fs.writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  }
  const localGateway = !rest.SMS_GATEWAY_URL;
  const appEnv: NodeJS.ProcessEnv = {
    ...rest,
    NODE_ENV: 'production',
    PERSONAL_DATA_MASTER_KEY_FILE: keyFile,
    API_PORT: String(apiPorts[0]),
    WORKFLOW_BUNDLE_PATH: bundle,
    PUBLIC_APP_URL: url,
    ...(localGateway
      ? {
          SMS_GATEWAY_URL: `http://${HOST}:${o.ports.smsGateway}/messages`,
          SMS_GATEWAY_PORT: String(o.ports.smsGateway),
          // Receipts come back the way a real provider's would: through the proxy, to whichever
          // API instance is alive (the gateway trusts the local CA, below). Straight to one
          // instance, every receipt was lost while that one was down.
          NOTIFICATION_RECEIPT_URL: `${url}/api/notifications/gateway-receipts`,
        }
      : {}),
  };

  const processes: (ShapeProcess & { child: ReturnType<typeof spawn> })[] = [];
  const start = (name: string, app: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, port?: number) => {
    const logFile = path.join(o.dir, 'log', `${name}.log`);
    // A fresh log per start: the readiness lines below are looked for in it.
    const out = fs.openSync(logFile, 'w');
    const child = spawn(cmd, args, { cwd: o.root, env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    if (o.detached) child.unref();
    fs.writeFileSync(pidFile(o.dir, name), String(child.pid));
    processes.push({ name, app, pid: child.pid!, logFile, child, ...(port === undefined ? {} : { port }) });
  };
  const exited = () => {
    const gone = processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    return gone ? `${gone.name} (last lines of ${gone.logFile}:\n${tail(gone.logFile)})` : null;
  };

  const stop = async () => {
    await Promise.all(processes.map((p) => stopProcess(p.pid, p.name, o.dir)));
  };
  /** `api` alone, `api-1`, `api-2`, … with replicas. */
  const instanceName = (app: string, i: number) => (replicas === 1 ? app : `${app}-${i + 1}`);

  try {
    // Plain node: no TypeScript compiler, no @swc-node at run time.
    for (const app of ['api', 'worker', 'projector'] as const) {
      for (let i = 0; i < replicas; i++) {
        const port = app === 'api' ? apiPorts[i] : undefined;
        const env = port === undefined ? appEnv : { ...appEnv, API_PORT: String(port) };
        start(instanceName(app, i), app, process.execPath, [entries[app]!], env, port);
      }
    }
    start(
      'caddy',
      'caddy',
      caddy,
      ['run', '--config', path.join(o.root, 'infra/deploy/caddy/Caddyfile'), '--adapter', 'caddyfile'],
      {
        PATH: process.env.PATH,
        // Caddy's own config autosave and data stay in this shape's folder, not in $HOME.
        HOME: path.join(o.dir, 'caddy'),
        XDG_CONFIG_HOME: path.join(o.dir, 'caddy', 'config'),
        XDG_DATA_HOME: path.join(o.dir, 'caddy', 'data'),
        HILFENETZ_SITE: url,
        HILFENETZ_BIND: HOST,
        HILFENETZ_DEFAULT_SNI: HOST,
        HILFENETZ_CADDY_STORAGE: path.join(o.dir, 'caddy', 'storage'),
        HILFENETZ_WEB_ROOT: webRoot,
        // Every API instance; Caddy expands the list into its upstreams.
        HILFENETZ_API_UPSTREAM: apiPorts.map((p) => `${HOST}:${p}`).join(' '),
        HILFENETZ_OIDC_UPSTREAM: issuer.origin,
        HILFENETZ_OIDC_PATH: issuer.pathname.replace(/\/$/, ''),
        HILFENETZ_OIDC_ORIGIN: issuer.origin,
      },
    );

    // Caddy makes its CA at the first start; the root is what clients trust.
    const root = path.join(o.dir, 'caddy', 'storage', 'pki', 'authorities', 'local', 'root.crt');
    await waitFor('the local CA', async () => (fs.existsSync(root) ? true : undefined), 30_000, exited);
    const caCertificateFile = path.join(o.dir, 'ca-root.crt');
    fs.copyFileSync(root, caCertificateFile);
    const ca = fs.readFileSync(caCertificateFile);
    // After the CA exists: the gateway posts its receipts over HTTPS through the proxy.
    if (localGateway) {
      start('sms-gateway', 'sms-gateway', process.execPath, [entries['sms-gateway']!], {
        ...appEnv,
        NODE_EXTRA_CA_CERTS: caCertificateFile,
      });
    }
    // Each instance ready on its own port, then the way in through the proxy.
    for (const port of apiPorts) {
      await waitFor(
        `the API's /ready on ${HOST}:${port}`,
        async () => ((await fetch(`http://${HOST}:${port}/ready`)).status === 200 ? true : undefined),
        120_000,
        exited,
      );
    }
    await waitFor(
      `the API's /ready through the proxy (${url}/api/ready)`,
      async () => ((await httpsRequest(`${url}/api/ready`, ca)).status === 200 ? true : undefined),
      120_000,
      exited,
    );
    // The workers and the projectors print a line once they poll and consume.
    for (const p of processes) {
      const marker = p.app === 'worker' ? 'worker polling' : p.app === 'projector' ? 'projector running' : null;
      if (!marker) continue;
      await waitFor(
        `${p.name} to start`,
        async () => (fs.readFileSync(p.logFile, 'utf8').includes(marker) ? true : undefined),
        120_000,
        exited,
      );
    }
    return {
      url,
      caCertificateFile,
      processes: processes.map(({ child: _child, ...p }) => p),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** SIGTERM to the process group, SIGKILL after 15 s; removes its pid file. */
async function stopProcess(pid: number, name: string, dir: string): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive()) signal('SIGKILL');
  fs.rmSync(pidFile(dir, name), { force: true });
}

/** `prod:down`: stops what a detached start recorded in `dir/run`. */
export async function stopRecordedShape(dir: string): Promise<string[]> {
  const runDir = path.join(dir, 'run');
  if (!fs.existsSync(runDir)) return [];
  const stopped: string[] = [];
  for (const file of fs.readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    const name = file.slice(0, -'.pid'.length);
    const pid = Number(fs.readFileSync(path.join(runDir, file), 'utf8'));
    // A pid file outliving its process (a reboot) may name someone else's process by now.
    const ours = (() => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes(path.join('dist', 'apps')) || cmd.startsWith('caddy');
      } catch {
        return false;
      }
    })();
    if (!ours) fs.rmSync(path.join(runDir, file), { force: true });
    else if (Number.isInteger(pid) && pid > 0) {
      await stopProcess(pid, name, dir);
      stopped.push(name);
    }
  }
  return stopped;
}

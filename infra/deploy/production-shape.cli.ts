import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startProductionShape, stopRecordedShape, type ShapePorts } from './production-shape';

/**
 * `npm run prod:up` / `prod:down` / `prod:status`: the production shape on this machine, over the
 * dev stack's servers. `up` runs inside `hilfenetz-dev.mjs exec` (which starts the stack when it is
 * down, migrates, creates the topics and hands over its environment, Keycloak as the issuer);
 * it builds, starts the built apps and Caddy in the background and prints where they are.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'var', 'prod');

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function up(): Promise<void> {
  const env = { ...process.env };
  // The dev runner points the apps at `npm start`'s gateway (it sets SMS_GATEWAY_PORT then); this
  // shape runs its own. A real gateway (SMS_GATEWAY_URL alone) is kept.
  if (env.SMS_GATEWAY_PORT) {
    for (const k of ['SMS_GATEWAY_URL', 'SMS_GATEWAY_PORT', 'NOTIFICATION_RECEIPT_URL']) delete env[k];
  }
  if (!env.OIDC_ISSUER || !env.DATABASE_URL) throw new Error('run through npm run prod:up (it needs the stack)');
  if (fs.existsSync(path.join(DIR, 'run', 'api.pid'))) await stopRecordedShape(DIR);
  // The dev stack's port set n (API 3000 + 100·n) gives this shape's ports: API +10, gateway +12, HTTPS 8443 + 100·n.
  const offset = Number(env.API_PORT ?? 3000) - 3000;
  const ports = {
    https: Number(env.HILFENETZ_PROD_HTTPS_PORT ?? 8443 + offset),
    api: 3010 + offset,
    smsGateway: 3012 + offset,
  };
  // `npm start` of this checkout uses the same database, topics and task queue: two relays on one
  // event log would publish everything twice.
  if (await portTaken(Number(env.API_PORT ?? 3000))) {
    throw new Error(`npm start seems to run in this checkout (port ${env.API_PORT} answers): stop it first`);
  }
  for (const [name, port] of Object.entries(ports)) {
    if (await portTaken(port))
      throw new Error(`port ${port} (${name}) is taken; stop what holds it (npm run prod:down?)`);
  }
  // The web build carries the issuer (Vite bakes it in), so it is built for this stack's.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'infra/deploy/build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, HILFENETZ_OIDC_ISSUER: env.OIDC_ISSUER },
  });
  if (build.status !== 0) throw new Error('the build failed');

  const shape = await startProductionShape({ root: ROOT, dir: DIR, env, ports, detached: true });
  const line = (k: string, v: string) => console.log(`  ${k.padEnd(16)} ${v}`);
  console.log('\nthe production shape is running (built apps, NODE_ENV=production, behind Caddy):');
  line('Web app', `${shape.url}/`);
  line('API', `${shape.url}/api/  (directly: http://127.0.0.1:${ports.api})`);
  line('Login (OIDC)', `${env.OIDC_ISSUER}  (demo users, password "demo")`);
  line(
    'CA certificate',
    `${path.relative(ROOT, shape.caCertificateFile)}  (trust it: curl --cacert, NODE_EXTRA_CA_CERTS, the browser)`,
  );
  line('Processes', shape.processes.map((p) => `${p.name} ${p.pid}`).join(', '));
  line('Logs', `${path.relative(ROOT, path.join(DIR, 'log'))}/<app>.log`);
  console.log('\nnpm run prod:down stops it (the stack keeps running: npm run stack:down).\n');
}

/**
 * `start`: the apps and Caddy only, for infra/cluster/cluster.mjs (`npm run cluster:up`), which
 * starts the servers itself and passes their variables in the environment and the shape in
 * HILFENETZ_SHAPE (JSON: dir, ports, replicas). Detached; the last line is SHAPE_JSON=<the processes>.
 */
async function startForCluster(): Promise<void> {
  const { HILFENETZ_SHAPE: spec, ...env } = process.env;
  if (!spec) throw new Error('HILFENETZ_SHAPE is not set (infra/cluster/cluster.mjs sets it)');
  const o = JSON.parse(spec) as { dir: string; ports: ShapePorts; replicas: number };
  const shape = await startProductionShape({
    root: ROOT,
    dir: o.dir,
    env,
    ports: o.ports,
    replicas: o.replicas,
    detached: true,
  });
  console.log(
    `SHAPE_JSON=${JSON.stringify({ url: shape.url, caCertificateFile: shape.caCertificateFile, processes: shape.processes })}`,
  );
}

async function main(): Promise<void> {
  const cmd = process.argv[2];
  if (cmd === 'up') return up();
  if (cmd === 'start') return startForCluster();
  if (cmd === 'down') {
    // `--dir <dir>`: another shape's state (the cluster's); default var/prod.
    const i = process.argv.indexOf('--dir');
    const dir = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : DIR;
    const stopped = await stopRecordedShape(dir);
    console.log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing of the production shape was running');
    return;
  }
  throw new Error('usage: production-shape.cli.ts up|down [--dir <dir>]|start');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

import type { CrisisView, TaskInboxResponse } from '@hilfenetz/contracts';
import { createKafka, ensureTopics } from '@hilfenetz/event-bus';
import { ensureDatabase, eventually, freePort, keycloakTokens, testEnv, withDatabaseSuffix } from '@hilfenetz/testing';
import { Client, Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// infra/deploy is the operators' folder, not a package; this suite runs the very launcher prod:up uses.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { httpsRequest, startProductionShape, type RunningShape } from '../../infra/deploy/production-shape';

/**
 * The production shape (issue 15, docs/adr/0022): `npm run build`, the built apps started with
 * plain node in production mode, Caddy in front with TLS from its local CA. The client trusts that
 * CA's root and nothing else; verification stays on.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'var', 'test-production');
const issuer = process.env.KEYCLOAK_ISSUER ?? '';

let shape: RunningShape;
let ca: Buffer;
let apiUrl: string;
/** The crises this file started: ended after it, they are encrypted under this run's key only. */
const startedCrises: string[] = [];

beforeAll(async () => {
  if (!issuer) throw new Error('KEYCLOAK_ISSUER is not set: run through npm test (the stack provides Keycloak)');
  // Built once for the suite, for the issuer it logs in against (the web build carries it).
  const build = spawnSync(process.execPath, [path.join(ROOT, 'infra/deploy/build.mjs')], {
    cwd: ROOT,
    env: { ...process.env, HILFENETZ_OIDC_ISSUER: issuer },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);

  // Its own database, migrated by the built migration CLI, and its own topics.
  const env = testEnv();
  await ensureDatabase('production');
  const migrate = spawnSync(process.execPath, ['dist/node_modules/@hilfenetz/persistence/src/run-migrations.cli.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_MIGRATION_URL: withDatabaseSuffix(env.migrationUrl, 'production') },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const run = randomBytes(4).toString('hex');
  const topicPrefix = `production-${run}-`;
  await ensureTopics(createKafka({ brokers: env.kafkaBrokers, clientId: 'hilfenetz-production-setup' }), topicPrefix);

  fs.rmSync(DIR, { recursive: true, force: true });
  const ports = { https: await freePort(), api: await freePort(), smsGateway: await freePort() };
  const { SMS_GATEWAY_URL: _url, NOTIFICATION_RECEIPT_URL: _receipts, ...inherited } = process.env;
  shape = await startProductionShape({
    root: ROOT,
    dir: DIR,
    ports,
    env: {
      ...inherited,
      DATABASE_URL: withDatabaseSuffix(env.databaseUrl, 'production'),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      TEMPORAL_TASK_QUEUE: `hilfenetz-production-${run}`,
      OIDC_ISSUER: issuer,
      // A fresh random key: production mode refuses the weak ones.
      PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
      SMS_GATEWAY_SECRET: randomBytes(24).toString('base64'),
      RELAY_POLL_INTERVAL_MS: '100',
    },
  });
  ca = fs.readFileSync(shape.caCertificateFile);
  apiUrl = `${shape.url}/api`;
}, 240_000);

afterAll(async () => {
  // The dev server's namespace is shared with the other suites, whose API cannot open payloads
  // under this run's key: no crisis of this run may be left running there.
  if (startedCrises.length > 0) {
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({ connection });
      for (const id of startedCrises) {
        await client.workflow
          .getHandle(id)
          .terminate('production-shape test done')
          .catch(() => undefined);
      }
    } finally {
      await connection.close();
    }
  }
  await shape?.stop();
});

const token = async (user: string) => (await keycloakTokens(issuer, user)).access_token;

async function api(method: string, route: string, bearer: string, body?: unknown, extra: Record<string, string> = {}) {
  const res = await httpsRequest(`${apiUrl}${route}`, ca, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extra,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: () => JSON.parse(res.body) as unknown, headers: res.headers };
}

describe('the production shape: built apps in production mode behind the TLS proxy', () => {
  it('runs the apps from dist/ with plain node, in production mode', () => {
    for (const p of shape.processes.filter((x) => x.name !== 'caddy')) {
      const cmdline = fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(cmdline).toEqual([process.execPath, path.join(ROOT, 'dist', 'apps', p.name, 'src', 'main.js')]);
      const environ = fs.readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('NODE_ENV=production');
      // The key comes from a file, not the environment.
      expect(environ.some((v) => v.startsWith('PERSONAL_DATA_MASTER_KEY='))).toBe(false);
    }
  });

  it('a caseworker registers a case and triggers a crisis; the clinic sees its task, all over HTTPS', async () => {
    const [caseworker, clinic] = [await token('fachkraft'), await token('klinik')];
    const caseId = `FALL-PROD-${randomUUID().slice(0, 8)}`;
    const youngPerson = {
      givenName: 'Jonas',
      familyName: 'Quellmann',
      dateOfBirth: '2010-09-02',
      address: 'Am Mühlbach 7, Lindenau',
    };
    const registered = await api('POST', '/cases', caseworker, { caseId, youngPerson });
    expect(registered.status).toBe(201);
    // The case's id is the office's reference scoped by the office (ADR 0024); the clinic filters by it.
    const storedId = (registered.json() as { caseId: string }).caseId;
    expect(storedId).toBe(`jugendamt-lindenau.${caseId}`);

    const trigger = await api(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'others', urgency: 'immediate' },
      { 'idempotency-key': `key-${randomUUID()}` },
    );
    expect(trigger.status).toBe(201);
    const { crisisId } = trigger.json() as { crisisId: string };
    startedCrises.push(crisisId);

    const inbox = await eventually(
      async () => {
        const r = await api('GET', `/tasks?caseId=${encodeURIComponent(storedId)}`, clinic);
        const body = r.json() as TaskInboxResponse;
        return body.tasks.length ? body : undefined;
      },
      { what: "the clinic's task in its inbox", timeoutMs: 45_000 },
    );
    expect(inbox.organisationId).toBe('org-kjp-st-marien');
    expect(inbox.tasks[0]).toMatchObject({ crisisId, taskId: 'task-clinic', party: 'clinic', status: 'open' });
  });

  it("a guardian's SMS receipt comes back through the proxy, and the notification counts as delivered", async () => {
    const caseworker = await token('fachkraft');
    const caseId = `FALL-PROD-SMS-${randomUUID().slice(0, 8)}`;
    const registered = await api('POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Lena', familyName: 'Quellmann', dateOfBirth: '2011-05-14' },
      guardians: [{ name: 'Anna Quellmann', relation: 'mother', phone: '+4915112340001', preferredChannel: 'phone' }],
    });
    expect(registered.status).toBe(201);
    const trigger = await api(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate' },
      { 'idempotency-key': `key-${randomUUID()}` },
    );
    expect(trigger.status).toBe(201);
    const { crisisId } = trigger.json() as { crisisId: string };
    startedCrises.push(crisisId);

    // The gateway posts the receipt to NOTIFICATION_RECEIPT_URL: the proxy's HTTPS address.
    const gateway = shape.processes.find((p) => p.name === 'sms-gateway')!;
    const environ = fs.readFileSync(`/proc/${gateway.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`NOTIFICATION_RECEIPT_URL=${shape.url}/api/notifications/gateway-receipts`);
    const delivery = await eventually(
      async () => {
        const r = await api('GET', `/cases/${caseId}/crises/${crisisId}`, caseworker);
        const task = (r.json() as CrisisView).tasks.find((t) => t.taskId === 'task-guardian');
        return task?.delivery?.state === 'delivered' ? task.delivery : undefined;
      },
      { what: "the guardian's SMS receipt", timeoutMs: 45_000 },
    );
    expect(delivery.channel).toBe('phone');
  });

  it('sends the security headers on the web app and on the API', async () => {
    const page = await httpsRequest(`${shape.url}/`, ca);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const ready = await httpsRequest(`${apiUrl}/ready`, ca);
    expect(ready.status).toBe(200);
    for (const res of [page, ready]) {
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ${new URL(issuer).origin}`);
      expect(res.headers.server).toBeUndefined();
    }
  });

  it('serves the installable app: manifest in German, service worker always revalidated', async () => {
    const manifest = await httpsRequest(`${shape.url}/manifest.webmanifest`, ca);
    expect(manifest.status).toBe(200);
    expect(JSON.parse(manifest.body)).toMatchObject({ lang: 'de', display: 'standalone', start_url: '/' });
    const worker = await httpsRequest(`${shape.url}/sw.js`, ca);
    expect(worker.status).toBe(200);
    expect(worker.body).toContain('precacheAndRoute');
    expect(worker.headers['cache-control']).toBe('no-cache');
    const page = await httpsRequest(`${shape.url}/`, ca);
    expect(page.body).toContain('rel="manifest"');
  });

  it('serves the issuer under /oidc, as the web app expects', async () => {
    const res = await httpsRequest(`${shape.url}/oidc/.well-known/openid-configuration`, ca);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { issuer: string }).issuer).toBe(issuer);
  });

  it('ships and serves no source maps', async () => {
    const assets = fs.readdirSync(path.join(ROOT, 'dist', 'web', 'assets'));
    const script = assets.find((f) => f.endsWith('.js'));
    expect(script).toBeDefined();
    expect(assets.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect((await httpsRequest(`${shape.url}/assets/${script}`, ca)).status).toBe(200);
    // Not even the single-page fallback answers for a map.
    expect((await httpsRequest(`${shape.url}/assets/${script}.map`, ca)).status).toBe(404);
  });

  it('refuses an oversized body with 413 before it reaches the API', async () => {
    const caseworker = await token('fachkraft');
    const big = await httpsRequest(`${apiUrl}/cases`, ca, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: Buffer.alloc(2_000_000, 0x20),
    });
    expect(big.status).toBe(413);
    // The proxy's answer, not the API's (which is problem+json with no-store).
    expect(big.headers['content-type']).not.toMatch(/problem\+json/);
  });

  it('is unreachable without trusting the local CA (verification stays on)', async () => {
    await expect(httpsRequest(`${shape.url}/`, Buffer.from(''))).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('refuses to start an app with a weak master key in production mode, naming the reason', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        OIDC_ISSUER: issuer,
        PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32).toString('base64'),
        API_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PERSONAL_DATA_MASTER_KEY: is all zero bytes: refused in production');
  });
});

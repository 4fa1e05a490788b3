import type { CrisisLiveState } from '@hilfenetz/contracts';
import {
  eventually,
  freePort,
  lindenauCaseId,
  openDataSource,
  startApp,
  stopApp,
  tokenFor,
  type AppProcess,
  waitForHttpOk,
  waitForOutput,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const root = path.resolve(__dirname, '..', '..');

/**
 * A worker killed (SIGKILL, no goodbye) in the middle of a crisis: after a restart the crisis runs
 * to its end, no event is stored twice and no party is notified twice. Its own API and worker on
 * their own task queue, so the shared ones are not disturbed.
 */
describe('fault: the Temporal worker dies in the middle of a crisis', () => {
  let api: AppProcess;
  let worker: AppProcess;
  let apiUrl: string;
  let db: DataSource;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: stack.databaseUrl,
    KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    TEMPORAL_TASK_QUEUE: taskQueue,
    OIDC_ISSUER: stack.issuer,
    API_PORT: String(apiPort),
    LOG_LEVEL: 'error',
  });
  const taskQueue = `hilfenetz-crash-${randomUUID().slice(0, 8)}`;
  let apiPort: number;

  beforeAll(async () => {
    apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    api = startApp(root, 'api', env());
    worker = startApp(root, 'worker', env());
    await Promise.all([waitForHttpOk(`${apiUrl}/ready`, api), waitForOutput(worker, 'worker polling')]);
    db = await openDataSource(stack.databaseUrl, 2);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([api && stopApp(api), worker && stopApp(worker)]);
    await db?.destroy();
  });

  const call = async (method: string, p: string, token: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (key) headers['idempotency-key'] = key;
    return fetch(`${apiUrl}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };

  it('the crisis completes after a restart; no duplicate events, no second notification', async () => {
    const [caseworker, clinic] = [await tokenFor(stack.issuer, 'fachkraft'), await tokenFor(stack.issuer, 'klinik')];
    const caseId = lindenauCaseId(`FALL-CRASH-${randomUUID().slice(0, 8)}`);
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await eventually(
      async () => {
        const s = (await (await call('GET', base, caseworker)).json()) as CrisisLiveState;
        return s.tasks?.length === 5 ? s : undefined;
      },
      { what: 'five parties notified', timeoutMs: 60_000 },
    );

    // Kill the worker mid-crisis, then act while it is gone: the Update waits for a worker, at most
    // the API's Temporal deadline; past it the clinic is told to retry (503, Retry-After), and the
    // retry once a worker runs records the acknowledgement once.
    worker.child.kill('SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    const ack = call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {});
    await new Promise((r) => setTimeout(r, 2_000));
    worker = startApp(root, 'worker', env());
    await waitForOutput(worker, 'worker polling');
    const first = await ack;
    if (first.status !== 200) {
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
      const retried = await call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {});
      expect(retried.status).toBe(200);
    }

    expect((await call('POST', `${base}/admission`, clinic, { decision: 'admitted_voluntary' })).status).toBe(200);
    const discharge = await call('POST', `${base}/discharge`, clinic, {
      plannedFor: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(discharge.status).toBe(200);
    expect(await discharge.json()).toMatchObject({ status: 'discharged' });

    // A notification activity that was running when the worker died is retried only after its
    // start-to-close timeout (30 s): wait for all five, then check that nothing came twice.
    const rows = await eventually(
      async () => {
        const r: { type: string; n: string; ids: string }[] = await db.query(
          `SELECT type, count(*)::text AS n, count(DISTINCT event_id)::text AS ids
           FROM events WHERE stream_id = $1 GROUP BY type ORDER BY type`,
          [`case-${caseId}`],
        );
        return r.find((x) => x.type === 'PartyNotified')?.n === '5' ? r : undefined;
      },
      { what: 'all five notifications durable after the restart', timeoutMs: 90_000 },
    );
    const count = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    expect(count).toMatchObject({
      CrisisTriggered: 1,
      PartyNotified: 5,
      TaskAcknowledged: 1,
      AdmissionDecided: 1,
      DischargeAnnounced: 1,
      HilfeplanungRequested: 1,
    });
    for (const r of rows) expect(r.ids).toBe(r.n);
    // Reaching people is part of the workflow (docs/adr/0010): each staff party's in-app attempt
    // is recorded exactly once despite the crash, and no channel of any task was tried twice.
    const attempts = await eventually(
      async () => {
        const r: { task: string; channel: string; n: number }[] = await db.query(
          `SELECT data->>'taskId' AS task, data->>'channel' AS channel, count(*)::int AS n FROM events
           WHERE stream_id = $1 AND type = 'NotificationAttempted' GROUP BY 1, 2 ORDER BY 1, 2`,
          [`case-${caseId}`],
        );
        return r.filter((x) => x.channel === 'in_app').length >= 4 ? r : undefined;
      },
      { what: 'the in-app attempts of the four staff parties', timeoutMs: 45_000 },
    );
    expect(attempts.filter((a) => a.channel === 'in_app')).toEqual([
      { task: 'task-ambulance', channel: 'in_app', n: 1 },
      { task: 'task-clinic', channel: 'in_app', n: 1 },
      { task: 'task-provider', channel: 'in_app', n: 1 },
      { task: 'task-youth_office', channel: 'in_app', n: 1 },
    ]);
    expect(attempts.every((a) => a.n === 1)).toBe(true);
  }, 240_000);
});

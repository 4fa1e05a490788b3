import type { TimelineResponse } from '@hilfenetz/contracts';
import {
  eventually,
  freePort,
  lindenauCaseId,
  startApp,
  stopApp,
  tokenFor,
  type AppProcess,
  waitForHttpOk,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { e2eStack } from './support/e2e-stack';
import { freezableRelay } from './support/freezable-relay';

const stack = e2eStack();
const root = path.resolve(__dirname, '..', '..');

/**
 * Issue 20: calls into Temporal stalled for 20 s and then answered anyway. Every request now has a
 * bounded budget for Temporal (TEMPORAL_CALL_TIMEOUT_MS): past it the answer is 503 problem+json
 * with Retry-After, and repeating the request once Temporal answers records the step exactly once.
 */
describe('a stalled Temporal: 503 with Retry-After, never a hang; the retry records once', () => {
  let api: AppProcess | undefined;
  let relay: Awaited<ReturnType<typeof freezableRelay>> | undefined;

  afterAll(async () => {
    relay?.thaw();
    if (api) await stopApp(api);
    await relay?.close();
  });

  it('answers a trigger 503 while Temporal stalls, and the repeated trigger starts one crisis', async () => {
    const [host, port] = (process.env.TEMPORAL_ADDRESS ?? '').split(':') as [string, string];
    relay = await freezableRelay({ host, port: Number(port) });
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    api = startApp(root, 'api', {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${relay.port}`,
      TEMPORAL_CALL_TIMEOUT_MS: '1500',
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
      TEMPORAL_TASK_QUEUE: process.env.E2E_TASK_QUEUE,
      OIDC_ISSUER: stack.issuer,
      API_PORT: String(apiPort),
      LOG_LEVEL: 'warn',
    });
    await waitForHttpOk(`${apiUrl}/ready`, api);

    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const caseId = lindenauCaseId(`FALL-DL-${randomUUID().slice(0, 8)}`);
    const key = `key-${randomUUID()}`;
    const trigger = () =>
      fetch(`${apiUrl}/cases/${caseId}/crises`, {
        method: 'POST',
        headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ dangerKind: 'self', urgency: 'immediate' }),
        // A hang fails the test instead of waiting for jest's timeout: the API must answer first.
        signal: AbortSignal.timeout(30_000),
      });

    relay.freeze();
    const stalled = await trigger();
    expect(stalled.status).toBe(503);
    expect(stalled.headers.get('content-type')).toContain('application/problem+json');
    expect(stalled.headers.get('retry-after')).toBe('5');
    expect(await stalled.json()).toMatchObject({ status: 503, title: 'Service unavailable' });

    relay.thaw();
    // The stalled start may still reach Temporal once the network thaws; the retry with the same
    // key then finds it. Either way there is exactly one crisis for the case.
    const retried = await trigger();
    expect([200, 201]).toContain(retried.status);
    const { crisisId } = (await retried.json()) as { crisisId: string };
    const again = await trigger();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { crisisId: string }).crisisId).toBe(crisisId);
    const supervisor = await tokenFor(stack.issuer, 'leitung');
    const triggered = async () => {
      const t = (await (
        await fetch(`${stack.apiUrl}/cases/${caseId}/timeline`, {
          headers: { authorization: `Bearer ${supervisor}` },
        })
      ).json()) as TimelineResponse;
      return t.entries.filter((e) => e.type === 'CrisisTriggered');
    };
    await eventually(async () => ((await triggered()).length > 0 ? true : undefined), {
      timeoutMs: 45_000,
      what: 'CrisisTriggered in the timeline',
    });
    expect((await triggered()).map((e) => (e.data as { crisisId: string }).crisisId)).toEqual([crisisId]);
  });
});

import { stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

/**
 * Its own API process with a limit of 3 writes per user, beside the shared one: the other e2e
 * files write with the same demo users and must not run into this test's limit (nor it into theirs).
 */
describe('rate limiting of writes per user', () => {
  let api: AppProcess;
  let second: AppProcess;
  let apiUrl: string;
  let secondUrl: string;
  let caseworker: string;
  let onCall: string;

  const startLimitedApi = async () => {
    const { api: app, apiUrl: url } = await startOwnApi({
      API_WRITE_RATE_LIMIT: '3',
      API_WRITE_RATE_WINDOW_SECONDS: '3600',
    });
    return { app, url };
  };

  beforeAll(async () => {
    // Two instances of the same deployment (same limit), as behind a load balancer.
    [{ app: api, url: apiUrl }, { app: second, url: secondUrl }] = await Promise.all([
      startLimitedApi(),
      startLimitedApi(),
    ]);
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    onCall = await tokenFor(stack.issuer, 'bereitschaft');
  });

  afterAll(async () => {
    await Promise.all([api && stopApp(api), second && stopApp(second)]);
  });

  /** A registration the API refuses as invalid: counts as a write attempt, writes nothing. */
  const invalidRegistration = (token: string, url = apiUrl) =>
    fetch(`${url}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId: `FALL-RL-${randomUUID().slice(0, 8)}` }),
    });

  it('answers the write over the limit with 429 problem+json and Retry-After; other users and reads go on', async () => {
    for (let i = 0; i < 3; i++) expect((await invalidRegistration(caseworker)).status).toBe(400);
    const over = await invalidRegistration(caseworker);
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await over.json()).toMatchObject({ status: 429, title: 'Too Many Requests', detail: /At most 3 writes/ });

    // The limit is the caseworker's, not the address's: the on-call colleague on the same host may write.
    expect((await invalidRegistration(onCall)).status).toBe(400);
    // Reads are never limited.
    const read = await fetch(`${apiUrl}/cases/FALL-RL-${randomUUID().slice(0, 8)}`, {
      headers: { authorization: `Bearer ${caseworker}` },
    });
    expect(read.status).toBe(404);
  });

  it('counts one limit across API instances, as behind a load balancer', async () => {
    // The caseworker used up the limit on the first instance (above): the second refuses too.
    expect((await invalidRegistration(caseworker, secondUrl)).status).toBe(429);
    // The on-call colleague wrote once on the first instance: two more on the second, then no more.
    expect((await invalidRegistration(onCall, secondUrl)).status).toBe(400);
    expect((await invalidRegistration(onCall, secondUrl)).status).toBe(400);
    expect((await invalidRegistration(onCall, secondUrl)).status).toBe(429);
    expect((await invalidRegistration(onCall, apiUrl)).status).toBe(429);
  });
});

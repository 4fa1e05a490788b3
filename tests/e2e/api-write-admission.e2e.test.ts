import { stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

/**
 * Its own API process that runs one write at a time and lets none wait: what an instance at its
 * limit of concurrent writes answers (503, Retry-After, nothing done); reads are never held back.
 */
describe('an API instance at its limit of concurrent writes', () => {
  let api: AppProcess;
  let apiUrl: string;
  let caseworker: string;

  beforeAll(async () => {
    ({ api, apiUrl } = await startOwnApi({
      API_MAX_CONCURRENT_WRITES: '1',
      API_WRITE_QUEUE_MS: '0',
      API_WRITE_RATE_LIMIT: '100000',
    }));
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
  });
  afterAll(async () => {
    if (api) await stopApp(api);
  });

  const register = (ref: string) =>
    fetch(`${apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        caseId: ref,
        youngPerson: {
          givenName: 'Lea',
          familyName: 'Brandt',
          dateOfBirth: '2012-06-01',
          address: 'Auweg 1, Lindenau',
        },
      }),
    });
  const read = (ref: string) => fetch(`${apiUrl}/cases/${ref}`, { headers: { authorization: `Bearer ${caseworker}` } });

  it('turns the writes beyond it away with 503 problem+json and Retry-After, registers nothing for them, and registers the admitted ones', async () => {
    const refs = Array.from({ length: 20 }, () => `FALL-AD-${randomUUID().slice(0, 8)}`);
    const answers = await Promise.all(refs.map(async (ref) => ({ ref, res: await register(ref) })));
    const busy = answers.filter((a) => a.res.status === 503);
    const created = answers.filter((a) => a.res.status === 201);
    expect(busy.length + created.length).toBe(refs.length);
    expect(busy.length).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(0);
    for (const { res } of busy) {
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({
        status: 503,
        retryAfterSeconds: 5,
        detail: /Too many requests are being processed/,
      });
    }
    // Nothing of a turned-away registration exists; every admitted one does.
    for (const { ref } of busy) expect((await read(ref)).status).toBe(404);
    for (const { ref } of created) expect((await read(ref)).status).toBe(200);
    // Sent again one after another (as the clients do after Retry-After), each is admitted.
    for (const { ref } of busy) expect((await register(ref)).status).toBe(201);
  });
});

import { freePort, stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

/** Registrations one person may send per window here: the 20 below and a few of other test files. */
const WRITE_LIMIT = 30;

/**
 * Its own API process that runs one write at a time and lets none wait: what an instance at its
 * limit of concurrent writes answers (503, Retry-After, nothing done); reads are never held back.
 * The caseworker of the neighbouring office, whom few other files let write (the per-user limit is
 * counted per route across instances, in Postgres).
 */
describe('an API instance at its limit of concurrent writes', () => {
  let api: AppProcess;
  let apiUrl: string;
  let metricsUrl: string;
  const metricsToken = randomBytes(32).toString('hex');
  let caseworker: string;

  beforeAll(async () => {
    const metricsPort = await freePort();
    ({ api, apiUrl } = await startOwnApi({
      API_MAX_CONCURRENT_WRITES: '1',
      API_WRITE_QUEUE_MS: '0',
      API_WRITE_RATE_LIMIT: String(WRITE_LIMIT),
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: metricsToken,
    }));
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    caseworker = await tokenFor(stack.issuer, 'fachkraft-nachbar');
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
    // The instance's metrics count them, and nothing is held once every answer is out.
    const metrics = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toMatch(new RegExp(`^hilfenetz_api_writes_turned_away_total\\{app="api"\\} ${busy.length}$`, 'm'));
    expect(metrics).toMatch(/^hilfenetz_api_write_admission\{[^}]*state="held"[^}]*\} 0$/m);
    // Sent again one after another (as the clients do after Retry-After), each is admitted — and
    // none hits the per-user limit: turned away before it, a refused write used none of the
    // person's 30 (counted, they would make 20 + the number turned away, most of the 19 others).
    for (const { ref } of busy) expect((await register(ref)).status).toBe(201);
  });
});

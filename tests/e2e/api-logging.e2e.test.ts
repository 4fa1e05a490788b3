import { eventually, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
/** Where the e2e global setup sends the API's stdout. */
const apiLog = path.resolve(__dirname, '..', '..', 'var', 'log', 'test-api.log');

/** The JSON log lines of one request, found by its correlation id. */
function linesFor(correlationId: string): Record<string, unknown>[] {
  return readFileSync(apiLog, 'utf8')
    .split('\n')
    .filter((l) => l.includes(correlationId))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('structured request logs with correlation ids', () => {
  let caseworker: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
  });

  it('logs one JSON line per request with correlation id, method, route, status, duration and user id', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const caseId = `FALL-LOG-${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${stack.apiUrl}/cases/${caseId}/timeline?party=guardian&type=CaseRegistered`, {
      headers: { authorization: `Bearer ${caseworker}`, 'x-correlation-id': correlationId },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);

    const [line, ...more] = await eventually(async () => {
      const found = linesFor(correlationId);
      return found.length ? found : undefined;
    });
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'warn',
      correlationId,
      req: { method: 'GET' },
      route: '/cases/:caseId/timeline',
      res: { status: 404 },
      userId: 'u-ja-0001',
      msg: 'request completed',
    });
    expect(typeof line!.durationMs).toBe('number');
    const raw = JSON.stringify(line);
    for (const secret of [caseworker, 'Bearer', 'guardian', 'CaseRegistered', caseId])
      expect(raw).not.toContain(secret);
  });

  it('never logs a request body, and makes a correlation id when the caller sent none', async () => {
    const res = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        caseId: `FALL-LOG-${randomUUID().slice(0, 8)}`,
        youngPerson: { givenName: 'Ronja', familyName: 'Tessendorf', dateOfBirth: '24.12.2010' },
      }),
    });
    expect(res.status).toBe(400);
    const correlationId = res.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = await eventually(async () => {
      const found = linesFor(correlationId!);
      return found.length ? found : undefined;
    });
    expect(line).toMatchObject({ route: '/cases', res: { status: 400 }, req: { method: 'POST' } });
    expect(readFileSync(apiLog, 'utf8')).not.toContain('Tessendorf');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const committedFile = path.resolve(__dirname, '..', '..', 'docs', 'openapi.json');

interface Operation {
  security?: unknown[];
  'x-allowed-roles'?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Accepted for later, answered without a body: nothing to describe. */
const BODYLESS_ACCEPTED = [
  'POST /cases/{caseId}/crises/{crisisId}/tasks/{taskId}/delivery 202',
  'POST /notifications/gateway-receipts 202',
];

describe('the OpenAPI document', () => {
  it('is served without a token and equals the committed docs/openapi.json (run `npm run openapi:write`)', async () => {
    const res = await fetch(`${stack.apiUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const served = (await res.json()) as { openapi: string };
    expect(served.openapi).toMatch(/^3\./);
    expect(served).toEqual(JSON.parse(readFileSync(committedFile, 'utf8')));
  });

  it('names the allowed roles of every endpoint that is not public', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const undeclared = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !(Array.isArray(op.security) && op.security.length === 0))
        .filter(([, op]) => !op['x-allowed-roles']?.length)
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('describes the body of every successful answer (the fuzzer checks real answers against it)', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const undescribed = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).flatMap(([m, op]) =>
        Object.entries(op.responses ?? {})
          .filter(([status]) => /^2\d\d$/.test(status) && status !== '204')
          .filter(([, r]) => !Object.values(r.content ?? {}).some((c) => c.schema !== undefined))
          .map(([status]) => `${m.toUpperCase()} ${p} ${status}`),
      ),
    );
    expect(undescribed).toEqual(BODYLESS_ACCEPTED);
  });
});

import { tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; reason: string }[];
}

async function post(path: string, opts: { token?: string; body?: string; key?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key !== null) headers['idempotency-key'] = opts.key ?? `key-${randomUUID()}`;
  return fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers, body: opts.body ?? '{}' });
}

/** Events of a case as its timeline shows them; a case nothing was ever recorded for is unknown (404). */
async function eventCount(caseId: string, token: string): Promise<number> {
  const res = await fetch(`${stack.apiUrl}/cases/${caseId}/timeline`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status === 404) return 0;
  return ((await res.json()) as { entries: unknown[] }).entries.length;
}

describe('access control and bad input on the crisis endpoints', () => {
  let caseworker: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
  });

  it('refuses a request without a token, and one with a forged token', async () => {
    const none = await post('/cases/FALL-1/crises', { body: '{"dangerKind":"self","urgency":"soon"}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const [h, p] = caseworker.split('.');
    const forged = await post('/cases/FALL-1/crises', {
      token: `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`,
      body: '{"dangerKind":"self","urgency":"soon"}',
    });
    expect(forged.status).toBe(401);
  });

  it('refuses roles that may not trigger a crisis (clinic, auditor) and lets them not read what they need not see', async () => {
    const clinic = await tokenFor(stack.issuer, 'klinik');
    const res = await post('/cases/FALL-1/crises', { token: clinic, body: '{"dangerKind":"self","urgency":"soon"}' });
    expect(res.status).toBe(403);
    const timeline = await fetch(`${stack.apiUrl}/cases/FALL-1/timeline`, {
      headers: { authorization: `Bearer ${clinic}` },
    });
    expect(timeline.status).toBe(403);
  });

  it.each([
    ['malformed JSON', '{"dangerKind": "self",', 'body'],
    ['unknown danger kind', '{"dangerKind":"weather","urgency":"soon"}', 'body.dangerKind'],
    ['missing urgency', '{"dangerKind":"self"}', 'body.urgency'],
    ['an unknown field', '{"dangerKind":"self","urgency":"soon","name":"Max Mustermann"}', 'body'],
  ])('answers %s with a problem naming the field, and records nothing', async (_label, body, field) => {
    const caseId = `FALL-BAD-${randomUUID().slice(0, 8)}`;
    const res = await post(`/cases/${caseId}/crises`, { token: caseworker, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as Problem;
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await eventCount(caseId, caseworker)).toBe(0);
  });

  it('requires an Idempotency-Key and a well-formed case reference', async () => {
    const noKey = await post('/cases/FALL-1/crises', {
      token: caseworker,
      key: null,
      body: '{"dangerKind":"self","urgency":"soon"}',
    });
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as Problem).errors).toEqual([{ field: 'header.idempotency-key', reason: 'missing' }]);

    const badCase = await post('/cases/x%20y/crises', {
      token: caseworker,
      body: '{"dangerKind":"self","urgency":"soon"}',
    });
    expect(badCase.status).toBe(400);
    expect(((await badCase.json()) as Problem).errors?.[0]?.field).toBe('path.caseId');
  });

  it('refuses a NUL character (U+0000) anywhere in a body, naming the field, and records nothing', async () => {
    const caseId = `FALL-NUL-${randomUUID().slice(0, 8)}`;
    const res = await post(`/cases/${caseId}/crises`, {
      token: caseworker,
      body: JSON.stringify({ dangerKind: 'self', urgency: 'soon', situation: { location: 'Zimmer\u00004' } }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as Problem).errors).toEqual([
      { field: 'body.situation.location', reason: 'contains a NUL character (U+0000)' },
    ]);
    expect(await eventCount(caseId, caseworker)).toBe(0);
  });

  it('answers an oversized body with 413', async () => {
    const res = await post('/cases/FALL-1/crises', {
      token: caseworker,
      body: JSON.stringify({ dangerKind: 'self', urgency: 'soon', pad: 'x'.repeat(64 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});

import { eventually, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';

/**
 * Found by schemathesis: a timeline filter time with an offset ISO 8601 allows but Postgres does
 * not (past ±15:59, e.g. `+19:44`) was a 500 ("time zone displacement out of range"). The
 * instant is the same whatever offset it is written with, so the answer must be too.
 */
const apiUrl = () => process.env.FUZZ_API_URL ?? '';
const issuer = () => process.env.FUZZ_OIDC_ISSUER ?? '';

test('a timeline filter time with any ISO 8601 offset means its instant, in the timeline and its export', async () => {
  const token = await tokenFor(issuer(), 'fachkraft');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const caseId = `FALL-TZ-${randomUUID().slice(0, 8)}`;
  const youngPerson = { givenName: 'Lea', familyName: 'Brockhage', dateOfBirth: '2012-01-30' };
  const reg = await fetch(`${apiUrl()}/cases`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ caseId, youngPerson }),
  });
  expect(reg.status).toBe(201);

  // The same instant twice: 2000-01-01T00:00Z written with an offset Postgres refuses, and in UTC.
  const farOffset = encodeURIComponent('2000-01-01T19:44:00+19:44');
  const inUtc = encodeURIComponent('2000-01-01T00:00:00Z');
  const entries = async (res: Response) =>
    ((await res.json()) as { entries: { type: string }[] }).entries.map((e) => e.type);
  // The timeline is a projection: compare the two answers once the registration is in it.
  await eventually(
    async () => {
      const res = await fetch(`${apiUrl()}/cases/${caseId}/timeline?from=${inUtc}`, { headers });
      return res.status === 200 && (await entries(res)).includes('CaseRegistered') ? true : undefined;
    },
    { what: 'the registration in the timeline', timeoutMs: 30_000 },
  );
  for (const path of ['timeline', 'timeline/export']) {
    const odd = await fetch(`${apiUrl()}/cases/${caseId}/${path}?from=${farOffset}`, { headers });
    const plain = await fetch(`${apiUrl()}/cases/${caseId}/${path}?from=${inUtc}`, { headers });
    expect([path, odd.status]).toEqual([path, 200]);
    expect(plain.status).toBe(200);
    const [a, b] = [await entries(odd), await entries(plain)];
    expect(a).toEqual(b);
    expect(a).toContain('CaseRegistered');
  }
});

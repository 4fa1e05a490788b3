import { tokenFor } from '@hilfenetz/testing';

/**
 * A path the API has, called with a method it does not have, is 405 problem+json naming the
 * methods it has in `Allow` (RFC 9110 15.5.6) — found by schemathesis's unsupported_method check,
 * where the router used to answer 404 as if the path did not exist.
 */
const apiUrl = () => process.env.FUZZ_API_URL ?? '';
const issuer = () => process.env.FUZZ_OIDC_ISSUER ?? '';

test('a method a path does not have is 405 with Allow, with or without a token', async () => {
  const anonymous = await fetch(`${apiUrl()}/cases`, { method: 'DELETE' });
  expect(anonymous.status).toBe(405);
  expect(anonymous.headers.get('allow')).toBe('GET, HEAD, POST');
  expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await anonymous.json()).toMatchObject({ status: 405, title: 'Method Not Allowed', instance: '/cases' });

  const token = await tokenFor(issuer(), 'fachkraft');
  const res = await fetch(`${apiUrl()}/cases/any-case/timeline`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('GET, HEAD');
});

test('a path the API does not have stays 404, and the methods a path has still reach it', async () => {
  expect((await fetch(`${apiUrl()}/nowhere`, { method: 'DELETE' })).status).toBe(404);
  expect((await fetch(`${apiUrl()}/health`)).status).toBe(200);
  expect((await fetch(`${apiUrl()}/health`, { method: 'HEAD' })).status).toBe(200);
  // Known path, allowed method, no token: the auth guard answers, not the 405.
  expect((await fetch(`${apiUrl()}/cases`, { method: 'POST' })).status).toBe(401);
});

import { lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { e2eStack } from '../support/e2e-stack';
import { call } from './attack-support';

const stack = e2eStack();

/**
 * Issue 13, finding 9: case data and exports must not be kept by a browser or proxy cache (an
 * office PC shared by the next shift, a caching proxy of the district's network), and no browser
 * may sniff an export into HTML. Every API answer carrying data says so, refusals included.
 */
describe('attack: reading case data from caches, sniffing exports', () => {
  let caseId: string;
  let caseworker: string;
  let supervisor: string;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    caseId = lindenauCaseId(`FALL-HDR-${randomUUID().slice(0, 8)}`);
    const res = await call(stack.apiUrl, 'POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Lea', familyName: 'Cachefrei', dateOfBirth: '2012-01-02' },
    });
    expect(res.status).toBe(201);
  });

  const expectUncacheable = (what: string, res: Response) =>
    expect({
      what,
      cacheControl: res.headers.get('cache-control'),
      nosniff: res.headers.get('x-content-type-options'),
    }).toEqual({ what, cacheControl: 'no-store', nosniff: 'nosniff' });

  it.each([
    ['the case', (): string => `/cases/${caseId}`, 'caseworker'],
    ['the timeline', (): string => `/cases/${caseId}/timeline`, 'caseworker'],
    ['the JSON export', (): string => `/cases/${caseId}/timeline/export?format=json`, 'supervisor'],
    ['the CSV export', (): string => `/cases/${caseId}/timeline/export?format=csv`, 'supervisor'],
    ['the PDF export', (): string => `/cases/${caseId}/timeline/export?format=pdf`, 'supervisor'],
    ['the access log', (): string => `/cases/${caseId}/access-log`, 'supervisor'],
    ['the case list', (): string => '/cases?ref=FALL-HDR', 'caseworker'],
    ['the inbox', (): string => '/tasks', 'caseworker'],
  ] as const)('%s: no-store and nosniff', async (what, url, who) => {
    const res = await call(stack.apiUrl, 'GET', url(), who === 'caseworker' ? caseworker : supervisor);
    expect(res.status).toBe(200);
    expectUncacheable(what, res);
  });

  it('refusals carry them too (401, 404)', async () => {
    expectUncacheable('401', await call(stack.apiUrl, 'GET', `/cases/${caseId}`, null));
    expectUncacheable(
      '404',
      await call(stack.apiUrl, 'GET', `/cases/FALL-HDR-none-${randomUUID().slice(0, 8)}`, caseworker),
    );
  });

  it('the OpenAPI document, the same for everyone, may be cached but is not sniffed', async () => {
    const res = await fetch(`${stack.apiUrl}/openapi.json`);
    expect(res.headers.get('cache-control')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the web build ships no source maps (apps/web/vite.config.ts)', () => {
    // Read, not imported: the config module pulls in Vite, which jest need not load for one flag.
    const config = readFileSync(path.resolve(__dirname, '../../../apps/web/vite.config.ts'), 'utf8');
    expect(config).toMatch(/build:\s*{[^}]*sourcemap:\s*false/);
  });
});

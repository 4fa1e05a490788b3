import type { BreakGlassReview, BreakGlassReviewList } from '@hilfenetz/contracts';
import { caseIdOf, lindenauCaseId, openDataSource, stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from '../support/e2e-stack';
import { startOwnApi } from '../support/own-api';
import { proposeSignedByAll } from './agreement-signing';
import { expectProblem, type Problem } from './attack-support';
import { breakGlassNetwork } from './break-glass-network';

const stack = e2eStack();
const REASON = 'Inobhutnahme in der Nacht, fallführendes Jugendamt nicht erreichbar';

async function get(caseId: string, token: string, reason?: string, what = '', base = stack.apiUrl): Promise<Response> {
  return fetch(`${base}/cases/${caseId}${what}`, {
    headers: { authorization: `Bearer ${token}`, ...(reason ? { 'x-break-glass-reason': reason } : {}) },
  });
}

async function register(token: string, familyName: string): Promise<string> {
  const caseId = `FALL-BG-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${stack.apiUrl}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      caseId,
      youngPerson: { givenName: 'Mia', familyName, dateOfBirth: '2011-03-04', address: 'Lindenweg 3, Lindenau' },
    }),
  });
  if (res.status !== 201) throw new Error(`register: HTTP ${res.status} ${await res.text()}`);
  // The stored id (`<office>.<reference>`, docs/adr/0024): how another office names the case.
  return ((await res.json()) as { caseId: string }).caseId;
}

/** The problem without what differs by request alone: the instance (URL) and the reference itself. */
const shape = (p: Problem, caseId: string) => {
  const { instance: _instance, ...rest } = p;
  return JSON.parse(JSON.stringify(rest).replaceAll(caseId, '{caseId}')) as unknown;
};

const eventTypes = async (ds: DataSource, caseId: string): Promise<string[]> =>
  (
    (await ds.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`case-${caseId}`])) as {
      type: string;
    }[]
  ).map((r) => r.type);

describe('attack: break-glass open to every organisation (issue 13, finding 3)', () => {
  let ds: DataSource;
  let lindenauCase: string;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 2);
    for (const u of ['fachkraft', 'fachkraft-nachbar', 'leitung', 'datenschutz'])
      t[u] = await tokenFor(stack.issuer, u);
    lindenauCase = await register(t.fachkraft!, `Lindenau${randomUUID().slice(0, 4)}`);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('the neighbour district’s caseworker gets exactly the 404 of an unknown case, logged in the security log, not in the case', async () => {
    const before = await eventTypes(ds, lindenauCase);
    // Named as the lead office's id, as the attacker names Lindenau's case (docs/adr/0024).
    const unknown = lindenauCaseId(`FALL-BG-${randomUUID().slice(0, 8)}`);
    for (const [what, reason] of [
      ['', REASON],
      ['', undefined],
      ['/timeline', REASON],
    ] as const) {
      const foreign = await expectProblem(await get(lindenauCase, t['fachkraft-nachbar']!, reason, what), 404);
      const none = await expectProblem(await get(unknown, t['fachkraft-nachbar']!, reason, what), 404);
      expect(shape(foreign, lindenauCase)).toEqual(shape(none, unknown));
      // Beyond the id the caller sent itself, nothing names Lindenau or break-glass.
      expect(JSON.stringify(shape(foreign, lindenauCase))).not.toMatch(/break-glass|Break-Glass|Lindenau/i);
    }
    // Lindenau's agreement names Träger, clinics and the Leitstelle, not the neighbour. Nothing of
    // the young person left the API, and the case did not grow.
    expect(await eventTypes(ds, lindenauCase)).toEqual(before);
    const logged: { why: string; reason_given: boolean; organisation_id: string }[] = await ds.query(
      `SELECT why, reason_given, organisation_id FROM security_log WHERE case_id = $1 AND user_id = 'u-jn-0001' ORDER BY id`,
      [lindenauCase],
    );
    expect(logged).toEqual([
      { why: 'not_a_partner', reason_given: true, organisation_id: 'org-jugendamt-nachbarkreis' },
      { why: 'not_a_partner', reason_given: false, organisation_id: 'org-jugendamt-nachbarkreis' },
      { why: 'not_a_partner', reason_given: true, organisation_id: 'org-jugendamt-nachbarkreis' },
    ]);
    const lindenauLog: unknown[] = await ds.query(`SELECT 1 FROM case_access_log WHERE case_id = $1 AND break_glass`, [
      lindenauCase,
    ]);
    expect(lindenauLog).toEqual([]);
  });

  it('writes to another office’s case get the same 404 and are logged in the security log too', async () => {
    const before = await eventTypes(ds, lindenauCase);
    const post = (what: string, body: unknown) =>
      fetch(`${stack.apiUrl}/cases/${lindenauCase}${what}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t['fachkraft-nachbar']!}`,
          'content-type': 'application/json',
          'idempotency-key': `attack-${randomUUID()}`,
          'x-correlation-id': `attack-write-${what.replace(/\W/g, '')}-${randomUUID().slice(0, 8)}`,
        },
        body: JSON.stringify(body),
      });
    await expectProblem(
      await post('/guardians', { name: 'Eva Fremd', relation: 'mother', phone: '+4915112349999' }),
      404,
    );
    await expectProblem(await post('/crises', { dangerKind: 'self', urgency: 'immediate' }), 404);
    await expectProblem(await post('/hilfeplanung', {}), 404);
    expect(await eventTypes(ds, lindenauCase)).toEqual(before);
    const logged: { kind: string; why: string; organisation_id: string; correlation_id: string }[] = await ds.query(
      `SELECT kind, why, organisation_id, correlation_id FROM security_log
        WHERE case_id = $1 AND user_id = 'u-jn-0001' AND kind = 'foreign_case_write_refused' ORDER BY id`,
      [lindenauCase],
    );
    expect(
      logged.map(({ correlation_id, ...rest }) => ({ ...rest, correlation: correlation_id.split('-')[2] })),
    ).toEqual(
      ['guardians', 'crises', 'hilfeplanung'].map((what) => ({
        kind: 'foreign_case_write_refused',
        why: 'not_the_lead',
        organisation_id: 'org-jugendamt-nachbarkreis',
        correlation: what,
      })),
    );
  });

  describe('inside a network whose agreement names a partner office’s on-call service', () => {
    const tag = randomUUID().slice(0, 8);
    const net = breakGlassNetwork(tag);
    let caseId: string;
    let reviewId: string;

    beforeAll(async () => {
      await proposeSignedByAll(stack.apiUrl, net.agreement);
      caseId = await register(await net.leadCaseworker(), `Netz${tag}`);
    });

    it('a partner role the agreement does not name gets the 404 of an unknown case; the named one is offered break-glass', async () => {
      const unknown = caseIdOf(net.lead, `FALL-BG-${randomUUID().slice(0, 8)}`);
      for (const token of [await net.partnerCaseworker(), await net.partnerSupervisor()]) {
        const foreign = await expectProblem(await get(caseId, token, REASON), 404);
        const none = await expectProblem(await get(unknown, token, REASON), 404);
        expect(shape(foreign, caseId)).toEqual(shape(none, unknown));
      }
      const offer = await expectProblem(await get(caseId, await net.partnerOnCall()), 403);
      expect(offer.title).toBe('Break-glass required');
      const why: { why: string }[] = await ds.query(`SELECT why FROM security_log WHERE case_id = $1 ORDER BY id`, [
        caseId,
      ]);
      expect(why.map((w) => w.why)).toEqual(['role_not_named', 'role_not_named']);
    });

    it('the partner’s on-call service reads with a reason; repeated reads append one event, not one each', async () => {
      const onCall = await net.partnerOnCall();
      for (let i = 0; i < 5; i++) {
        const res = await get(caseId, onCall, REASON);
        expect(res.status).toBe(200);
        expect(JSON.stringify(await res.json())).toContain(`Netz${tag}`);
      }
      expect((await get(caseId, onCall, REASON, '/timeline')).status).toBe(200);
      expect((await eventTypes(ds, caseId)).filter((e) => e === 'BreakGlassAccess')).toHaveLength(1);
      // Every read is still in the access log (who, when, why).
      const reads: unknown[] = await ds.query(`SELECT 1 FROM case_access_log WHERE case_id = $1 AND break_glass`, [
        caseId,
      ]);
      expect(reads).toHaveLength(6);
    });

    it('opens a review for the lead office’s supervisor, with a deadline from the agreement', async () => {
      const res = await fetch(`${stack.apiUrl}/break-glass-reviews?status=open`, {
        headers: { authorization: `Bearer ${await net.leadSupervisor()}` },
      });
      expect(res.status).toBe(200);
      const list = (await res.json()) as BreakGlassReviewList;
      expect(list.reviews).toHaveLength(1);
      const review = list.reviews[0]!;
      expect(review).toMatchObject({
        caseId,
        status: 'open',
        reason: REASON,
        reader: { role: 'on_call', organisationId: net.partner },
        verdict: null,
        dataProtectionOfficerNotified: false,
      });
      expect(Date.parse(review.dueAt) - Date.parse(review.openedAt)).toBe(48 * 3_600_000);
      expect(Date.parse(review.coversUntil) - Date.parse(review.openedAt)).toBe(60 * 60_000);
      reviewId = review.reviewId;
      // The data protection officer was not told of it, and Lindenau's supervisor does not see it.
      const dpo = await fetch(`${stack.apiUrl}/break-glass-reviews`, {
        headers: { authorization: `Bearer ${await net.leadDataProtectionOfficer()}` },
      });
      expect(((await dpo.json()) as BreakGlassReviewList).reviews).toEqual([]);
      const other = await fetch(`${stack.apiUrl}/break-glass-reviews`, {
        headers: { authorization: `Bearer ${t.leitung}` },
      });
      expect(((await other.json()) as BreakGlassReviewList).reviews.map((r) => r.caseId)).not.toContain(caseId);
    });

    it('"nicht berechtigt" with a note notifies the data protection officer; a review is decided once, by its office', async () => {
      const decide = async (token: string, verdict: string) =>
        fetch(`${stack.apiUrl}/break-glass-reviews/${reviewId}/decision`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ verdict, note: 'Kein Notfall: die Leitung war erreichbar.' }),
        });
      await expectProblem(await decide(t.leitung!, 'unjustified'), 404);
      const res = await decide(await net.leadSupervisor(), 'unjustified');
      expect(res.status).toBe(200);
      expect((await res.json()) as BreakGlassReview).toMatchObject({
        status: 'decided',
        verdict: 'unjustified',
        note: 'Kein Notfall: die Leitung war erreichbar.',
        dataProtectionOfficerNotified: true,
      });
      await expectProblem(await decide(await net.leadSupervisor(), 'justified'), 409);
      const types = await eventTypes(ds, caseId);
      expect(types.slice(-2)).toEqual(['BreakGlassReviewDecided', 'DataProtectionOfficerNotified']);
      // The note is sealed in the log, not in clear.
      const [decided]: { data: unknown }[] = await ds.query(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'BreakGlassReviewDecided'`,
        [`case-${caseId}`],
      );
      expect(JSON.stringify(decided!.data)).not.toContain('Leitung war erreichbar');
      const dpo = await fetch(`${stack.apiUrl}/break-glass-reviews`, {
        headers: { authorization: `Bearer ${await net.leadDataProtectionOfficer()}` },
      });
      expect(((await dpo.json()) as BreakGlassReviewList).reviews).toEqual([
        expect.objectContaining({ reviewId, verdict: 'unjustified', dataProtectionOfficerNotified: true }),
      ]);
    });
  });
});

/**
 * Its own API process with a small read limit, so that reaching it takes a few dozen requests and
 * no other test's budget is touched.
 */
describe('attack: reads are not rate limited (issue 13, finding 3)', () => {
  let api: AppProcess;
  let apiUrl: string;

  beforeAll(async () => {
    ({ api, apiUrl } = await startOwnApi({ CASE_READ_RATE_LIMIT: '20', CASE_READ_RATE_WINDOW_SECONDS: '60' }));
  });

  afterAll(async () => {
    if (api) await stopApp(api);
  });

  it('answers 429 with Retry-After past the per-user read limit, and another user reads on', async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const caseId = await register(caseworker, `Limit${randomUUID().slice(0, 4)}`);
    const { mintToken } = await import('./attack-support');
    const scraper = await mintToken({ username: 'fachkraft', claims: { sub: `u-bg-scraper-${randomUUID()}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get(caseId, scraper, undefined, '', apiUrl)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const refused = await get(caseId, scraper, undefined, '', apiUrl);
    const retryAfter = Number(refused.headers.get('retry-after'));
    const problem = await expectProblem(refused, 429);
    expect(problem.detail).toMatch(/20 reads of case data per 60 s/);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Unknown references count too: probing is limited like reading.
    await expectProblem(await get(`FALL-BG-${randomUUID().slice(0, 8)}`, scraper, undefined, '', apiUrl), 429);
    const other = await mintToken({ username: 'fachkraft', claims: { sub: `u-bg-other-${randomUUID()}` } });
    expect((await get(caseId, other, undefined, '', apiUrl)).status).toBe(200);
  });
});

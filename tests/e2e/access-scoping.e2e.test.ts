import type { AccessLogResponse, CrisisLiveState } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const youngPerson = { givenName: 'Lea', familyName: 'Brunnhuber', dateOfBirth: '2010-02-11' };
const neighbourOffice = 'org-jugendamt-nachbarkreis';

interface Problem {
  status: number;
  title: string;
  detail: string;
  breakGlass?: { possible: boolean };
}

/**
 * Organisation scoping beyond the case file: crises, legal hold, erasure and the Hilfeplanung are
 * the lead organisation's; reads of crisis and planning state are in the access log.
 */
describe('organisation scoping of crises, legal hold, erasure and Hilfeplanung', () => {
  const tokens: Record<string, string> = {};
  let ds: DataSource;

  beforeAll(async () => {
    for (const u of ['fachkraft', 'bereitschaft', 'leitung', 'admin', 'traeger', 'klinik', 'klinik-nord']) {
      tokens[u] = await tokenFor(stack.issuer, u);
    }
    ds = await openDataSource(stack.databaseUrl, 1);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  async function call(method: 'GET' | 'POST', path: string, user: string, body?: unknown, extra = {}) {
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[user]!}`,
        ...(method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': `key-${randomUUID()}` } : {}),
        ...extra,
      },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
  }

  async function eventCount(caseId: string): Promise<number> {
    const [r]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [
      `case-${caseId}`,
    ]);
    return r!.n;
  }

  /** What the API would have written for a caseworker of the neighbouring office (no demo user there). */
  async function registerNeighbourCase(): Promise<string> {
    const caseId = `FALL-SC-${randomUUID().slice(0, 8)}`;
    const vault = new PersonalDataVault(ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
    const subjectId = `subj-${randomUUID()}`;
    await vault.registerSubject(subjectId, caseId);
    await new PostgresEventStore(ds).append(`case-${caseId}`, [
      {
        eventId: randomUUID(),
        type: 'CaseRegistered',
        schemaVersion: 1,
        data: {
          caseId,
          youngPersonSubjectId: subjectId,
          youngPerson: await vault.seal(subjectId, youngPerson),
          leadOrganisationId: neighbourOffice,
          registeredAt: new Date().toISOString(),
        },
        metadata: {
          actorId: 'u-nb-0001',
          actorRole: 'caseworker',
          organisationId: neighbourOffice,
          correlationId: 'c',
        },
      },
    ]);
    return caseId;
  }

  it('the crisis status is read by the lead youth office and by a provider holding a task, and logged', async () => {
    const caseId = lindenauCaseId(`FALL-SC-${randomUUID().slice(0, 8)}`);
    const res = await call('POST', `/cases/${caseId}/crises`, 'fachkraft', {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await eventually(
      async () => {
        const s = (await (await call('GET', base, 'fachkraft')).json()) as CrisisLiveState;
        return s.tasks?.some((t) => t.organisationId === 'org-traeger-birkenhof') ? s : undefined;
      },
      { what: 'the provider’s task on the live board', timeoutMs: 45_000 },
    );
    expect((await call('GET', base, 'traeger')).status).toBe(200);

    const log = (await (await call('GET', `/cases/${caseId}/access-log`, 'leitung')).json()) as AccessLogResponse;
    expect(log.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          user: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
          resource: 'crisis',
          purpose: 'case_work',
        }),
        expect.objectContaining({
          user: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
          resource: 'crisis',
          purpose: 'participation',
          breakGlass: false,
        }),
      ]),
    );
  });

  it('another organisation’s youth office may not trigger a crisis on, hold or erase a case: answered like an unknown case, nothing written', async () => {
    const caseId = await registerNeighbourCase();
    const before = await eventCount(caseId);
    const attempts: [string, string, unknown][] = [
      ['fachkraft', `/cases/${caseId}/crises`, { dangerKind: 'self', urgency: 'immediate' }],
      ['bereitschaft', `/cases/${caseId}/crises`, { dangerKind: 'self', urgency: 'immediate' }],
      ['leitung', `/cases/${caseId}/legal-hold`, { reason: '§9b SGB VIII Aufbewahrung' }],
      ['admin', `/cases/${caseId}/legal-hold`, { reason: '§9b SGB VIII Aufbewahrung' }],
      ['admin', `/cases/${caseId}/erasure`, { reason: 'Löschfrist abgelaufen' }],
      ['fachkraft', `/cases/${caseId}/hilfeplanung`, {}],
      ['fachkraft', `/cases/${caseId}/hilfeplanung/end`, { reason: 'goals_reached' }],
    ];
    for (const [user, path, body] of attempts) {
      const res = await call('POST', path, user, body);
      const problem = (await res.json()) as Problem;
      expect({ user, path, status: res.status, title: problem.title }).toEqual({
        user,
        path,
        // A 403 would confirm that the neighbour has such a case (issue 13, finding 8).
        status: 404,
        title: 'Case not found',
      });
      expect(problem.breakGlass).toBeUndefined();
    }
    expect(await eventCount(caseId)).toBe(before);
    expect(await ds.query(`SELECT 1 FROM legal_holds WHERE case_id = $1`, [caseId])).toHaveLength(0);
  });

  it('reads of another organisation’s Hilfeplanung answer like an unknown case, with a reason too, and log nothing in the case', async () => {
    // Lindenau is in no agreement with the neighbour district: no break-glass (issue 13, finding 3).
    const caseId = await registerNeighbourCase();
    for (const path of [`/cases/${caseId}/hilfeplanung`, `/cases/${caseId}/hilfeplanung/plan`]) {
      for (const headers of [undefined, { 'x-break-glass-reason': 'Nachtbereitschaft: Unterbringung klären' }]) {
        const res = await call('GET', path, 'bereitschaft', undefined, headers);
        expect(res.status).toBe(404);
        expect(((await res.json()) as Problem).title).toBe('Case not found');
      }
    }
    const rows: unknown[] = await ds.query(`SELECT 1 FROM case_access_log WHERE case_id = $1`, [caseId]);
    expect(rows).toEqual([]);
    const types: { type: string }[] = await ds.query(
      `SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`case-${caseId}`],
    );
    expect(types.map((t) => t.type)).toEqual(['CaseRegistered']);
  });

  it('the clinic taking part reads the Hilfeplanung as a participant (recorded); another clinic is refused', async () => {
    const caseId = lindenauCaseId(`FALL-SC-${randomUUID().slice(0, 8)}`);
    const reg = await call('POST', '/cases', 'fachkraft', { caseId, youngPerson });
    expect(reg.status).toBe(201);
    // Before the youth office names a clinic, no clinic takes part: the case is as good as unknown to it.
    expect((await call('GET', `/cases/${caseId}/hilfeplanung`, 'klinik')).status).toBe(404);
    const started = await call('POST', `/cases/${caseId}/hilfeplanung`, 'fachkraft', {
      clinicOrganisationId: 'org-kjp-st-marien',
    });
    expect(started.status).toBe(201);
    // The start answers once it is recorded: the named clinic reads at once.
    expect((await call('GET', `/cases/${caseId}/hilfeplanung`, 'klinik')).status).toBe(200);
    const foreign = await call('GET', `/cases/${caseId}/hilfeplanung`, 'klinik-nord', undefined, {
      'x-break-glass-reason': 'Patientin wurde zu uns verlegt, brauchen den Hilfeplan',
    });
    expect(foreign.status).toBe(404);
    const rows: { resource: string; purpose: string; user_role: string; organisation_id: string }[] = await ds.query(
      `SELECT resource, purpose, user_role, organisation_id FROM case_access_log
       WHERE case_id = $1 AND user_role = 'clinic_staff'`,
      [caseId],
    );
    expect(rows).toEqual([
      {
        resource: 'hilfeplanung',
        purpose: 'participation',
        user_role: 'clinic_staff',
        organisation_id: 'org-kjp-st-marien',
      },
    ]);
  });
});

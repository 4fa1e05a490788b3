import type { AccessLogResponse, CaseView, TimelineResponse } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { caseIdOf, eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { proposeSignedByAll } from './attacks/agreement-signing';
import { breakGlassNetwork } from './attacks/break-glass-network';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const youngPerson = { givenName: 'Mira', familyName: 'Sandhagen', dateOfBirth: '2011-04-17' };
const neighbourOffice = 'org-jugendamt-nachbarkreis';

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; reason: string }[];
  breakGlass?: { possible: boolean; header: string; minLength: number };
}

async function get(path: string, token: string, headers: Record<string, string> = {}) {
  return fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

describe('access log and break-glass: every read of case data is recorded', () => {
  let caseworker: string;
  let onCall: string;
  let supervisor: string;
  let auditor: string;
  let ds: DataSource;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    onCall = await tokenFor(stack.issuer, 'bereitschaft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    auditor = await tokenFor(stack.issuer, 'pruefung');
    ds = await openDataSource(stack.databaseUrl, 2);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  async function registerOwnCase(): Promise<string> {
    const caseId = lindenauCaseId(`FALL-AL-${randomUUID().slice(0, 8)}`);
    const res = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, youngPerson }),
    });
    expect(res.status).toBe(201);
    return caseId;
  }

  /**
   * A case the neighbouring district's Jugendamt registered. The demo issuer has no user of that
   * office, so the test writes the registration the API would have written for one.
   */
  async function registerNeighbourCase(): Promise<string> {
    const caseId = `FALL-NB-${randomUUID().slice(0, 8)}`;
    const vault = new PersonalDataVault(ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
    const subjectId = `subj-${randomUUID()}`;
    await vault.registerSubject(subjectId, caseId);
    await new PostgresEventStore(ds).append(
      `case-${caseId}`,
      [
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
            correlationId: randomUUID(),
          },
        },
      ],
      'no_stream',
    );
    return caseId;
  }

  it('records who read the case file and the timeline, when and why; supervisor and auditor list it', async () => {
    const caseId = await registerOwnCase();
    expect((await get(`/cases/${caseId}`, caseworker, { 'x-correlation-id': 'corr-access-log-1' })).status).toBe(200);
    expect((await get(`/cases/${caseId}/timeline`, supervisor)).status).toBe(200);

    const res = await get(`/cases/${caseId}/access-log`, auditor);
    expect(res.status).toBe(200);
    const log = (await res.json()) as AccessLogResponse;
    expect(log.entries).toEqual([
      expect.objectContaining({
        user: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
        resource: 'case',
        purpose: 'case_work',
        breakGlass: false,
        reason: null,
        correlationId: 'corr-access-log-1',
      }),
      expect.objectContaining({
        user: { id: 'u-ja-0100', role: 'supervisor', organisationId: 'org-jugendamt-lindenau' },
        resource: 'timeline',
        purpose: 'supervision',
        breakGlass: false,
      }),
    ]);
    expect(Date.parse(log.entries[0]!.accessedAt)).not.toBeNaN();
    // The supervisor may list it too; a caseworker may not see who else read the case.
    expect((await get(`/cases/${caseId}/access-log`, supervisor)).status).toBe(200);
    expect((await get(`/cases/${caseId}/access-log`, caseworker)).status).toBe(403);
  });

  it('an unknown case is 404 and leaves no record', async () => {
    const caseId = `FALL-NONE-${randomUUID().slice(0, 8)}`;
    const res = await get(`/cases/${caseId}/timeline`, supervisor);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Problem).errors).toEqual([{ field: 'path.caseId', reason: 'unknown case' }]);
    const rows: unknown[] = await ds.query(`SELECT 1 FROM case_access_log WHERE case_id = $1`, [caseId]);
    expect(rows).toHaveLength(0);
  });

  it('someone outside the lead office’s agreement gets the 404 of an unknown case, and nothing is shown or logged', async () => {
    // The neighbour district has no agreement naming Lindenau: no break-glass offer (issue 13, finding 3).
    const caseId = await registerNeighbourCase();
    for (const path of [`/cases/${caseId}`, `/cases/${caseId}/timeline`]) {
      const variants: Record<string, string>[] = [
        {},
        { 'x-break-glass-reason': 'Nachtbereitschaft: Jugendliche in Obhut genommen' },
      ];
      for (const headers of variants) {
        const res = await get(path, onCall, headers);
        expect(res.status).toBe(404);
        const problem = (await res.json()) as Problem;
        expect(problem.title).toBe('Case not found');
        expect(JSON.stringify(problem)).not.toMatch(/Sandhagen|break-glass/i);
      }
    }
    const tooShort = await get(`/cases/${caseId}`, onCall, { 'x-break-glass-reason': 'Notfall' });
    expect(tooShort.status).toBe(400);
    expect(((await tooShort.json()) as Problem).errors?.[0]?.field).toBe('header.x-break-glass-reason');

    const rows: unknown[] = await ds.query(`SELECT 1 FROM case_access_log WHERE case_id = $1`, [caseId]);
    expect(rows).toHaveLength(0);
  });

  it('a partner’s break-glass read with a reason is shown, logged as break-glass and put in the timeline for review', async () => {
    const tag = randomUUID().slice(0, 8);
    const net = breakGlassNetwork(tag);
    await proposeSignedByAll(stack.apiUrl, net.agreement);
    const caseId = caseIdOf(net.lead, `FALL-AL-${randomUUID().slice(0, 8)}`);
    const registered = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await net.leadCaseworker()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, youngPerson }),
    });
    expect(registered.status).toBe(201);
    const partnerOnCall = await net.partnerOnCall();
    const leadSupervisor = await net.leadSupervisor();
    const reason = 'Nachtbereitschaft: Jugendliche in Obhut genommen, Fallakte nötig';
    const res = await get(`/cases/${caseId}`, partnerOnCall, { 'x-break-glass-reason': reason });
    expect(res.status).toBe(200);
    expect(((await res.json()) as CaseView).youngPerson).toMatchObject({
      status: 'available',
      familyName: 'Sandhagen',
    });

    const logged: { user_id: string; resource: string; purpose: string; break_glass: boolean; reason: unknown }[] =
      await ds.query(
        `SELECT user_id, resource, purpose, break_glass, reason_sealed AS reason
         FROM case_access_log WHERE case_id = $1 AND break_glass`,
        [caseId],
      );
    // Logged with its reason, sealed under the young person's key (issue 13, finding 4).
    expect(logged).toEqual([
      {
        user_id: `u-bg-oc-${tag}`,
        resource: 'case',
        purpose: 'break_glass',
        break_glass: true,
        reason: expect.objectContaining({ $sealed: 'A256GCM' }),
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain('Obhut');

    // The review item is an event in the case stream, so the lead office's timeline shows it.
    const entries = await eventually(
      async () => {
        const t = await get(`/cases/${caseId}/timeline`, leadSupervisor);
        const body = (await t.json()) as TimelineResponse;
        return body.entries.some((e) => e.type === 'BreakGlassAccess') ? body.entries : undefined;
      },
      { what: 'BreakGlassAccess in the timeline', timeoutMs: 45_000 },
    );
    expect(entries.find((e) => e.type === 'BreakGlassAccess')).toMatchObject({
      actor: { id: `u-bg-oc-${tag}`, role: 'on_call', organisationId: net.partner },
      data: { caseId, resource: 'case', reason, leadOrganisationId: net.lead },
    });
    // The audit trail of another organisation's case is not opened by break-glass: it answers like no case.
    const foreignLog = await get(`/cases/${caseId}/access-log`, supervisor, { 'x-break-glass-reason': reason });
    expect(foreignLog.status).toBe(404);
  });
});

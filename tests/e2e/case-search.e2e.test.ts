import type { CaseSearchResponse } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { caseIdOf, eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const youngPerson = { givenName: 'Jonas', familyName: 'Feldmann', dateOfBirth: '2009-08-21' };
const neighbourOffice = 'org-jugendamt-nachbarkreis';

async function find(ref: string, token: string) {
  return fetch(`${stack.apiUrl}/cases?ref=${encodeURIComponent(ref)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('finding a case by the start of its reference', () => {
  let caseworker: string;
  let auditor: string;
  let clinic: string;
  let ds: DataSource;
  const prefix = `FALL-SU-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    auditor = await tokenFor(stack.issuer, 'pruefung');
    clinic = await tokenFor(stack.issuer, 'klinik');
    ds = await openDataSource(stack.databaseUrl, 1);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  async function register(caseId: string) {
    const res = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, youngPerson }),
    });
    expect(res.status).toBe(201);
  }

  /** What the API would have written for a caseworker of the neighbouring office (no demo user there). */
  async function registerNeighbourCase(caseId: string) {
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
          correlationId: 'c-su',
        },
      },
    ]);
  }

  it('lists the caller’s organisation’s cases with that prefix, newest first, without personal data', async () => {
    await register(`${prefix}-1`);
    await register(`${prefix}-2`);
    await registerNeighbourCase(caseIdOf(neighbourOffice, `${prefix}-9`));
    // The directory is a read model: wait until the projector has all three.
    await eventually(
      async () => {
        const [row]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE case_id LIKE $1`, [
          `%.${prefix}-%`,
        ]);
        return row!.n === 3 ? true : undefined;
      },
      { what: 'the three cases in the case directory' },
    );

    const res = await find(prefix, caseworker);
    expect(res.status).toBe(200);
    const body = (await res.json()) as CaseSearchResponse;
    // Found by the office's own reference; answered with the stored ids (docs/adr/0024).
    expect(body.cases.map((c) => c.caseId)).toEqual([lindenauCaseId(`${prefix}-2`), lindenauCaseId(`${prefix}-1`)]);
    for (const c of body.cases) {
      expect(Object.keys(c).sort()).toEqual(['caseId', 'leadOrganisationId', 'registeredAt']);
      expect(c.leadOrganisationId).toBe('org-jugendamt-lindenau');
    }
    expect(JSON.stringify(body)).not.toContain(youngPerson.familyName);

    // The lead organisation's auditor finds them too; a lookup is not a read, so nothing is logged.
    const audit = (await (await find(`${prefix}-1`, auditor)).json()) as CaseSearchResponse;
    expect(audit.cases.map((c) => c.caseId)).toEqual([lindenauCaseId(`${prefix}-1`)]);
    // …and by the full id as well.
    const full = (await (await find(lindenauCaseId(`${prefix}-1`), auditor)).json()) as CaseSearchResponse;
    expect(full.cases.map((c) => c.caseId)).toEqual([lindenauCaseId(`${prefix}-1`)]);
    const [logged]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM case_access_log WHERE case_id LIKE $1`,
      [`%${prefix}-%`],
    );
    expect(logged!.n).toBe(0);
  });

  it('never shows another organisation’s cases', async () => {
    // Neither by the reference nor by the neighbour's full id.
    for (const nb of [`${prefix}-9`, caseIdOf(neighbourOffice, `${prefix}-9`)]) {
      const res = await find(nb, caseworker);
      expect(res.status).toBe(200);
      expect(((await res.json()) as CaseSearchResponse).cases).toEqual([]);
    }
    // Clinic staff do not look up case files at all.
    expect((await find(prefix, clinic)).status).toBe(403);
  });

  it.each([
    ['too short', 'FA'],
    ['a wildcard', 'FALL%'],
    ['an underscore', 'FALL_'],
  ])('refuses a prefix that is %s with 400 naming the field', async (_what, ref) => {
    const res = await find(ref, caseworker);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['query.ref']);
  });

  it('refuses a missing prefix and unknown parameters', async () => {
    const missing = await fetch(`${stack.apiUrl}/cases`, { headers: { authorization: `Bearer ${caseworker}` } });
    expect(missing.status).toBe(400);
    const extra = await fetch(`${stack.apiUrl}/cases?ref=${prefix}&limit=500`, {
      headers: { authorization: `Bearer ${caseworker}` },
    });
    expect(extra.status).toBe(400);
  });
});

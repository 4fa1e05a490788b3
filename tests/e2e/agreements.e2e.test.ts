import type { AgreementList, CooperationAgreement, OrganisationList } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  errors?: { field: string; reason: string }[];
}

const BUILT_IN = lindenauAgreementV1.agreementId;

/**
 * A copy of the Lindenau agreement under its own ids, so that no other test's organisations see it;
 * the Jugendamt Lindenau keeps its id, so that its administrator may propose it (ADR 0015). The
 * tagged partners never sign, so it stays a proposal and governs nothing.
 */
function copyOfLindenau(tag: string): CooperationAgreement {
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-/g, `"org-${tag}-`)
    .replace(new RegExp(`"org-${tag}-jugendamt-lindenau"`, 'g'), '"org-jugendamt-lindenau"');
  return { ...(JSON.parse(json) as CooperationAgreement), agreementId: `e2e-${tag}` };
}

function bodyOf(a: CooperationAgreement, changes: Partial<CooperationAgreement> = {}): Record<string, unknown> {
  const { agreementId: _omitted, ...rest } = { ...a, ...changes };
  return rest;
}

describe('agreements: read, and administrators publish new versions', () => {
  let admin: string;
  let caseworker: string;
  let clinic: string;
  let ds: DataSource;
  const tag = randomUUID().slice(0, 8);

  const get = (path: string, token: string) =>
    fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const publish = (agreementId: string, body: unknown, token = admin) =>
    fetch(`${stack.apiUrl}/agreements/${agreementId}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const list = async (token = caseworker): Promise<AgreementList> => {
    const res = await get('/agreements', token);
    expect(res.status).toBe(200);
    return (await res.json()) as AgreementList;
  };
  const rowsOf = async (agreementId: string) => {
    const [r]: { versions: number; events: number }[] = await ds.query(
      `SELECT (SELECT count(*)::int FROM agreement_versions WHERE agreement_id = $1) AS versions,
              (SELECT count(*)::int FROM events WHERE stream_id = $2) AS events`,
      [agreementId, `agreement-${agreementId}`],
    );
    return r;
  };

  beforeAll(async () => {
    admin = await tokenFor(stack.issuer, 'admin');
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    clinic = await tokenFor(stack.issuer, 'klinik');
    ds = await openDataSource(stack.databaseUrl, 1);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('lists the built-in agreement with its version in force, and serves the version in full', async () => {
    const built = (await list(clinic)).agreements.find((a) => a.agreementId === BUILT_IN);
    // Built in: signed by every partner at its validFrom, visibly so.
    expect(built?.versions).toContainEqual(
      expect.objectContaining({
        version: lindenauAgreementV1.version,
        validFrom: lindenauAgreementV1.validFrom,
        source: 'built_in',
        publishedAt: null,
        inForceFrom: lindenauAgreementV1.validFrom,
        missingSignatures: [],
        signatures: lindenauAgreementV1.organisations.map((o) => ({
          organisationId: o.id,
          by: 'built-in',
          at: lindenauAgreementV1.validFrom,
        })),
      }),
    );
    expect(built?.inForceVersion).not.toBeNull();
    const res = await get(`/agreements/${BUILT_IN}/versions/${lindenauAgreementV1.version}`, caseworker);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(lindenauAgreementV1);

    const unknown = await get(`/agreements/${BUILT_IN}/versions/no-such-version`, caseworker);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Problem).errors?.[0]?.field).toBe('path.version');
  });

  it('proposes a new version: stored, listed as a proposal awaiting every partner, recorded as an event; again → 409', async () => {
    const agreement = copyOfLindenau(tag);
    const version = `2026-${tag}`;
    const validFrom = new Date(Date.now() - 60_000).toISOString();
    const res = await publish(agreement.agreementId, bodyOf(agreement, { version, validFrom }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ...agreement, version, validFrom });

    const listed = (await list()).agreements.find((a) => a.agreementId === agreement.agreementId);
    expect(listed?.inForceVersion).toBeNull();
    expect(listed?.versions).toEqual([
      {
        version,
        validFrom,
        source: 'published',
        publishedAt: expect.any(String) as string,
        status: 'proposed',
        inForceFrom: null,
        endedAt: null,
        signatures: [],
        missingSignatures: agreement.organisations.map((o) => o.id),
        withdrawn: null,
      },
    ]);
    const read = await get(`/agreements/${agreement.agreementId}/versions/${version}`, clinic);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ ...agreement, version, validFrom });

    // A later version that starts in the future is listed too, a proposal as well.
    const next = `2099-${tag}`;
    const future = await publish(
      agreement.agreementId,
      bodyOf(agreement, { version: next, validFrom: '2099-01-01T00:00:00.000Z' }),
    );
    expect(future.status).toBe(201);
    const again = (await list()).agreements.find((a) => a.agreementId === agreement.agreementId);
    expect(again?.inForceVersion).toBeNull();
    expect(again?.versions.map((v) => [v.version, v.status])).toEqual([
      [version, 'proposed'],
      [next, 'proposed'],
    ]);

    const [event]: { type: string; data: { version: string }; metadata: { actorRole: string } }[] = await ds.query(
      `SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version LIMIT 1`,
      [`agreement-${agreement.agreementId}`],
    );
    expect(event).toMatchObject({
      type: 'AgreementVersionPublished',
      data: { version },
      metadata: { actorRole: 'administrator' },
    });

    const before = await rowsOf(agreement.agreementId);
    const conflict = await publish(agreement.agreementId, bodyOf(agreement, { version, validFrom }));
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as Problem).errors?.[0]?.field).toBe('body.version');
    // The built-in version cannot be published over either.
    const builtIn = await publish(BUILT_IN, bodyOf(lindenauAgreementV1));
    expect(builtIn.status).toBe(409);
    expect(await rowsOf(agreement.agreementId)).toEqual(before);
  });

  it('lists the organisations of the versions in force, with their roles', async () => {
    const res = await get('/organisations', clinic);
    expect(res.status).toBe(200);
    const { organisations } = (await res.json()) as OrganisationList;
    // The version in force may be a later one all partners signed (attacks/agreement-rewiring).
    expect(organisations).toContainEqual({
      id: 'org-traeger-birkenhof',
      name: 'Wohngruppe Birkenhof (freier Träger)',
      roles: ['provider'],
      agreementId: BUILT_IN,
      agreementVersion: expect.any(String) as string,
    });
    expect(organisations.filter((o) => o.roles.includes('clinic')).map((o) => o.id)).toEqual(
      expect.arrayContaining(['org-kjp-st-marien', 'org-kjp-nordklinik']),
    );
    // A proposal contributes nothing (and would not, once signed, before its validFrom).
    const future = copyOfLindenau(`fut${tag}`);
    const published = await publish(
      future.agreementId,
      bodyOf(future, { version: `2099-${tag}`, validFrom: '2099-01-01T00:00:00.000Z' }),
    );
    expect(published.status).toBe(201);
    const again = (await (await get('/organisations', clinic)).json()) as OrganisationList;
    expect(again.organisations.some((o) => o.agreementId === future.agreementId)).toBe(false);
  });

  it('refuses bad input with a problem naming the field, and writes nothing', async () => {
    const agreement = copyOfLindenau(`bad${tag}`);
    const cases: [unknown, string][] = [
      [{ ...bodyOf(agreement), colour: 'blau' }, 'body'],
      [bodyOf(agreement, { validFrom: 'yesterday' }), 'body.validFrom'],
      [{ ...bodyOf(agreement), agreementId: agreement.agreementId }, 'body'],
      [bodyOf(agreement, { supervisorContactId: 'ct-ja-asd-fallfuehrung' }), 'body.supervisorContactId'],
      [
        bodyOf(agreement, {
          parties: {
            ...agreement.parties,
            clinic: {
              ...agreement.parties.clinic,
              route: { ...agreement.parties.clinic.route, firstContactId: 'ct-does-not-exist' },
            },
          },
        }),
        'body.parties.clinic',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await publish(agreement.agreementId, body);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    const badId = await publish('Not A Slug', bodyOf(agreement));
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as Problem).errors?.[0]?.field).toBe('path.agreementId');
    expect(await rowsOf(agreement.agreementId)).toEqual({ versions: 0, events: 0 });
  });

  it('only administrators publish', async () => {
    const agreement = copyOfLindenau(`role${tag}`);
    const res = await publish(agreement.agreementId, bodyOf(agreement), caseworker);
    expect(res.status).toBe(403);
  });
});

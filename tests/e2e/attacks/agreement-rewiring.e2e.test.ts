import type {
  AgreementList,
  AgreementVersionSummary,
  CooperationAgreement,
  CrisisLiveState,
} from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from '../support/e2e-stack';
import { administratorOf, propose, sign, withdraw } from './agreement-signing';
import { call, expectProblem } from './attack-support';

const stack = e2eStack();
const LINDENAU = 'org-jugendamt-lindenau';
const LINDENAU_ADMINS = ['admin', 'admin-birkenhof', 'admin-klinik', 'admin-klinik-nord', 'admin-leitstelle'];

/**
 * Issue 13, finding 1: an administrator of another district publishes a version naming the
 * Jugendamt Lindenau with their own clinic and Träger. It must stay a proposal (Lindenau never
 * signed it), and Lindenau's next crisis must still alarm Lindenau's partners only.
 */
function takeover(tag: string): CooperationAgreement {
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-traeger-birkenhof"/g, '"org-traeger-nachbarkreis"')
    .replace(/"org-kjp-st-marien"/g, `"org-kjp-nachbar-${tag}"`);
  const copy = JSON.parse(json) as CooperationAgreement;
  return {
    ...copy,
    agreementId: `nachbar-uebernahme-${tag}`,
    version: `2026-${tag}`,
    region: 'Nachbarkreis',
    // Newer than Lindenau's own: under the old rule the newest validFrom won.
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    organisations: [
      { id: 'org-jugendamt-nachbarkreis', name: 'Jugendamt Nachbarkreis', roles: ['youth_office'] },
      ...copy.organisations,
    ],
  };
}

describe('attack: an administrator rewires another office’s crises (issue 13, finding 1)', () => {
  const tag = randomUUID().slice(0, 8);
  const t: Record<string, string> = {};
  let ds: DataSource;
  const summaryOf = async (a: CooperationAgreement): Promise<AgreementVersionSummary | undefined> => {
    const list = (await (await call(stack.apiUrl, 'GET', '/agreements', t.fachkraft!)).json()) as AgreementList;
    return list.agreements.find((x) => x.agreementId === a.agreementId)?.versions.find((v) => v.version === a.version);
  };
  const inForce = async () => {
    const list = (await (await call(stack.apiUrl, 'GET', '/agreements', t.fachkraft!)).json()) as AgreementList;
    return list.agreements.find((x) => x.agreementId === lindenauAgreementV1.agreementId)!.inForceVersion;
  };
  /** Triggers a crisis for a bare Lindenau reference and returns its board once all five are notified. */
  const crisisNow = async (): Promise<CrisisLiveState> => {
    const caseId = lindenauCaseId(`FALL-AGR-${randomUUID().slice(0, 8)}`);
    const res = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, t.fachkraft!, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    return eventually(
      async () => {
        const r = await call(stack.apiUrl, 'GET', `/cases/${caseId}/crises/${crisisId}`, t.fachkraft!);
        const board = r.status === 200 ? ((await r.json()) as CrisisLiveState) : undefined;
        return board && board.tasks.length === 5 ? board : undefined;
      },
      { what: 'the five notifications', timeoutMs: 45_000 },
    );
  };

  beforeAll(async () => {
    for (const u of [...LINDENAU_ADMINS, 'admin-nachbar', 'admin-lindenhof', 'fachkraft', 'traeger-nachbar']) {
      t[u] = await tokenFor(stack.issuer, u);
    }
    ds = await openDataSource(stack.databaseUrl, 1);
  });
  afterAll(() => ds?.destroy());

  it('a foreign version naming Lindenau stays a proposal; Lindenau’s crisis alarms its own partners; the foreign Träger reads nothing', async () => {
    const foreign = takeover(tag);
    expect((await propose(stack.apiUrl, foreign, t['admin-nachbar'])).status).toBe(201);
    // Every foreign partner signs, as eagerly as it likes; only Lindenau's own signatures are missing.
    for (const org of ['org-jugendamt-nachbarkreis', 'org-traeger-nachbarkreis', `org-kjp-nachbar-${tag}`]) {
      expect((await sign(stack.apiUrl, foreign, await administratorOf(org))).status).toBe(201);
    }
    // Nobody signs for someone else: the token's organisation is the one that signs.
    expect((await sign(stack.apiUrl, foreign, t['admin-nachbar']!)).status).toBe(200);
    const summary = await summaryOf(foreign);
    expect(summary).toMatchObject({ status: 'proposed', inForceFrom: null });
    expect(summary?.missingSignatures).toEqual(
      expect.arrayContaining([LINDENAU, 'org-kjp-nordklinik', 'org-leitstelle-lindenau']),
    );

    // The foreign administrator can neither sign nor end Lindenau's own agreement.
    const builtIn = { ...lindenauAgreementV1 };
    const signProblem = await expectProblem(await sign(stack.apiUrl, builtIn, t['admin-nachbar']!), 403);
    expect(signProblem['errors']).toEqual([expect.objectContaining({ field: 'token.organisation' })]);
    await expectProblem(await withdraw(stack.apiUrl, builtIn, t['admin-nachbar']!), 403);

    // Lindenau's next crisis, with a location only its partners may read.
    const caseId = lindenauCaseId(`FALL-AGR-${tag}`);
    const registered = await call(stack.apiUrl, 'POST', '/cases', t.fachkraft!, {
      caseId,
      youngPerson: { givenName: 'Mila', familyName: `Sturm${tag}`, dateOfBirth: '2011-02-03' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
    });
    expect(registered.status).toBe(201);
    const location = `Spielplatz Lindenau ${tag}`;
    const trig = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, t.fachkraft!, {
      dangerKind: 'self',
      urgency: 'immediate',
      location,
    });
    expect(trig.status).toBe(201);
    const { crisisId } = (await trig.json()) as { crisisId: string };
    const board = await eventually(
      async () => {
        const r = await call(stack.apiUrl, 'GET', `/cases/${caseId}/crises/${crisisId}`, t.fachkraft!);
        const b = r.status === 200 ? ((await r.json()) as CrisisLiveState) : undefined;
        return b && b.tasks.length === 5 ? b : undefined;
      },
      { what: 'the five notifications', timeoutMs: 45_000 },
    );
    expect(board.agreement?.agreementId).toBe(lindenauAgreementV1.agreementId);
    expect(Object.fromEntries(board.tasks.map((x) => [x.party, x.organisationId]))).toEqual({
      ambulance: 'org-leitstelle-lindenau',
      clinic: 'org-kjp-st-marien',
      youth_office: LINDENAU,
      provider: 'org-traeger-birkenhof',
      guardian: LINDENAU,
    });

    // The foreign Träger's staff: no crisis, no briefing, no task, no location.
    const base = `/cases/${caseId}/crises/${crisisId}`;
    for (const path of [base, `${base}/tasks/task-provider/briefing`]) {
      const r = await call(stack.apiUrl, 'GET', path, t['traeger-nachbar']!);
      expect([403, 404]).toContain(r.status);
      expect(await r.text()).not.toContain(location);
    }
    const inbox = await call(stack.apiUrl, 'GET', '/tasks', t['traeger-nachbar']!);
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).not.toContain(caseId);
  });

  it('an administrator cannot propose a version that does not name their own organisation; nothing is written', async () => {
    const version = `evil-${tag}`;
    const lindenauOnly = { ...lindenauAgreementV1, version, validFrom: new Date().toISOString() };
    const problem = await expectProblem(await propose(stack.apiUrl, lindenauOnly, t['admin-nachbar']), 403);
    expect(problem['errors']).toEqual([expect.objectContaining({ field: 'body.organisations' })]);
    const [rows]: { versions: number; events: number }[] = await ds.query(
      `SELECT (SELECT count(*)::int FROM agreement_versions WHERE agreement_id = $1 AND version = $2) AS versions,
              (SELECT count(*)::int FROM events WHERE stream_id = $3 AND data->>'version' = $2) AS events`,
      [lindenauAgreementV1.agreementId, version, `agreement-${lindenauAgreementV1.agreementId}`],
    );
    expect(rows).toEqual({ versions: 0, events: 0 });
  });

  it('signed by all, a version governs from max(validFrom, last signature); a withdrawn signature ends it for new crises', async () => {
    const before = await inForce();
    // validFrom in the past: in force from the last signature.
    const past: CooperationAgreement = {
      ...lindenauAgreementV1,
      version: `e2e-a-${tag}`,
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    };
    expect((await propose(stack.apiUrl, past, t.admin)).status).toBe(201);
    for (const u of LINDENAU_ADMINS.slice(0, -1)) expect((await sign(stack.apiUrl, past, t[u]!)).status).toBe(201);
    expect(await summaryOf(past)).toMatchObject({ status: 'proposed', missingSignatures: ['org-leitstelle-lindenau'] });
    expect((await crisisNow()).agreement?.version).toBe(before);

    const last = await sign(stack.apiUrl, past, t['admin-leitstelle']!);
    expect(last.status).toBe(201);
    const signed = (await last.json()) as AgreementVersionSummary;
    const lastSignature = signed.signatures.find((s) => s.organisationId === 'org-leitstelle-lindenau')!;
    expect(lastSignature.by).toBe('u-ls-0900');
    expect(signed).toMatchObject({ status: 'in_force', inForceFrom: lastSignature.at, missingSignatures: [] });
    expect(Date.parse(lastSignature.at)).toBeGreaterThan(Date.parse(past.validFrom));
    expect((await crisisNow()).agreement?.version).toBe(past.version);

    // validFrom after the last signature: scheduled until validFrom.
    const future: CooperationAgreement = {
      ...lindenauAgreementV1,
      version: `e2e-b-${tag}`,
      validFrom: new Date(Date.now() + 6_000).toISOString(),
    };
    expect((await propose(stack.apiUrl, future, t.admin)).status).toBe(201);
    for (const u of LINDENAU_ADMINS) expect((await sign(stack.apiUrl, future, t[u]!)).status).toBe(201);
    expect(await summaryOf(future)).toMatchObject({ status: 'scheduled', inForceFrom: future.validFrom });
    expect((await crisisNow()).agreement?.version).toBe(past.version);
    await eventually(async () => ((await inForce()) === future.version ? true : undefined), {
      what: 'the scheduled version in force at its validFrom',
      timeoutMs: 20_000,
    });
    expect((await crisisNow()).agreement?.version).toBe(future.version);

    // One partner withdraws: the version ends for new crises; the one before governs again.
    const withdrawn = await withdraw(stack.apiUrl, future, t['admin-birkenhof']!);
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({
      status: 'ended',
      withdrawn: { organisationId: 'org-traeger-birkenhof', by: 'u-tr-0900' },
    });
    expect((await crisisNow()).agreement?.version).toBe(past.version);
    // Ended for good: signing again revives nothing.
    await expectProblem(await sign(stack.apiUrl, future, t['admin-birkenhof']!), 409);
    const events: { type: string; actor: string }[] = await ds.query(
      `SELECT type, metadata->>'actorId' AS actor FROM events WHERE stream_id = $1 AND data->>'version' = $2
        ORDER BY stream_version`,
      [`agreement-${lindenauAgreementV1.agreementId}`, future.version],
    );
    expect(events.map((e) => e.type)).toEqual([
      'AgreementVersionPublished',
      ...LINDENAU_ADMINS.map(() => 'AgreementVersionSigned'),
      'AgreementSignatureWithdrawn',
    ]);
    expect(events.at(-1)?.actor).toBe('u-tr-0900');

    // Leave Lindenau under the built-in version for the other tests.
    expect((await withdraw(stack.apiUrl, past, t.admin!)).status).toBe(200);
    expect(await inForce()).toBe(before);
  });
});

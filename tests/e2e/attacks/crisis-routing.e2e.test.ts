import type { AgreementVersionSummary, CooperationAgreement, CrisisLiveState } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from '../support/e2e-stack';
import { administratorOf, propose, sign, withdraw } from './agreement-signing';
import { call, expectProblem } from './attack-support';

const stack = e2eStack();
const LINDENHOF = 'org-traeger-lindenhof';
const LINDENAU_ADMINS = ['admin', 'admin-birkenhof', 'admin-klinik', 'admin-klinik-nord', 'admin-leitstelle'];

/** Lindenau's agreement with a second Träger, the Jugendhilfe Lindenhof, and its own route. */
function withLindenhof(version: string): CooperationAgreement {
  const base = lindenauAgreementV1;
  return {
    ...base,
    version,
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    organisations: [...base.organisations, { id: LINDENHOF, name: 'Jugendhilfe Lindenhof', roles: ['provider'] }],
    contacts: [
      ...base.contacts,
      {
        id: 'ct-tr-lindenhof-dienst',
        organisationId: LINDENHOF,
        kind: 'desk',
        label: 'Lindenhof Dienstzimmer',
        channels: [{ kind: 'in_app', address: LINDENHOF }],
      },
      {
        id: 'ct-tr-lindenhof-ruf',
        organisationId: LINDENHOF,
        kind: 'on_call',
        label: 'Lindenhof Rufbereitschaft',
        channels: [{ kind: 'in_app', address: LINDENHOF }],
      },
    ],
    parties: {
      ...base.parties,
      provider: {
        ...base.parties.provider,
        routesByOrganisation: [
          {
            organisationId: LINDENHOF,
            route: {
              firstContactId: 'ct-tr-lindenhof-dienst',
              ackDeadlineMinutes: 30,
              escalation: [{ kind: 'on_call', contactId: 'ct-tr-lindenhof-ruf', ackDeadlineMinutes: 30 }],
            },
          },
        ],
      },
    },
  };
}

/**
 * A neighbouring agreement naming the Lindenhof too, signed by all its partners and newer than
 * Lindenau's: under the old rule a crisis triggered by Lindenhof staff would have followed it.
 */
function neighbourWithLindenhof(tag: string): CooperationAgreement {
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-jugendamt-lindenau"/g, '"org-jugendamt-nachbarkreis"')
    .replace(/"org-traeger-birkenhof"/g, `"${LINDENHOF}"`)
    .replace(/"org-(kjp-st-marien|kjp-nordklinik|leitstelle-lindenau)"/g, `"org-nb-${tag}-$1"`);
  return {
    ...(JSON.parse(json) as CooperationAgreement),
    agreementId: `nachbar-lindenhof-${tag}`,
    version: `2026-${tag}`,
    region: 'Nachbarkreis',
    validFrom: new Date(Date.now() - 30_000).toISOString(),
  };
}

describe('attack: a crisis follows the triggering organisation and a fixed Träger (issue 13, finding 2)', () => {
  const tag = randomUUID().slice(0, 8);
  const t: Record<string, string> = {};
  const lindenau = withLindenhof(`e2e-lh-${tag}`);

  const register = async (careProviderOrganisationId: string) => {
    const caseId = lindenauCaseId(`FALL-RT-${randomUUID().slice(0, 8)}`);
    const res = await call(stack.apiUrl, 'POST', '/cases', t.fachkraft!, {
      caseId,
      youngPerson: { givenName: 'Jonas', familyName: `Keller${tag}`, dateOfBirth: '2010-07-08' },
      careProviderOrganisationId,
    });
    return { caseId, res };
  };
  const trigger = (caseId: string, token: string, location?: string) =>
    call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, token, {
      dangerKind: 'self',
      urgency: 'immediate',
      ...(location ? { location } : {}),
    });
  const boardOf = (caseId: string, crisisId: string) =>
    eventually(
      async () => {
        const r = await call(stack.apiUrl, 'GET', `/cases/${caseId}/crises/${crisisId}`, t.fachkraft!);
        const b = r.status === 200 ? ((await r.json()) as CrisisLiveState) : undefined;
        return b && b.tasks.length === 5 ? b : undefined;
      },
      { what: 'the five notifications', timeoutMs: 45_000 },
    );

  beforeAll(async () => {
    for (const u of [
      ...LINDENAU_ADMINS,
      'admin-lindenhof',
      'admin-nachbar',
      'fachkraft',
      'traeger',
      'traeger-lindenhof',
    ]) {
      t[u] = await tokenFor(stack.issuer, u);
    }
  });

  afterAll(async () => {
    // Leave Lindenau under the built-in version for the other tests (a withdrawal ends this one).
    await withdraw(stack.apiUrl, lindenau, t.admin!);
  });

  it('a Träger the agreement in force does not name is refused, at registration and at the trigger', async () => {
    const { res } = await register(LINDENHOF);
    const problem = await expectProblem(res, 422);
    expect(problem['errors']).toEqual([expect.objectContaining({ field: 'body.careProviderOrganisationId' })]);
  });

  it('runs under the lead office’s version, the provider task goes to the case’s Träger, whoever triggers', async () => {
    // Lindenau and all its partners, the Lindenhof included, sign the version naming the Lindenhof.
    expect((await propose(stack.apiUrl, lindenau, t.admin)).status).toBe(201);
    for (const u of [...LINDENAU_ADMINS, 'admin-lindenhof']) {
      expect((await sign(stack.apiUrl, lindenau, t[u]!)).status).toBe(201);
    }
    // The Lindenhof also signs a newer agreement of the neighbouring district.
    const neighbour = neighbourWithLindenhof(tag);
    expect((await propose(stack.apiUrl, neighbour, t['admin-nachbar'])).status).toBe(201);
    let signed: AgreementVersionSummary | undefined;
    for (const o of neighbour.organisations) {
      const token = o.id === LINDENHOF ? t['admin-lindenhof']! : await administratorOf(o.id);
      const r = await sign(stack.apiUrl, neighbour, token);
      expect(r.status).toBe(201);
      signed = (await r.json()) as AgreementVersionSummary;
    }
    expect(signed?.status).toBe('in_force');

    // A Lindenau case in the Lindenhof's care; its staff trigger (the lead office is not theirs).
    const { caseId, res } = await register(LINDENHOF);
    expect(res.status).toBe(201);
    const location = `Haltestelle Lindenhof ${tag}`;
    const trig = await trigger(caseId, t['traeger-lindenhof']!, location);
    expect(trig.status).toBe(201);
    const { crisisId } = (await trig.json()) as { crisisId: string };
    const board = await boardOf(caseId, crisisId);
    expect(board.agreement).toEqual({ agreementId: lindenauAgreementV1.agreementId, version: lindenau.version });
    expect(board.tasks.find((x) => x.party === 'provider')).toMatchObject({
      organisationId: LINDENHOF,
      contactId: 'ct-tr-lindenhof-dienst',
    });
    // Lindenau's own partners for everything else, not the neighbour's.
    expect(board.tasks.find((x) => x.party === 'clinic')?.organisationId).toBe('org-kjp-st-marien');

    // The agreement's default Träger has no part in it and reads nothing.
    const foreign = await call(stack.apiUrl, 'GET', `/cases/${caseId}/crises/${crisisId}`, t.traeger!);
    expect([403, 404]).toContain(foreign.status);
    expect(await foreign.text()).not.toContain(location);
    // The case's Träger is briefed (once the inbox projection has its task).
    const briefing = await eventually(
      async () => {
        const r = await call(
          stack.apiUrl,
          'GET',
          `/cases/${caseId}/crises/${crisisId}/tasks/task-provider/briefing`,
          t['traeger-lindenhof']!,
        );
        return r.status === 200 ? r.text() : undefined;
      },
      { what: 'the Lindenhof briefing', timeoutMs: 30_000 },
    );
    expect(briefing).toContain(location);

    // A case of the Birkenhof still goes to the Birkenhof.
    const birkenhof = await register('org-traeger-birkenhof');
    expect(birkenhof.res.status).toBe(201);
    const other = await trigger(birkenhof.caseId, t.fachkraft!);
    expect(other.status).toBe(201);
    const otherBoard = await boardOf(birkenhof.caseId, ((await other.json()) as { crisisId: string }).crisisId);
    expect(otherBoard.tasks.find((x) => x.party === 'provider')?.organisationId).toBe('org-traeger-birkenhof');

    // The Lindenhof withdraws from Lindenau's version: the built-in one governs, which does not
    // name it, so its case's next crisis is refused rather than sent to a Träger not caring for it.
    expect((await withdraw(stack.apiUrl, lindenau, t['admin-lindenhof']!)).status).toBe(200);
    const refused = await expectProblem(await trigger(caseId, t.fachkraft!), 422);
    expect(refused['errors']).toEqual([expect.objectContaining({ field: 'case.careProviderOrganisationId' })]);
  });
});

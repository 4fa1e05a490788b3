import type { CaseView, TriggerCrisisResponse } from '@hilfenetz/contracts';
import { eventually, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from '../support/e2e-stack';
import { proposeSignedByAll } from './agreement-signing';
import { call, expectProblem, type Problem } from './attack-support';
import { breakGlassNetwork } from './break-glass-network';

const stack = e2eStack();
const REASON = 'Inobhutnahme in der Nacht, fallführendes Jugendamt nicht erreichbar';

/** The reference an office would give its next case: predictable, as Aktenzeichen are. */
const nextReference = () => `F-2026-${randomUUID().slice(0, 6)}`;

const youngPerson = (familyName: string) => ({ givenName: 'Lea', familyName, dateOfBirth: '2011-02-03' });

const eventsOf = async (ds: DataSource, caseId: string): Promise<string[]> =>
  (
    (await ds.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [`case-${caseId}`])) as {
      type: string;
    }[]
  ).map((r) => r.type);

/** A problem without what differs by request alone: the instance and the id asked for. */
const shape = (p: Problem, ...ids: string[]) => {
  const { instance: _instance, ...rest } = p;
  let text = JSON.stringify(rest);
  for (const id of ids) text = text.replaceAll(id, '{caseId}');
  return JSON.parse(text) as unknown;
};

describe('attack: case references in one global namespace (issue 13, finding 8)', () => {
  let ds: DataSource;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 2);
    for (const u of ['fachkraft', 'fachkraft-nachbar']) t[u] = await tokenFor(stack.issuer, u);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  const register = (token: string, caseId: string, familyName: string) =>
    call(stack.apiUrl, 'POST', '/cases', token, { caseId, youngPerson: youngPerson(familyName) });

  it('another office registering Lindenau’s next reference first blocks nothing: two cases, each led by its office', async () => {
    const reference = nextReference();
    const squatted = await register(t['fachkraft-nachbar']!, reference, 'Nachbar');
    expect(squatted.status).toBe(201);
    const squat = (await squatted.json()) as CaseView;
    expect(squat).toMatchObject({
      caseId: `jugendamt-nachbarkreis.${reference}`,
      leadOrganisationId: 'org-jugendamt-nachbarkreis',
    });

    const own = await register(t.fachkraft!, reference, 'Lindenau');
    expect(own.status).toBe(201);
    const lindenau = (await own.json()) as CaseView;
    expect(lindenau).toMatchObject({
      caseId: `jugendamt-lindenau.${reference}`,
      leadOrganisationId: 'org-jugendamt-lindenau',
      youngPerson: { status: 'available', familyName: 'Lindenau' },
    });

    // Each office's staff keep using their own reference and get their own case.
    for (const [user, familyName] of [
      ['fachkraft', 'Lindenau'],
      ['fachkraft-nachbar', 'Nachbar'],
    ] as const) {
      const res = await call(stack.apiUrl, 'GET', `/cases/${reference}`, t[user]!);
      expect(res.status).toBe(200);
      expect(((await res.json()) as CaseView).youngPerson).toMatchObject({ familyName });
    }
    // Uniqueness still holds within an office.
    for (const user of ['fachkraft', 'fachkraft-nachbar']) {
      const again = await expectProblem(await register(t[user]!, reference, 'Zweitakte'), 409);
      expect(again.errors).toEqual([{ field: 'body.caseId', reason: 'already registered' }]);
    }
  });

  it('a registration after Lindenau’s reveals nothing: the same answer as for a reference nobody used', async () => {
    const reference = nextReference();
    expect((await register(t.fachkraft!, reference, 'Erst')).status).toBe(201);
    const taken = await register(t['fachkraft-nachbar']!, reference, 'Zweit');
    const fresh = await register(t['fachkraft-nachbar']!, nextReference(), 'Zweit');
    expect([taken.status, fresh.status]).toEqual([201, 201]);
    const [a, b] = [(await taken.json()) as CaseView, (await fresh.json()) as CaseView];
    expect(a.leadOrganisationId).toBe('org-jugendamt-nachbarkreis');
    expect(JSON.stringify(a)).not.toMatch(/Erst|lindenau/i);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  });

  it('a full id naming another office is refused as registration (422), whether that case exists or not', async () => {
    const reference = nextReference();
    expect((await register(t.fachkraft!, reference, 'Lindenau')).status).toBe(201);
    const existing = await expectProblem(
      await register(t['fachkraft-nachbar']!, `jugendamt-lindenau.${reference}`, 'Nachbar'),
      422,
    );
    const unknownId = `jugendamt-lindenau.${nextReference()}`;
    const unknown = await expectProblem(await register(t['fachkraft-nachbar']!, unknownId, 'Nachbar'), 422);
    expect(existing.errors).toEqual([{ field: 'body.caseId', reason: expect.stringContaining('your own office') }]);
    expect(shape(existing, `jugendamt-lindenau.${reference}`)).toEqual(shape(unknown, unknownId));
    expect(await eventsOf(ds, unknownId)).toEqual([]);
    // One's own office's full id is one's own reference.
    const ownFull = `jugendamt-nachbarkreis.${nextReference()}`;
    const res = await register(t['fachkraft-nachbar']!, ownFull, 'Nachbar');
    expect(res.status).toBe(201);
    expect(((await res.json()) as CaseView).caseId).toBe(ownFull);
  });

  it('writes on another office’s case answer like an unknown case: no 403 oracle', async () => {
    const reference = nextReference();
    expect((await register(t.fachkraft!, reference, 'Lindenau')).status).toBe(201);
    const lindenauCase = `jugendamt-lindenau.${reference}`;
    const before = await eventsOf(ds, lindenauCase);
    const guardian = { name: 'Anna Keller', relation: 'mother', phone: '+4915112345678' };
    const unknownId = `jugendamt-lindenau.${nextReference()}`;
    const foreign = await expectProblem(
      await call(stack.apiUrl, 'POST', `/cases/${lindenauCase}/guardians`, t['fachkraft-nachbar']!, guardian),
      404,
    );
    const none = await expectProblem(
      await call(stack.apiUrl, 'POST', `/cases/${unknownId}/guardians`, t['fachkraft-nachbar']!, guardian),
      404,
    );
    expect(shape(foreign, lindenauCase)).toEqual(shape(none, unknownId));
    expect(await eventsOf(ds, lindenauCase)).toEqual(before);
  });

  describe('a crisis on a bare reference opens the triggering office’s own case, never another’s', () => {
    const tag = randomUUID().slice(0, 8);
    const net = breakGlassNetwork(tag);
    const office = net.lead.replace(/^org-/, '');

    beforeAll(async () => {
      await proposeSignedByAll(stack.apiUrl, net.agreement);
    });

    it('another office triggering on Lindenau’s reference starts a crisis of its own case; Lindenau’s case is untouched', async () => {
      const reference = nextReference();
      expect((await register(t.fachkraft!, reference, 'Lindenau')).status).toBe(201);
      const lindenauCase = `jugendamt-lindenau.${reference}`;
      const before = await eventsOf(ds, lindenauCase);
      const token = await net.leadCaseworker();
      const res = await call(stack.apiUrl, 'POST', `/cases/${reference}/crises`, token, {
        dangerKind: 'self',
        urgency: 'immediate',
      });
      expect(res.status).toBe(201);
      const crisis = (await res.json()) as TriggerCrisisResponse;
      expect(crisis.caseId).toBe(`${office}.${reference}`);
      // The crisis workflow opens the other office's own case (its first event names its writer).
      const first = await eventually(async () => (await eventsOf(ds, crisis.caseId))[0], {
        timeoutMs: 30_000,
        what: 'the crisis’s first event',
      });
      expect(first).toBe('CrisisTriggered');
      const [opened] = (await ds.query(
        `SELECT metadata->>'organisationId' AS org FROM events WHERE stream_id = $1 ORDER BY stream_version LIMIT 1`,
        [`case-${crisis.caseId}`],
      )) as { org: string }[];
      expect(opened!.org).toBe(net.lead);
      expect(await eventsOf(ds, lindenauCase)).toEqual(before);
      const cancelled = await call(
        stack.apiUrl,
        'POST',
        `/cases/${reference}/crises/${crisis.crisisId}/cancel`,
        token,
        { reason: 'Testlauf beendet' },
      );
      expect(cancelled.status).toBe(202);
    });

    it('triggering under another office’s full id: the 404 of an unknown case, existing or not, and no case opened', async () => {
      const reference = nextReference();
      expect((await register(t.fachkraft!, reference, 'Lindenau')).status).toBe(201);
      const lindenauCase = `jugendamt-lindenau.${reference}`;
      const unknownId = `jugendamt-lindenau.${nextReference()}`;
      const before = await eventsOf(ds, lindenauCase);
      const token = await net.leadCaseworker();
      const body = { dangerKind: 'self', urgency: 'immediate' };
      const foreign = await expectProblem(
        await call(stack.apiUrl, 'POST', `/cases/${lindenauCase}/crises`, token, body),
        404,
      );
      const none = await expectProblem(
        await call(stack.apiUrl, 'POST', `/cases/${unknownId}/crises`, token, body),
        404,
      );
      expect(shape(foreign, lindenauCase)).toEqual(shape(none, unknownId));
      expect(await eventsOf(ds, lindenauCase)).toEqual(before);
      expect(await eventsOf(ds, unknownId)).toEqual([]);
    });

    it('a break-glass read of an unknown reference is 404 and opens no stream', async () => {
      const reference = nextReference();
      const fullId = `${office}.${reference}`;
      const partner = await net.partnerOnCall();
      for (const path of [`/cases/${fullId}`, `/cases/${fullId}/timeline`, `/cases/${reference}`]) {
        const res = await fetch(`${stack.apiUrl}${path}`, {
          headers: { authorization: `Bearer ${partner}`, 'x-break-glass-reason': REASON },
        });
        const problem = await expectProblem(res, 404);
        expect(problem.errors).toEqual([{ field: 'path.caseId', reason: 'unknown case' }]);
      }
      expect(await eventsOf(ds, fullId)).toEqual([]);
      expect(await eventsOf(ds, reference)).toEqual([]);
      expect(await eventsOf(ds, `${net.partner.replace(/^org-/, '')}.${reference}`)).toEqual([]);
    });
  });
});

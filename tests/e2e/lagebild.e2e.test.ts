import type { AccessLogResponse, Lagebild, TaskInboxResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

/**
 * The situation report (issue 11 §5): one crisis, generated from the log, per audience. The lead
 * office reads every cut; the Leitstelle and the clinic holding the tasks only their own; the
 * Runder Tisch's copy identifies nobody; every read is in the access log.
 */
describe('Lagebild: conditions, actions and needs of a crisis, cut per audience', () => {
  const tokens: Record<string, string> = {};
  // In the personal details only (not in ids), so that finding it anywhere else is a leak.
  const tag = randomUUID().slice(0, 8);
  const caseId = lindenauCaseId(`e2e-lage-${randomUUID().slice(0, 8)}`);
  const youngPerson = { givenName: 'Jonas', familyName: `Falk${tag}`, dateOfBirth: '2010-07-09' };
  const location = `Wohngruppe Birkenhof, Zimmer 7 (${tag})`;
  const note = `Hat sich eingeschlossen ${tag}`;
  const callbackPhone = '+4915112340042';
  const guardianPhone = '+4915799990042';
  const guardianName = `Petra Falk ${tag}`;
  const dispatchReference = `E-2026-${tag}`;
  let crisisId: string;

  const call = async (method: string, path: string, who: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens[who]}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const path = (audience?: string, pdf = false) =>
    `/cases/${caseId}/crises/${crisisId}/lagebild${pdf ? '.pdf' : ''}${audience ? `?audience=${audience}` : ''}`;
  const lagebild = async (who: string, audience?: string) => {
    const res = await call('GET', path(audience), who);
    expect({ who, audience, status: res.status }).toEqual({ who, audience, status: 200 });
    return (await res.json()) as Lagebild;
  };
  const inbox = async (who: string) =>
    (await (await call('GET', `/tasks?caseId=${caseId}&status=all`, who)).json()) as TaskInboxResponse;
  const lagebildReads = async () =>
    ((await (await call('GET', `/cases/${caseId}/access-log`, 'leitung')).json()) as AccessLogResponse).entries
      .filter((e) => e.resource === 'lagebild')
      .map((e) => ({ user: e.user.id, role: e.user.role, purpose: e.purpose }));

  beforeAll(async () => {
    for (const u of ['fachkraft', 'leitstelle', 'klinik', 'klinik-nord', 'traeger', 'leitung', 'pruefung']) {
      tokens[u] = await tokenFor(stack.issuer, u);
    }
    tokens['fachkraft-nachbar'] = await tokenFor(stack.issuer, 'fachkraft-nachbar');
    const registered = await call('POST', '/cases', 'fachkraft', {
      caseId,
      youngPerson,
      careProviderOrganisationId: 'org-traeger-birkenhof',
      guardians: [{ name: guardianName, relation: 'mother', phone: guardianPhone }],
    });
    expect(registered.status).toBe(201);
    const triggered = await call(
      'POST',
      `/cases/${caseId}/crises`,
      'fachkraft',
      { dangerKind: 'others', urgency: 'immediate', location, note, callbackPhone },
      `key-${randomUUID()}`,
    );
    expect(triggered.status).toBe(201);
    crisisId = ((await triggered.json()) as { crisisId: string }).crisisId;
    await eventually(
      async () =>
        (await inbox('leitstelle')).tasks.length === 1 && (await inbox('klinik')).tasks.length === 1 ? true : undefined,
      { what: 'the crisis tasks in the inboxes', timeoutMs: 45_000 },
    );
    const dispatched = await call('POST', `/cases/${caseId}/crises/${crisisId}/ambulance-dispatch`, 'leitstelle', {
      dispatchReference,
      etaMinutes: 14,
    });
    expect(dispatched.status).toBe(200);
    const acknowledged = await call(
      'POST',
      `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`,
      'klinik',
      {},
    );
    expect(acknowledged.status).toBe(200);
  });

  it('the supervisor reads everything: who, where, what happened and what is still missing', async () => {
    const r = await eventually(
      async () => {
        const l = await lagebild('leitung');
        return l.actions.ambulance && l.actions.tasks.some((t) => t.acknowledged) ? l : undefined;
      },
      { what: 'dispatch and acknowledgement in the Lagebild' },
    );
    expect(r).toMatchObject({
      audience: 'supervisor',
      availableAudiences: ['supervisor', 'leitstelle', 'clinic', 'runder_tisch'],
      caseId,
      crisisId,
      status: 'open',
      personalData: 'available',
    });
    expect(r.conditions).toMatchObject({
      dangerKind: 'others',
      urgency: 'immediate',
      location,
      situationNote: note,
      youngPersonName: `Jonas ${youngPerson.familyName}`,
      dateOfBirth: youngPerson.dateOfBirth,
      guardians: [{ name: guardianName, relation: 'mother' }],
      triggeredBy: {
        organisation: { id: 'org-jugendamt-lindenau', name: 'Kreisjugendamt Lindenau' },
        displayName: 'Frau Aydın (ASD)',
        callbackPhone,
      },
      receivingClinic: { id: 'org-kjp-st-marien', name: 'Kinder- und Jugendpsychiatrie St. Marien' },
    });
    expect(r.actions.tasks.map((t) => t.party).sort()).toEqual(
      ['ambulance', 'clinic', 'guardian', 'provider', 'youth_office'].sort(),
    );
    const clinic = r.actions.tasks.find((t) => t.party === 'clinic')!;
    expect(clinic).toMatchObject({
      status: 'acknowledged',
      organisation: { name: 'Kinder- und Jugendpsychiatrie St. Marien' },
      acknowledged: { personName: 'Herr Nowak (KJP St. Marien)' },
    });
    // Every task was alarmed on a channel of its contact; the log says so.
    expect(r.actions.tasks.every((t) => t.deliveries.length > 0)).toBe(true);
    expect(r.actions.log.filter((a) => a.kind === 'alarmed')).toHaveLength(5);
    expect(r.actions.ambulance).toMatchObject({
      dispatchReference,
      organisation: { name: 'Integrierte Leitstelle Lindenau' },
    });
    expect(Date.parse(r.actions.ambulance!.expectedArrivalAt!) - Date.parse(r.actions.ambulance!.reportedAt)).toBe(
      14 * 60_000,
    );
    expect(r.needs.missing.map((g) => g.kind)).toContain('no_admission_decision');
    expect(r.needs.missing.map((g) => g.kind)).not.toContain('no_dispatch_reported');
    expect(r.needs.openTasks.map((t) => t.party)).not.toContain('clinic');
    expect(r.needs.openTasks.map((t) => t.party)).toContain('guardian');
  });

  it('the Runder Tisch gets organisations and times only: no name, birth date, place, note, number or person', async () => {
    const r = await lagebild('fachkraft', 'runder_tisch');
    expect(r).toMatchObject({ audience: 'runder_tisch', caseId: null, crisisId: null });
    expect(r.conditions).toEqual({
      dangerKind: 'others',
      urgency: 'immediate',
      triggeredAt: expect.any(String),
      triggeredBy: { organisation: { id: 'org-jugendamt-lindenau', name: 'Kreisjugendamt Lindenau' } },
      receivingClinic: { id: 'org-kjp-st-marien', name: 'Kinder- und Jugendpsychiatrie St. Marien' },
    });
    expect(r.actions.tasks.length).toBe(5);
    expect(r.actions.ambulance).not.toHaveProperty('dispatchReference');
    const text = JSON.stringify(r);
    for (const secret of [
      tag,
      youngPerson.dateOfBirth,
      'Zimmer',
      '+49',
      'Aydın',
      'Nowak',
      'Petrov',
      'Engel',
      caseId,
      'u-ja-0001',
      'u-kjp-0001',
      'u-ls-0001',
    ]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  });

  it('the Leitstelle reads its briefing cut by default, and may not ask for the supervisor’s (403)', async () => {
    const r = await lagebild('leitstelle');
    expect(r).toMatchObject({ audience: 'leitstelle', availableAudiences: ['leitstelle'], caseId });
    expect(r.conditions).toMatchObject({ location, ageYears: expect.any(Number), triggeredBy: { callbackPhone } });
    for (const field of ['youngPersonName', 'dateOfBirth', 'situationNote', 'guardians']) {
      expect(r.conditions).not.toHaveProperty(field);
    }
    expect(r.actions.ambulance?.dispatchReference).toBe(dispatchReference);
    expect(r.actions.tasks.map((t) => t.party)).not.toContain('guardian');
    const text = JSON.stringify(r);
    for (const secret of [youngPerson.familyName, youngPerson.dateOfBirth, note, guardianName, 'Nowak']) {
      expect(text).not.toContain(secret);
    }
    for (const audience of ['supervisor', 'clinic', 'runder_tisch']) {
      const res = await call('GET', path(audience), 'leitstelle');
      expect({ audience, status: res.status }).toEqual({ audience, status: 403 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toEqual(['query.audience']);
    }
  });

  it('the clinic reads whom to expect, why, and the ambulance ETA', async () => {
    const r = await lagebild('klinik');
    expect(r).toMatchObject({ audience: 'clinic', availableAudiences: ['clinic'] });
    expect(r.conditions).toMatchObject({
      youngPersonName: `Jonas ${youngPerson.familyName}`,
      dateOfBirth: youngPerson.dateOfBirth,
      situationNote: note,
      location,
    });
    expect(r.conditions).not.toHaveProperty('guardians');
    expect(r.actions.ambulance).toMatchObject({ dispatchReference, expectedArrivalAt: expect.any(String) });
    expect(JSON.stringify(r)).not.toContain(guardianName);
    expect((await call('GET', path('supervisor'), 'klinik')).status).toBe(403);
  });

  it('as PDF for each audience the caller may read', async () => {
    for (const [who, audience] of [
      ['leitung', 'supervisor'],
      ['fachkraft', 'runder_tisch'],
      ['leitstelle', 'leitstelle'],
      ['klinik', 'clinic'],
    ] as const) {
      const res = await call('GET', path(audience, true), who);
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
      expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
      expect(res.headers.get('content-disposition')).toContain('attachment');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    expect((await call('GET', path('supervisor', true), 'leitstelle')).status).toBe(403);
  });

  it('another clinic, another district and an unknown crisis get 404; other roles 403; bad input 400', async () => {
    const readsBefore = (await lagebildReads()).length;
    for (const [who, target] of [
      ['klinik-nord', path()],
      ['klinik-nord', path('clinic', true)],
      ['fachkraft-nachbar', path('runder_tisch')],
      ['klinik', `/cases/${caseId}/crises/crisis-${caseId}-00000000000000000000/lagebild`],
    ] as const) {
      const res = await call('GET', target, who);
      expect({ who, target, status: res.status }).toEqual({ who, target, status: 404 });
      expect(await res.text()).not.toContain(tag);
    }
    for (const who of ['traeger', 'pruefung']) {
      expect({ who, status: (await call('GET', path(), who)).status }).toEqual({ who, status: 403 });
    }
    const bad = await call('GET', path('alle'), 'fachkraft');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['query.audience']);
    expect((await lagebildReads()).length).toBe(readsBefore);
  });

  it('every read is in the access log: the holders for their participation, the lead office for its work', async () => {
    const reads = await lagebildReads();
    expect(reads).toContainEqual({ user: 'u-ja-0100', role: 'supervisor', purpose: 'supervision' });
    expect(reads).toContainEqual({ user: 'u-ja-0001', role: 'caseworker', purpose: 'case_work' });
    expect(reads).toContainEqual({ user: 'u-ls-0001', role: 'ambulance_dispatch', purpose: 'participation' });
    expect(reads).toContainEqual({ user: 'u-kjp-0001', role: 'clinic_staff', purpose: 'participation' });
    expect(reads.some((r) => r.user === 'u-kjp-0101')).toBe(false);
  });
});

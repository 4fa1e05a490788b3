import type { AccessLogResponse, CaseView, TaskBriefing, TaskInboxResponse } from '@hilfenetz/contracts';
import { ageInYears } from '@hilfenetz/domain';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

const berlinToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/**
 * Need-to-know briefings (issue 11 §1): each party holding a task reads what the agreement grants
 * its role, opened from the sealed case data; an organisation not holding the task learns nothing;
 * every read is in the access log; erasure leaves only what is not personal.
 */
describe('task briefings: each party learns what it needs to act, and nothing more', () => {
  let ds: DataSource;
  const tokens: Record<string, string> = {};
  // In the personal details only (not in ids), so that finding it anywhere else is a leak.
  const tag = randomUUID().slice(0, 8);
  const caseId = lindenauCaseId(`e2e-briefing-${randomUUID().slice(0, 8)}`);
  const youngPerson = { givenName: 'Mila', familyName: `Sommer${tag}`, dateOfBirth: '2011-03-04' };
  const location = `Wohngruppe Birkenhof, Zimmer 4 (${tag})`;
  const note = `Droht, aus dem Fenster zu springen ${tag}`;
  const callbackPhone = '+4915112345678';
  let crisisId: string;

  const call = async (method: string, path: string, who: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens[who]}`,
      'content-type': 'application/json',
    };
    if (key) headers['idempotency-key'] = key;
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const briefingPath = (taskId: string) => `/cases/${caseId}/crises/${crisisId}/tasks/${taskId}/briefing`;
  const briefingOf = async (who: string, taskId: string) => {
    const res = await call('GET', briefingPath(taskId), who);
    expect({ who, taskId, status: res.status }).toEqual({ who, taskId, status: 200 });
    return (await res.json()) as TaskBriefing;
  };
  const inbox = async (who: string) =>
    (await (await call('GET', `/tasks?caseId=${caseId}&status=all`, who)).json()) as TaskInboxResponse;
  const briefingReads = async () =>
    ((await (await call('GET', `/cases/${caseId}/access-log`, 'leitung')).json()) as AccessLogResponse).entries
      .filter((e) => e.resource === 'briefing')
      .map((e) => ({ user: e.user.id, role: e.user.role, purpose: e.purpose }));

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 1);
    for (const u of [
      'fachkraft',
      'leitstelle',
      'klinik',
      'klinik-nord',
      'traeger',
      'leitung',
      'admin',
      'fachkraft-nachbar',
    ]) {
      tokens[u] = await tokenFor(stack.issuer, u);
    }
    const registered = await call('POST', '/cases', 'fachkraft', {
      caseId,
      youngPerson,
      careProviderOrganisationId: 'org-traeger-birkenhof',
      guardians: [{ name: `Sabine Sommer ${tag}`, relation: 'mother', phone: '+4915799999999' }],
    });
    expect(registered.status).toBe(201);
    const triggered = await call(
      'POST',
      `/cases/${caseId}/crises`,
      'fachkraft',
      { dangerKind: 'self', urgency: 'immediate', location, note, callbackPhone },
      `key-${randomUUID()}`,
    );
    expect(triggered.status).toBe(201);
    crisisId = ((await triggered.json()) as { crisisId: string }).crisisId;
    // Every party's task is in its inbox (the projection lags the workflow by a moment).
    await eventually(
      async () =>
        (await inbox('fachkraft')).tasks.length >= 2 && (await inbox('leitstelle')).tasks.length === 1
          ? true
          : undefined,
      { what: 'the crisis tasks in the inboxes', timeoutMs: 45_000 },
    );
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('the Leitstelle reads where, what, how urgent, the age, whom to call back and the clinic — no name, birth date or note', async () => {
    const [task] = (await inbox('leitstelle')).tasks;
    expect(task).toMatchObject({ crisisId, taskId: 'task-ambulance', organisationId: 'org-leitstelle-lindenau' });
    const b = await briefingOf('leitstelle', 'task-ambulance');
    expect(b).toMatchObject({
      caseId,
      crisisId,
      taskId: 'task-ambulance',
      party: 'ambulance',
      status: 'available',
      location,
      dangerKind: 'self',
      urgency: 'immediate',
      ageYears: ageInYears(youngPerson.dateOfBirth, berlinToday()),
      triggeredBy: { displayName: 'Frau Aydın (ASD)', organisationName: 'Kreisjugendamt Lindenau', callbackPhone },
      receivingClinic: { organisationId: 'org-kjp-st-marien', name: 'Kinder- und Jugendpsychiatrie St. Marien' },
    });
    expect(b.granted).toEqual([
      'location',
      'dangerKind',
      'urgency',
      'ageYears',
      'triggeredBy',
      'receivingClinic',
      'ambulance',
    ]);
    // Its own dispatch report (none yet) is the one thing it reads back.
    expect(b.ambulance).toBeNull();
    for (const field of ['youngPersonName', 'dateOfBirth', 'situationNote', 'guardians']) {
      expect(b).not.toHaveProperty(field);
    }
    const text = JSON.stringify(b);
    expect(text).not.toContain(youngPerson.familyName);
    expect(text).not.toContain(note);
    expect(text).not.toContain(youngPerson.dateOfBirth);
  });

  it('the clinic reads who is coming, why and — once the Leitstelle reports it — the ambulance ETA', async () => {
    const before = await briefingOf('klinik', 'task-clinic');
    expect(before).toMatchObject({
      party: 'clinic',
      status: 'available',
      youngPersonName: `Mila ${youngPerson.familyName}`,
      dateOfBirth: youngPerson.dateOfBirth,
      situationNote: note,
      location,
      triggeredBy: { displayName: 'Frau Aydın (ASD)', callbackPhone },
      ambulance: null,
    });
    expect(before).not.toHaveProperty('guardians');
    expect(before).not.toHaveProperty('receivingClinic');

    const dispatched = await call('POST', `/cases/${caseId}/crises/${crisisId}/ambulance-dispatch`, 'leitstelle', {
      dispatchReference: `E-2026-${caseId.slice(-8)}`,
      etaMinutes: 12,
    });
    expect(dispatched.status).toBe(200);
    const after = await eventually(
      async () => {
        const b = await briefingOf('klinik', 'task-clinic');
        return b.ambulance ? b : undefined;
      },
      { what: 'the ambulance in the clinic briefing' },
    );
    expect(after.ambulance!.dispatchReference).toBe(`E-2026-${caseId.slice(-8)}`);
    const eta = Date.parse(after.ambulance!.expectedArrivalAt!) - Date.parse(after.ambulance!.reportedAt);
    expect(eta).toBe(12 * 60_000);
  });

  it('the Träger reads the situation and the callback, the youth office everything with the guardians', async () => {
    const provider = await briefingOf('traeger', 'task-provider');
    expect(provider).toMatchObject({ dangerKind: 'self', urgency: 'immediate', location });
    expect(Object.keys(provider)).not.toContain('youngPersonName');
    expect(Object.keys(provider)).not.toContain('situationNote');

    const office = await briefingOf('fachkraft', 'task-youth_office');
    expect(office).toMatchObject({
      youngPersonName: `Mila ${youngPerson.familyName}`,
      situationNote: note,
      guardians: [{ name: `Sabine Sommer ${tag}`, relation: 'mother', phone: '+4915799999999', email: null }],
    });
    // The lead office sees what each party was told: the Leitstelle's briefing, cut as for it.
    const asLeitstelle = await briefingOf('fachkraft', 'task-ambulance');
    expect(asLeitstelle).not.toHaveProperty('youngPersonName');
  });

  it('another clinic, another district and an unknown task get 404; nothing in their inbox, nothing logged', async () => {
    const readsBefore = (await briefingReads()).length;
    for (const [who, taskId] of [
      ['klinik-nord', 'task-clinic'],
      ['klinik-nord', 'task-ambulance'],
      ['fachkraft-nachbar', 'task-youth_office'],
      ['traeger', 'task-clinic'],
      ['klinik', 'task-ambulance'],
      ['leitstelle', 'task-clinic'],
      ['klinik', 'task-nonexistent'],
    ] as const) {
      const res = await call('GET', briefingPath(taskId), who);
      expect({ who, taskId, status: res.status }).toEqual({ who, taskId, status: 404 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).not.toContain(tag);
    }
    expect((await inbox('klinik-nord')).tasks).toEqual([]);
    expect((await briefingReads()).length).toBe(readsBefore);
    // The auditor holds no task and reads no briefing.
    const auditor = await fetch(`${stack.apiUrl}${briefingPath('task-clinic')}`, {
      headers: { authorization: `Bearer ${await tokenFor(stack.issuer, 'pruefung')}` },
    });
    expect(auditor.status).toBe(403);
  });

  it('every read is in the access log: the holder for its participation, the lead office for case work', async () => {
    const reads = await briefingReads();
    expect(reads).toContainEqual({ user: 'u-ls-0001', role: 'ambulance_dispatch', purpose: 'participation' });
    expect(reads).toContainEqual({ user: 'u-kjp-0001', role: 'clinic_staff', purpose: 'participation' });
    expect(reads).toContainEqual({ user: 'u-tr-0001', role: 'provider_staff', purpose: 'participation' });
    expect(reads).toContainEqual({ user: 'u-ja-0001', role: 'caseworker', purpose: 'case_work' });
    expect(reads.every((r) => ['u-ls-0001', 'u-kjp-0001', 'u-tr-0001', 'u-ja-0001'].includes(r.user))).toBe(true);
  });

  it('after erasure the briefing says erased and keeps only what is not personal; the guardians are erased too', async () => {
    const erased = await call('POST', `/cases/${caseId}/erasure`, 'admin', {
      reason: 'Löschantrag nach Art. 17 DSGVO',
    });
    expect(erased.status).toBe(204);
    const clinic = await briefingOf('klinik', 'task-clinic');
    expect(clinic).toMatchObject({
      status: 'erased',
      youngPersonName: null,
      dateOfBirth: null,
      ageYears: null,
      situationNote: null,
      location: null,
      dangerKind: 'self',
      triggeredBy: { displayName: null, callbackPhone: null },
      ambulance: { dispatchReference: `E-2026-${caseId.slice(-8)}` },
    });
    expect(clinic.erasedAt).toEqual(expect.any(String));
    const office = await briefingOf('fachkraft', 'task-youth_office');
    expect(office).toMatchObject({ status: 'erased', guardians: null });
    const leitstelle = await briefingOf('leitstelle', 'task-ambulance');
    expect(leitstelle).toMatchObject({ status: 'erased', location: null, ageYears: null });
    const view = (await (await call('GET', `/cases/${caseId}`, 'fachkraft')).json()) as CaseView;
    expect(view.guardians).toHaveLength(1);
    expect(view.guardians[0]).toMatchObject({ status: 'erased', rank: 1 });
    expect(JSON.stringify(view)).not.toContain(tag);
  });
});

import type { HilfeplanungLiveState } from '@hilfenetz/contracts';
import { addMonths } from '@hilfenetz/domain';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown, key?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('seed 002, step 5: discharge starts the Hilfeplanung with the clinic involved', () => {
  it('crisis → admitted → discharge announced → Hilfeplanung running, linked to the crisis, deadline from the discharge date', async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const clinic = await tokenFor(stack.issuer, 'klinik');
    const supervisor = await tokenFor(stack.issuer, 'leitung');
    const caseId = lindenauCaseId(`FALL-DIS-${randomUUID().slice(0, 8)}`);
    const registered = await call('POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Noah', familyName: 'Winterfeld', dateOfBirth: '2010-05-06' },
    });
    expect(registered.status).toBe(201);
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await eventually(
      async () =>
        (await call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {})).status === 200 ? true : undefined,
      { what: 'the clinic task to exist and be acknowledged', timeoutMs: 30_000 },
    );
    expect((await call('POST', `${base}/admission`, clinic, { decision: 'admitted_voluntary' })).status).toBe(200);
    const plannedFor = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await call('POST', `${base}/discharge`, clinic, { plannedFor })).status).toBe(200);

    const planning = await eventually(
      async () => {
        const r = await call('GET', `/cases/${caseId}/hilfeplanung`, supervisor);
        return r.status === 200 ? ((await r.json()) as HilfeplanungLiveState) : undefined;
      },
      { what: 'the Hilfeplanung to start after the discharge', timeoutMs: 60_000 },
    );
    expect(planning).toMatchObject({ cycle: 1, phase: 'awaiting_schedule' });
    // 14 days (demo agreement) after the planned discharge, not after the announcement.
    expect(planning.meetingToBeScheduledBy).toBe(new Date(Date.parse(plannedFor) + 14 * 86_400_000).toISOString());
    expect(planning.statements.map((s) => s.party)).toEqual(['clinic', 'provider']);

    const timeline = await eventually(
      async () => {
        const t = (await (await call('GET', `/cases/${caseId}/timeline`, supervisor)).json()) as {
          entries: { type: string; data: Record<string, unknown> }[];
        };
        return t.entries.some((e) => e.type === 'HilfeplanungStarted') ? t : undefined;
      },
      { what: 'HilfeplanungStarted in the timeline', timeoutMs: 45_000 },
    );
    const started = timeline.entries.find((e) => e.type === 'HilfeplanungStarted')!;
    expect(started.data.origin).toEqual({ kind: 'discharge', crisisId, dischargedAt: plannedFor });
    const types = timeline.entries.map((e) => e.type);
    expect(types.indexOf('HilfeplanungRequested')).toBeLessThan(types.indexOf('HilfeplanungStarted'));

    // The planning goes on through the API: statements in, meeting scheduled, plan recorded.
    const provider = await tokenFor(stack.issuer, 'traeger');
    const hp = `/cases/${caseId}/hilfeplanung`;
    expect((await call('POST', `${hp}/statements`, clinic, { text: 'Entlassbericht und Empfehlungen' })).status).toBe(
      200,
    );
    expect((await call('POST', `${hp}/statements`, provider, { text: 'Stellungnahme der Wohngruppe' })).status).toBe(
      200,
    );
    const meetingAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect((await call('POST', `${hp}/meeting`, caseworker, { meetingAt })).status).toBe(200);
    const heldAt = new Date().toISOString();
    const planned = await call('POST', `${hp}/plan`, caseworker, {
      heldAt,
      participants: ['young_person', 'guardian', 'clinic', 'provider', 'youth_office'],
      youngPersonView: 'Ich will wieder in meine Gruppe.',
      goals: [{ text: 'Rückkehr in die Wohngruppe absichern' }],
      measures: [
        { goal: 0, description: 'Nachsorgetermine in der Ambulanz', responsibleParty: 'clinic', dueBy: '2027-01-15' },
      ],
    });
    expect(planned.status).toBe(200);
    // No date given: the agreement's default review cadence of six months after the meeting.
    const after = (await (await call('GET', hp, supervisor)).json()) as HilfeplanungLiveState;
    expect(after).toMatchObject({ phase: 'plan_in_force', cycle: 1, nextReviewAt: addMonths(heldAt, 6) });
  });
});

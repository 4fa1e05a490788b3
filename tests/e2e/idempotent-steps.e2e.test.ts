import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown, key?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface Entry {
  type: string;
  data: { taskId?: string; party?: string };
}
interface Problem {
  status: number;
  errors?: { field: string }[];
}

const newKey = () => `key-${randomUUID()}`;

/**
 * Issue 19 / docs/adr/0026: the steps a device queues offline carry an Idempotency-Key. A step sent
 * again after its answer was lost gets the first answer (marked `Idempotent-Replayed: true`), not a
 * 409, and is recorded once; the same key with another body is refused (422) and records nothing; a
 * malformed key is refused (400) before anything is stored. Each test ends with a later step (the
 * sentinel) and counts the events once that is on the timeline, so a second event would show.
 */
describe('crisis steps and Hilfeplanung answers with an Idempotency-Key: a repeat gets the first answer', () => {
  let caseworker: string;
  let clinic: string;
  let leitstelle: string;
  let supervisor: string;

  beforeAll(async () => {
    [caseworker, clinic, leitstelle, supervisor] = await Promise.all([
      tokenFor(stack.issuer, 'fachkraft'),
      tokenFor(stack.issuer, 'klinik'),
      tokenFor(stack.issuer, 'leitstelle'),
      tokenFor(stack.issuer, 'leitung'),
    ]);
  });

  const crisis = async (registered = false) => {
    const caseId = lindenauCaseId(`FALL-IDEM-${randomUUID().slice(0, 8)}`);
    if (registered) {
      const youngPerson = { givenName: 'Mia', familyName: 'Sonnberg', dateOfBirth: '2011-04-05' };
      expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    }
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'urgent' },
      newKey(),
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    return { caseId, base: `/cases/${caseId}/crises/${crisisId}` };
  };
  /** The timeline once `sentinel` is on it: everything recorded before it is projected too. */
  const timelineWith = (caseId: string, sentinel: (entries: Entry[]) => boolean) =>
    eventually(
      async () => {
        const res = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (res.status !== 200) return undefined;
        const { entries } = (await res.json()) as { entries: Entry[] };
        return sentinel(entries) ? entries : undefined;
      },
      { what: 'the sentinel step on the timeline', timeoutMs: 60_000 },
    );
  const cancelled = (entries: Entry[]) => entries.some((e) => e.type === 'CrisisCancelled');
  const count = (entries: Entry[], type: string) => entries.filter((e) => e.type === type).length;
  const cancel = async (base: string) =>
    expect((await call('POST', `${base}/cancel`, caseworker, { reason: 'Fehlalarm (Test)' })).status).toBe(202);
  const acknowledgeClinicTask = (base: string) =>
    eventually(
      async () =>
        (await call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {})).status === 200 ? true : undefined,
      { what: 'the clinic task to exist and be acknowledged', timeoutMs: 30_000 },
    );

  it('decline: a repeat gets the first answer, not 409, and the task is declined once', async () => {
    const { caseId, base } = await crisis();
    const key = newKey();
    const body = { reason: 'Keine Betten frei' };
    const first = await call('POST', `${base}/tasks/task-clinic/decline`, clinic, body, key);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstAnswer: unknown = await first.json();
    const again = await call('POST', `${base}/tasks/task-clinic/decline`, clinic, body, key);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstAnswer);

    // The same key for another reason: a different request, refused, nothing recorded.
    const reused = await call('POST', `${base}/tasks/task-clinic/decline`, clinic, { reason: 'Anderer Grund' }, key);
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await reused.json()) as Problem).errors).toEqual([
      expect.objectContaining({ field: 'header.idempotency-key' }),
    ]);

    await cancel(base);
    const entries = await timelineWith(caseId, cancelled);
    expect(entries.filter((e) => e.type === 'TaskDeclined' && e.data.taskId === 'task-clinic')).toHaveLength(1);
  });

  it('a malformed key is refused with 400 naming the header, and nothing is recorded', async () => {
    const { caseId, base } = await crisis();
    const res = await call('POST', `${base}/tasks/task-clinic/decline`, clinic, { reason: 'Keine Betten' }, 'kurz');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as Problem).errors).toEqual([
      expect.objectContaining({ field: 'header.idempotency-key' }),
    ]);
    await cancel(base);
    expect(count(await timelineWith(caseId, cancelled), 'TaskDeclined')).toBe(0);
  });

  it('the trigger still requires the key: 400 naming header.idempotency-key', async () => {
    const caseId = lindenauCaseId(`FALL-IDEM-${randomUUID().slice(0, 8)}`);
    const res = await call('POST', `/cases/${caseId}/crises`, caseworker, { dangerKind: 'self', urgency: 'urgent' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors).toEqual([
      expect.objectContaining({ field: 'header.idempotency-key' }),
    ]);
  });

  it('admission and dispatch: a repeat gets the first answer and records once', async () => {
    const { caseId, base } = await crisis();
    await acknowledgeClinicTask(base);
    const admissionKey = newKey();
    const decision = { decision: 'admitted_voluntary' };
    const admitted = await call('POST', `${base}/admission`, clinic, decision, admissionKey);
    expect(admitted.status).toBe(200);
    const firstAdmission: unknown = await admitted.json();
    const admittedAgain = await call('POST', `${base}/admission`, clinic, decision, admissionKey);
    expect(admittedAgain.status).toBe(200);
    expect(admittedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(await admittedAgain.json()).toEqual(firstAdmission);
    const otherDecision = await call(
      'POST',
      `${base}/admission`,
      clinic,
      { decision: 'admitted_deprivation_of_liberty' },
      admissionKey,
    );
    expect(otherDecision.status).toBe(422);

    const dispatchKey = newKey();
    const dispatch = { dispatchReference: 'RD-2026-4711', etaMinutes: 12 };
    const reported = await call('POST', `${base}/ambulance-dispatch`, leitstelle, dispatch, dispatchKey);
    expect(reported.status).toBe(200);
    const firstReport: unknown = await reported.json();
    const reportedAgain = await call('POST', `${base}/ambulance-dispatch`, leitstelle, dispatch, dispatchKey);
    expect(reportedAgain.status).toBe(200);
    expect(reportedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(await reportedAgain.json()).toEqual(firstReport);

    // The discharge (no cancel after an admission) is the sentinel.
    const plannedFor = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call('POST', `${base}/discharge`, clinic, { plannedFor })).status).toBe(200);
    const entries = await timelineWith(caseId, (all) => count(all, 'DischargeAnnounced') === 1);
    expect(count(entries, 'AdmissionDecided')).toBe(1);
    expect(count(entries, 'AmbulanceDispatchReported')).toBe(1);
  });

  it('cancel: a repeat after the crisis ended gets the first answer (202), cancelled once', async () => {
    const { caseId, base } = await crisis();
    const key = newKey();
    const body = { reason: 'Fehlalarm, Jugendlicher wohlauf' };
    expect((await call('POST', `${base}/cancel`, caseworker, body, key)).status).toBe(202);
    const again = await call('POST', `${base}/cancel`, caseworker, body, key);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual({ accepted: true });
    // Without the key a second cancel is what it always was: the crisis is closed.
    expect((await call('POST', `${base}/cancel`, caseworker, body)).status).toBe(409);
    // A later crisis of the same case is the sentinel.
    expect(
      (await call('POST', `/cases/${caseId}/crises`, caseworker, { dangerKind: 'self', urgency: 'urgent' }, newKey()))
        .status,
    ).toBe(201);
    const entries = await timelineWith(caseId, (all) => count(all, 'CrisisTriggered') === 2);
    expect(count(entries, 'CrisisCancelled')).toBe(1);
  });

  it('discharge and the Hilfeplanung answer: a repeat gets the first answer and records once', async () => {
    const { caseId, base } = await crisis(true);
    await acknowledgeClinicTask(base);
    expect((await call('POST', `${base}/admission`, clinic, { decision: 'admitted_voluntary' })).status).toBe(200);
    const dischargeKey = newKey();
    const discharge = { plannedFor: new Date(Date.now() + 2 * 86_400_000).toISOString() };
    const discharged = await call('POST', `${base}/discharge`, clinic, discharge, dischargeKey);
    expect(discharged.status).toBe(200);
    const firstDischarge: unknown = await discharged.json();
    const dischargedAgain = await call('POST', `${base}/discharge`, clinic, discharge, dischargeKey);
    expect(dischargedAgain.status).toBe(200);
    expect(dischargedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(await dischargedAgain.json()).toEqual(firstDischarge);

    const hp = `/cases/${caseId}/hilfeplanung`;
    await eventually(async () => ((await call('GET', hp, supervisor)).status === 200 ? true : undefined), {
      what: 'the Hilfeplanung to start after the discharge',
      timeoutMs: 60_000,
    });
    const meetingAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await call('POST', `${hp}/meeting`, caseworker, { meetingAt })).status).toBe(200);
    const answerKey = newKey();
    const answer = { party: 'clinic', answer: 'confirmed' };
    const answered = await call('POST', `${hp}/invitations`, clinic, answer, answerKey);
    expect(answered.status).toBe(200);
    const answeredAgain = await call('POST', `${hp}/invitations`, clinic, answer, answerKey);
    expect(answeredAgain.status).toBe(200);
    expect(answeredAgain.headers.get('idempotent-replayed')).toBe('true');
    const reused = await call('POST', `${hp}/invitations`, clinic, { party: 'clinic', answer: 'declined' }, answerKey);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as Problem).errors).toEqual([
      expect.objectContaining({ field: 'header.idempotency-key' }),
    ]);
    const malformed = await call('POST', `${hp}/invitations`, clinic, answer, 'x'.repeat(200));
    expect(malformed.status).toBe(400);

    // The family's answer, recorded by the youth office, is the sentinel.
    expect(
      (await call('POST', `${hp}/invitations`, caseworker, { party: 'guardian', answer: 'confirmed' })).status,
    ).toBe(200);
    const entries = await timelineWith(caseId, (all) =>
      all.some((e) => e.type === 'InvitationAnswered' && e.data.party === 'guardian'),
    );
    expect(count(entries, 'DischargeAnnounced')).toBe(1);
    expect(entries.filter((e) => e.type === 'InvitationAnswered' && e.data.party === 'clinic')).toHaveLength(1);
  });
});

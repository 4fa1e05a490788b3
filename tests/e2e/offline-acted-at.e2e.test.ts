import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface Entry {
  type: string;
  data: { taskId?: string; acknowledgedAt?: string; actedOnDevice?: { at: string; bounded: boolean } };
}

/**
 * Issue 19: an acknowledgement done offline arrives later with X-Acted-At, the device time of
 * acting. The event keeps both times; the device's is bounded (never after the arrival, never
 * older than 24 h) and flagged when corrected; a value that is no timestamp is refused.
 */
describe('acknowledgement, decline, admission, cancel and Hilfeplanung answer done offline: the device time is recorded, bounded', () => {
  let caseworker: string;
  let clinic: string;
  let supervisor: string;

  beforeAll(async () => {
    [caseworker, clinic, supervisor] = await Promise.all([
      tokenFor(stack.issuer, 'fachkraft'),
      tokenFor(stack.issuer, 'klinik'),
      tokenFor(stack.issuer, 'leitung'),
    ]);
  });

  const crisis = async () => {
    const caseId = lindenauCaseId(`FALL-OFFLINE-${randomUUID().slice(0, 8)}`);
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'urgent' },
      { 'idempotency-key': `key-${randomUUID()}` },
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    // The trigger answers once the crisis started; the clinic's task opens a moment later.
    await eventually(
      async () => {
        const r = await call('GET', `/tasks?caseId=${encodeURIComponent(caseId)}`, clinic);
        const { tasks } = (await r.json()) as { tasks: { taskId: string }[] };
        return tasks.some((t) => t.taskId === 'task-clinic') ? true : undefined;
      },
      { what: "the clinic's task in its inbox" },
    );
    return { caseId, ack: `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge` };
  };
  const acknowledgement = (caseId: string) =>
    eventually(
      async () => {
        const res = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (res.status !== 200) return undefined;
        const { entries } = (await res.json()) as { entries: Entry[] };
        return entries.find((e) => e.type === 'TaskAcknowledged' && e.data.taskId === 'task-clinic');
      },
      { what: 'the acknowledgement on the timeline' },
    );

  it('records the device time beside the time of arrival', async () => {
    const { caseId, ack } = await crisis();
    const actedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const res = await call('POST', ack, clinic, {}, { 'x-acted-at': actedAt });
    expect(res.status).toBe(200);
    const entry = await acknowledgement(caseId);
    expect(entry.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(entry.data.actedOnDevice!.at)).toBeLessThan(Date.parse(entry.data.acknowledgedAt!));
  });

  it('bounds a device clock hours ahead to the arrival and flags it', async () => {
    const { caseId, ack } = await crisis();
    const res = await call(
      'POST',
      ack,
      clinic,
      {},
      { 'x-acted-at': new Date(Date.now() + 3 * 3600_000).toISOString() },
    );
    expect(res.status).toBe(200);
    const entry = await acknowledgement(caseId);
    expect(entry.data.actedOnDevice).toEqual({ at: entry.data.acknowledgedAt, bounded: true });
  });

  it('bounds a device clock days behind to 24 hours and flags it', async () => {
    const { caseId, ack } = await crisis();
    const res = await call('POST', ack, clinic, {}, { 'x-acted-at': '2020-01-01T00:00:00.000Z' });
    expect(res.status).toBe(200);
    const entry = await acknowledgement(caseId);
    expect(entry.data.actedOnDevice?.bounded).toBe(true);
    expect(Date.parse(entry.data.acknowledgedAt!) - Date.parse(entry.data.actedOnDevice!.at)).toBe(24 * 3600_000);
  });

  it('records the device time of a decline done offline too', async () => {
    const { caseId, ack } = await crisis();
    const actedAt = new Date(Date.now() - 2 * 60_000).toISOString();
    const res = await call(
      'POST',
      ack.replace(/acknowledge$/, 'decline'),
      clinic,
      { reason: 'Keine Betten frei' },
      { 'x-acted-at': actedAt },
    );
    expect(res.status).toBe(200);
    const entry = await eventually(
      async () => {
        const page = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (page.status !== 200) return undefined;
        const { entries } = (await page.json()) as { entries: (Entry & { data: { declinedAt?: string } })[] };
        return entries.find((e) => e.type === 'TaskDeclined' && e.data.taskId === 'task-clinic');
      },
      { what: 'the decline on the timeline' },
    );
    expect(entry.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(entry.data.declinedAt!));
  });

  it('records the device time of an admission decided offline', async () => {
    const { caseId, ack } = await crisis();
    expect((await call('POST', ack, clinic, {})).status).toBe(200);
    const actedAt = new Date(Date.now() - 60_000).toISOString();
    const admission = ack.replace(/\/tasks\/task-clinic\/acknowledge$/, '/admission');
    const res = await call('POST', admission, clinic, { decision: 'admitted_voluntary' }, { 'x-acted-at': actedAt });
    expect(res.status).toBe(200);
    const entry = await eventually(
      async () => {
        const page = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (page.status !== 200) return undefined;
        const { entries } = (await page.json()) as { entries: (Entry & { data: { decidedAt?: string } })[] };
        return entries.find((e) => e.type === 'AdmissionDecided');
      },
      { what: 'the admission on the timeline' },
    );
    expect(entry.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(entry.data.decidedAt!));
  });

  const onTimeline = <T extends Entry>(caseId: string, find: (e: T) => boolean, what: string) =>
    eventually(
      async () => {
        const page = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (page.status !== 200) return undefined;
        const { entries } = (await page.json()) as { entries: T[] };
        return entries.find(find);
      },
      { what, timeoutMs: 60_000 },
    );

  it('records the device time of a false alarm called off offline', async () => {
    const { caseId, ack } = await crisis();
    const actedAt = new Date(Date.now() - 3 * 60_000).toISOString();
    const cancel = ack.replace(/\/tasks\/task-clinic\/acknowledge$/, '/cancel');
    const res = await call('POST', cancel, caseworker, { reason: 'Fehlalarm' }, { 'x-acted-at': actedAt });
    expect(res.status).toBe(202);
    const entry = await onTimeline<Entry & { data: { cancelledAt?: string } }>(
      caseId,
      (e) => e.type === 'CrisisCancelled',
      'the cancel on the timeline',
    );
    expect(entry.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(entry.data.cancelledAt!));
  });

  it('records the device time of a Hilfeplanung answer given offline, bounded when the clock is ahead', async () => {
    const caseId = lindenauCaseId(`FALL-OFFLINE-${randomUUID().slice(0, 8)}`);
    const youngPerson = { givenName: 'Ben', familyName: 'Achterberg', dateOfBirth: '2010-08-09' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const hp = `/cases/${caseId}/hilfeplanung`;
    expect((await call('POST', hp, caseworker, { clinicOrganisationId: 'org-kjp-st-marien' })).status).toBe(201);
    const meetingAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect((await call('POST', `${hp}/meeting`, caseworker, { meetingAt })).status).toBe(200);
    const actedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const answered = await call(
      'POST',
      `${hp}/invitations`,
      clinic,
      { party: 'clinic', answer: 'confirmed' },
      { 'x-acted-at': actedAt },
    );
    expect(answered.status).toBe(200);
    const ahead = await call(
      'POST',
      `${hp}/invitations`,
      caseworker,
      { party: 'guardian', answer: 'confirmed' },
      { 'x-acted-at': new Date(Date.now() + 3 * 3600_000).toISOString() },
    );
    expect(ahead.status).toBe(200);
    type Answer = Entry & { data: { party?: string; answeredAt?: string } };
    const clinicAnswer = await onTimeline<Answer>(
      caseId,
      (e) => e.type === 'InvitationAnswered' && e.data.party === 'clinic',
      "the clinic's answer on the timeline",
    );
    expect(clinicAnswer.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(clinicAnswer.data.answeredAt!));
    const guardianAnswer = await onTimeline<Answer>(
      caseId,
      (e) => e.type === 'InvitationAnswered' && e.data.party === 'guardian',
      "the family's answer on the timeline",
    );
    expect(guardianAnswer.data.actedOnDevice).toEqual({ at: guardianAnswer.data.answeredAt, bounded: true });
    // A tampered value is refused before anything is recorded.
    const tampered = await call(
      'POST',
      `${hp}/invitations`,
      clinic,
      { party: 'clinic', answer: 'declined' },
      { 'x-acted-at': 'gestern abend' },
    );
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { errors?: { field: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'header.x-acted-at' }),
    ]);
    const planning = (await (await call('GET', hp, supervisor)).json()) as {
      invitations: { party: string; answer: string }[];
    };
    expect(planning.invitations.find((i) => i.party === 'clinic')?.answer).toBe('confirmed');
  });

  it('refuses a tampered value with 400 naming the header, and records nothing', async () => {
    const { caseId, ack } = await crisis();
    const res = await call('POST', ack, clinic, {}, { 'x-acted-at': 'gestern abend' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors?: { field: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'header.x-acted-at' })]);
    // The task is still open: the same acknowledgement without the header is taken.
    expect((await call('POST', ack, clinic, {})).status).toBe(200);
    const entry = await acknowledgement(caseId);
    expect(entry.data.actedOnDevice).toBeUndefined();
  });
});

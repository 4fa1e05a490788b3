import { Connection } from '@temporalio/client';
import { eventually, lindenauCaseId, testEnv, tokenFor } from '@hilfenetz/testing';
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
  data: Record<string, unknown> & {
    crisisId?: string;
    actedOnDevice?: { at: string; bounded: boolean };
  };
}
interface TriggerAnswer {
  crisisId: string;
  caseId: string;
  alreadyTriggered: boolean;
  joined: boolean;
  afterEnd?: boolean;
}

const newKey = () => `key-${randomUUID()}`;
const newCase = (label: string) => lindenauCaseId(`FALL-MERGE-${label}-${randomUUID().slice(0, 8)}`);

/**
 * Issue 19, the server side of the auditable merge (docs/adr/0034): at most one running crisis per
 * case, a second trigger joins it (also two at the same instant); the trigger records the device
 * time; a late answer queued offline is recorded as superseded, only for a person the task reached;
 * the Leitstelle's arrival time survives the queue. Everything through HTTP with real tokens.
 */
describe('offline merge rules on the server: one crisis per case, joined triggers, superseded answers', () => {
  let caseworker: string;
  let onCall: string;
  let clinic: string;
  let leitstelle: string;
  let supervisor: string;

  beforeAll(async () => {
    [caseworker, onCall, clinic, leitstelle, supervisor] = await Promise.all([
      tokenFor(stack.issuer, 'fachkraft'),
      tokenFor(stack.issuer, 'bereitschaft'),
      tokenFor(stack.issuer, 'klinik'),
      tokenFor(stack.issuer, 'leitstelle'),
      tokenFor(stack.issuer, 'leitung'),
    ]);
  });

  const trigger = (caseId: string, token: string, body: Record<string, unknown>, headers: Record<string, string>) =>
    call('POST', `/cases/${caseId}/crises`, token, { dangerKind: 'self', urgency: 'urgent', ...body }, headers);
  /** The timeline once `ready` holds: whatever was recorded before is projected too. */
  const timelineWhen = (caseId: string, ready: (entries: Entry[]) => boolean) =>
    eventually(
      async () => {
        const res = await call('GET', `/cases/${caseId}/timeline?limit=500`, supervisor);
        if (res.status !== 200) return undefined;
        const { entries } = (await res.json()) as { entries: Entry[] };
        return ready(entries) ? entries : undefined;
      },
      { what: 'the expected steps on the timeline', timeoutMs: 60_000 },
    );
  const ofType = (entries: Entry[], type: string) => entries.filter((e) => e.type === type);
  const clinicTaskOpen = (caseId: string) =>
    eventually(
      async () => {
        const r = await call('GET', `/tasks?caseId=${encodeURIComponent(caseId)}`, clinic);
        const { tasks } = (await r.json()) as { tasks: { taskId: string }[] };
        return tasks.some((t) => t.taskId === 'task-clinic') ? true : undefined;
      },
      { what: "the clinic's task in its inbox" },
    );

  it('two triggers for one case at the same instant end with one crisis; the other joined it', async () => {
    const caseId = newCase('RACE');
    const [a, b] = await Promise.all([
      trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() }),
      trigger(caseId, onCall, { urgency: 'immediate' }, { 'idempotency-key': newKey() }),
    ]);
    const answers = [(await a.json()) as TriggerAnswer, (await b.json()) as TriggerAnswer];
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(answers[0]!.crisisId).toBe(answers[1]!.crisisId);
    expect(answers.filter((x) => x.joined)).toHaveLength(1);
    const joinedAnswer = a.status === 200 ? a : b;
    expect(joinedAnswer.headers.get('location')).toBe(`/cases/${caseId}/crises/${answers[0]!.crisisId}`);

    const entries = await timelineWhen(caseId, (all) => ofType(all, 'CrisisTriggerJoined').length === 1);
    expect(ofType(entries, 'CrisisTriggered')).toHaveLength(1);
    expect(ofType(entries, 'CrisisTriggerJoined')[0]!.data.crisisId).toBe(answers[0]!.crisisId);
  });

  it('a trigger queued offline for a case whose crisis runs joins it: who, when, device time, sealed note; a repeat is answered alike', async () => {
    const caseId = newCase('JOIN');
    const youngPerson = { givenName: 'Lea', familyName: 'Wintergrün', dateOfBirth: '2010-02-03' };
    expect((await call('POST', '/cases', caseworker, { caseId, youngPerson })).status).toBe(201);
    const firstKey = newKey();
    const first = await trigger(caseId, caseworker, {}, { 'idempotency-key': firstKey });
    expect(first.status).toBe(201);
    const { crisisId } = (await first.json()) as TriggerAnswer;

    const key = newKey();
    const actedAt = new Date(Date.now() - 7 * 60_000).toISOString();
    const note = 'Jugendliche sitzt auf dem Dach der Turnhalle';
    const body = { dangerKind: 'self_and_others', urgency: 'immediate', note };
    const joined = await trigger(caseId, onCall, body, { 'idempotency-key': key, 'x-acted-at': actedAt });
    expect(joined.status).toBe(200);
    expect(await joined.json()).toEqual({ crisisId, caseId, alreadyTriggered: false, joined: true });
    // The answer was lost, the queue sends again: the same answer, recorded once.
    const again = await trigger(caseId, onCall, body, { 'idempotency-key': key, 'x-acted-at': actedAt });
    expect(again.status).toBe(200);
    expect(((await again.json()) as TriggerAnswer).crisisId).toBe(crisisId);
    // The same key with another body is a tampered or confused entry: refused, nothing recorded.
    const reused = await trigger(caseId, onCall, { ...body, urgency: 'soon' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);

    // Cancelling ends the crisis: the next trigger starts a new one (the sentinel).
    const cancelled = await call('POST', `/cases/${caseId}/crises/${crisisId}/cancel`, caseworker, {
      reason: 'Fehlalarm (Test)',
    });
    expect(cancelled.status).toBe(202);
    const next = await eventually(
      async () => {
        const res = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() });
        if (res.status !== 201) return undefined;
        return (await res.json()) as TriggerAnswer;
      },
      { what: 'a new crisis once the first has ended', timeoutMs: 30_000 },
    );
    expect(next.crisisId).not.toBe(crisisId);
    // The first trigger's answer lost and sent again while the new crisis runs: still the first
    // crisis's answer, not a join of the new one.
    const repeated = await trigger(caseId, caseworker, {}, { 'idempotency-key': firstKey });
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toEqual({ crisisId, caseId, alreadyTriggered: true, joined: false });

    const entries = await timelineWhen(caseId, (all) => ofType(all, 'CrisisTriggered').length === 2);
    const joins = ofType(entries, 'CrisisTriggerJoined');
    expect(joins).toHaveLength(1);
    const join = joins[0]!.data;
    expect(join).toMatchObject({
      crisisId,
      dangerKind: 'self_and_others',
      urgency: 'immediate',
      actedOnDevice: { at: actedAt, bounded: false },
    });
    expect((join.joinedBy as { role: string }).role).toBe('on_call');
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(join.joinedAt as string));
    // The note is kept, sealed under the young person's key: never in clear in the log.
    expect(join.situation).toEqual({ sealed: true });
    expect(JSON.stringify(entries)).not.toContain('Dach der Turnhalle');
  });

  it("the trigger records the device time, bounded and flagged when the device's clock is hours off", async () => {
    const caseId = newCase('TIME');
    const actedAt = new Date(Date.now() - 3 * 60_000).toISOString();
    const ok = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey(), 'x-acted-at': actedAt });
    expect(ok.status).toBe(201);
    const ahead = newCase('AHEAD');
    const future = new Date(Date.now() + 5 * 3600_000).toISOString();
    const bounded = await trigger(ahead, caseworker, {}, { 'idempotency-key': newKey(), 'x-acted-at': future });
    expect(bounded.status).toBe(201);

    const [triggered] = ofType(
      await timelineWhen(caseId, (all) => ofType(all, 'CrisisTriggered').length === 1),
      'CrisisTriggered',
    );
    expect(triggered!.data.actedOnDevice).toEqual({ at: actedAt, bounded: false });
    expect(Date.parse(actedAt)).toBeLessThan(Date.parse(triggered!.data.triggeredAt as string));
    const [corrected] = ofType(
      await timelineWhen(ahead, (all) => ofType(all, 'CrisisTriggered').length === 1),
      'CrisisTriggered',
    );
    expect(corrected!.data.actedOnDevice).toEqual({ at: corrected!.data.triggeredAt, bounded: true });
  });

  it('a tampered device time on the trigger is refused with 400 naming the header, and no crisis starts', async () => {
    const caseId = newCase('TAMPER');
    const key = newKey();
    const res = await trigger(caseId, caseworker, {}, { 'idempotency-key': key, 'x-acted-at': 'heute früh' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors?: { field: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'header.x-acted-at' })]);
    // The same key without the header starts the crisis: the refused attempt left nothing behind.
    const started = await trigger(caseId, caseworker, {}, { 'idempotency-key': key });
    expect(started.status).toBe(201);
  });

  it('a late answer queued offline is recorded as superseded, once, only for a person the task reached; the state stays', async () => {
    const caseId = newCase('LATE');
    const res = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() });
    const { crisisId } = (await res.json()) as TriggerAnswer;
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await clinicTaskOpen(caseId);
    // A colleague at the clinic acknowledges online, while this nurse's decline waits offline.
    expect((await call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {})).status).toBe(200);
    const actedAt = new Date(Date.now() - 4 * 60_000).toISOString();
    const decline = (token: string, headers: Record<string, string>) =>
      call('POST', `${base}/tasks/task-clinic/decline`, token, { reason: 'Keine Betten frei' }, headers);

    // Not queued offline (no device time): refused as before, nothing recorded.
    expect((await decline(clinic, {})).status).toBe(409);
    // Someone the clinic's task never reached cannot write into the log this way: refused, not recorded.
    expect((await decline(leitstelle, { 'x-acted-at': actedAt })).status).toBe(409);
    // The late answer itself: still refused (409), and recorded; its repeat records nothing more.
    const late = await decline(clinic, { 'x-acted-at': actedAt, 'idempotency-key': newKey() });
    expect(late.status).toBe(409);
    expect((await decline(clinic, { 'x-acted-at': actedAt })).status).toBe(409);

    // The sentinel: a later step of the crisis.
    expect((await call('POST', `${base}/cancel`, caseworker, { reason: 'Fehlalarm (Test)' })).status).toBe(202);
    const entries = await timelineWhen(caseId, (all) => ofType(all, 'CrisisCancelled').length === 1);
    const superseded = ofType(entries, 'TaskAnswerSuperseded');
    expect(superseded).toHaveLength(1);
    expect(superseded[0]!.data).toMatchObject({
      crisisId,
      taskId: 'task-clinic',
      party: 'clinic',
      answer: 'decline',
      instead: 'acknowledged',
      actedOnDevice: { at: actedAt, bounded: false },
      answeredBy: expect.objectContaining({ role: 'clinic_staff' }),
      insteadBy: expect.objectContaining({ role: 'clinic_staff' }),
    });
    // The crisis's state did not change: no decline, one acknowledgement of the clinic's task.
    expect(ofType(entries, 'TaskDeclined')).toHaveLength(0);
    expect(ofType(entries, 'TaskAcknowledged').filter((e) => e.data.taskId === 'task-clinic')).toHaveLength(1);
  });

  it('a late answer to a crisis that has ended meanwhile is recorded too, once, from the log', async () => {
    const caseId = newCase('ENDED');
    const res = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() });
    const { crisisId } = (await res.json()) as TriggerAnswer;
    const base = `/cases/${caseId}/crises/${crisisId}`;
    await clinicTaskOpen(caseId);
    const actedAt = new Date(Date.now() - 60_000).toISOString();
    // The false alarm ends the crisis (its workflow too) while the nurse's acknowledgement waits.
    expect((await call('POST', `${base}/cancel`, caseworker, { reason: 'Fehlalarm (Test)' })).status).toBe(202);
    const acknowledge = (token: string, task: string) =>
      call('POST', `${base}/tasks/${task}/acknowledge`, token, {}, { 'x-acted-at': actedAt });
    await eventually(async () => ((await acknowledge(clinic, 'task-clinic')).status === 409 ? true : undefined), {
      what: 'the late acknowledgement refused',
      timeoutMs: 30_000,
    });
    expect((await acknowledge(clinic, 'task-clinic')).status).toBe(409);
    // Someone the clinic's task never reached: refused, nothing written.
    expect((await acknowledge(leitstelle, 'task-clinic')).status).toBe(409);
    // The sentinel: the youth office's own late acknowledgement.
    expect((await acknowledge(caseworker, 'task-youth_office')).status).toBe(409);

    const entries = await timelineWhen(caseId, (all) =>
      ofType(all, 'TaskAnswerSuperseded').some((e) => e.data.taskId === 'task-youth_office'),
    );
    const clinicLate = ofType(entries, 'TaskAnswerSuperseded').filter((e) => e.data.taskId === 'task-clinic');
    expect(clinicLate).toHaveLength(1);
    expect(clinicLate[0]!.data).toMatchObject({
      crisisId,
      answer: 'acknowledge',
      instead: 'crisis_closed',
      actedOnDevice: { at: actedAt, bounded: false },
      answeredBy: expect.objectContaining({ role: 'clinic_staff' }),
    });
    expect(ofType(entries, 'TaskAcknowledged')).toHaveLength(0);
  });

  /** Until the crisis's workflow has ended (Temporal's status, without opening its sealed payloads). */
  const workflowEnded = async (crisisId: string) => {
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      await eventually(
        async () => {
          const { workflowExecutionInfo } = await connection.workflowService.describeWorkflowExecution({
            namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
            execution: { workflowId: crisisId },
          });
          // 1 = RUNNING.
          return workflowExecutionInfo?.status !== 1 ? true : undefined;
        },
        { what: `the workflow of ${crisisId} to end`, timeoutMs: 60_000 },
      );
    } finally {
      await connection.close();
    }
  };

  it('a trigger queued while the crisis ran and arriving after it ended by its course joins it afterwards; from before its run, or after a false alarm, a new crisis starts', async () => {
    const caseId = newCase('AFTER');
    const first = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() });
    const { crisisId } = (await first.json()) as TriggerAnswer;
    const base = `/cases/${caseId}/crises/${crisisId}`;
    // The on-call colleague triggers in a cellar while this crisis runs; the device keeps it.
    const actedDuring = new Date(Date.now() + 1_000).toISOString();
    const actedBefore = new Date(Date.now() - 10 * 60_000).toISOString();
    await clinicTaskOpen(caseId);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await call('POST', `${base}/tasks/task-clinic/acknowledge`, clinic, {})).status).toBe(200);
    const notAdmitted = { decision: 'not_admitted', followUp: 'outpatient_appointment' };
    expect((await call('POST', `${base}/admission`, clinic, notAdmitted)).status).toBe(200);
    await workflowEnded(crisisId);

    // It arrives after the end: recorded in the ended crisis, nothing started, the device told so.
    const key = newKey();
    const lateHeaders = { 'idempotency-key': key, 'x-acted-at': actedDuring };
    const late = await trigger(caseId, onCall, { dangerKind: 'others' }, lateHeaders);
    expect(late.status).toBe(200);
    expect(late.headers.get('location')).toBe(base);
    expect(await late.json()).toEqual({ crisisId, caseId, alreadyTriggered: false, joined: true, afterEnd: true });
    // Its repeat (an answer lost on the way) records nothing more.
    const again = await trigger(caseId, onCall, { dangerKind: 'others' }, lateHeaders);
    expect(await again.json()).toMatchObject({ crisisId, joined: true, afterEnd: true });

    // Acted before this crisis was triggered: not part of its run, a new crisis starts.
    const early = await trigger(caseId, onCall, {}, { 'idempotency-key': newKey(), 'x-acted-at': actedBefore });
    expect(early.status).toBe(201);
    const { crisisId: second } = (await early.json()) as TriggerAnswer;
    expect(second).not.toBe(crisisId);

    // A false alarm: a trigger queued while it ran starts a new crisis after its end.
    const actedInSecond = new Date(Date.now() + 1_000).toISOString();
    await new Promise((r) => setTimeout(r, 1_500));
    const cancel = await call('POST', `/cases/${caseId}/crises/${second}/cancel`, caseworker, {
      reason: 'Fehlalarm (Test)',
    });
    expect(cancel.status).toBe(202);
    await workflowEnded(second);
    const afterFalseAlarm = await trigger(
      caseId,
      onCall,
      {},
      { 'idempotency-key': newKey(), 'x-acted-at': actedInSecond },
    );
    expect(afterFalseAlarm.status).toBe(201);
    expect(await afterFalseAlarm.json()).toMatchObject({ joined: false });

    const entries = await timelineWhen(caseId, (all) => ofType(all, 'CrisisTriggered').length === 3);
    const joined = ofType(entries, 'CrisisTriggerJoined');
    expect(joined).toHaveLength(1);
    expect(joined[0]!.data).toMatchObject({
      crisisId,
      dangerKind: 'others',
      afterEnd: true,
      actedOnDevice: { at: actedDuring, bounded: false },
      joinedBy: expect.objectContaining({ role: 'on_call' }),
    });
  });

  it("the Leitstelle's arrival time sent as a time stays what it said when a queued report arrives later; minutes still work", async () => {
    const caseId = newCase('ETA');
    const res = await trigger(caseId, caseworker, {}, { 'idempotency-key': newKey() });
    const { crisisId } = (await res.json()) as TriggerAnswer;
    const base = `/cases/${caseId}/crises/${crisisId}`;
    const arrival = new Date(Date.now() + 25 * 60_000);
    arrival.setSeconds(0, 0);
    const reported = await eventually(
      async () => {
        const r = await call(
          'POST',
          `${base}/ambulance-dispatch`,
          leitstelle,
          { dispatchReference: 'RD-2026-0815', expectedArrivalAt: arrival.toISOString() },
          { 'idempotency-key': newKey(), 'x-acted-at': new Date(Date.now() - 10 * 60_000).toISOString() },
        );
        return r.status === 200 ? r : undefined;
      },
      { what: "the ambulance's task to take the report", timeoutMs: 30_000 },
    );
    expect(reported.status).toBe(200);
    const both = await call(
      'POST',
      `${base}/ambulance-dispatch`,
      leitstelle,
      { dispatchReference: 'RD-2026-0815', etaMinutes: 5, expectedArrivalAt: arrival.toISOString() },
      {},
    );
    expect(both.status).toBe(400);
    expect(((await both.json()) as { errors?: { field: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'body.expectedArrivalAt' }),
    ]);
    const before = Date.now();
    const minutes = await call('POST', `${base}/ambulance-dispatch`, leitstelle, {
      dispatchReference: 'RD-2026-0815',
      etaMinutes: 12,
    });
    expect(minutes.status).toBe(200);

    const entries = await timelineWhen(caseId, (all) => ofType(all, 'AmbulanceDispatchReported').length === 2);
    const queued = ofType(entries, 'AmbulanceDispatchReported').find((e) => e.data.actedOnDevice !== undefined);
    // The queued report: both times, the device's before the arrival.
    expect(queued?.data.actedOnDevice?.bounded).toBe(false);
    expect(Date.parse(queued!.data.actedOnDevice!.at)).toBeLessThan(Date.parse(queued!.data.reportedAt as string));
    const reports = ofType(entries, 'AmbulanceDispatchReported').map((e) => e.data.expectedArrivalAt as string);
    expect(reports).toContain(arrival.toISOString());
    const fromMinutes = reports.find((r) => r !== arrival.toISOString())!;
    expect(Date.parse(fromMinutes)).toBeGreaterThanOrEqual(before + 12 * 60_000);
  });
});

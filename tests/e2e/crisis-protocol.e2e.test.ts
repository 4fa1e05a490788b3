import type { CrisisLiveState, TimelineEntryDto, TimelineResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: { field: string; reason: string }[];
}

async function call(method: 'GET' | 'POST', path: string, token: string, body?: unknown, key?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const newCaseId = () => lindenauCaseId(`FALL-E2E-${randomUUID().slice(0, 8)}`);

describe('the crisis protocol through the API', () => {
  const tokens: Record<string, string> = {};
  let db: DataSource;

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'klinik-nord', 'traeger', 'leitstelle', 'leitung'])
      tokens[u] = await tokenFor(stack.issuer, u);
    db = await openDataSource(stack.databaseUrl, 2);
  });
  afterAll(() => db?.destroy());

  /**
   * What the event store holds for a case: the ground truth for "nothing was appended". The
   * workflow's delivery records (attempts, receipts) arrive on their own clock and are left out,
   * and so is the guardian's chain (no guardian on file here: documented unreachable at once).
   */
  async function storedTypes(caseId: string): Promise<string[]> {
    const rows: { type: string }[] = await db.query(
      `SELECT type FROM events WHERE stream_id = $1 AND type NOT LIKE 'Notification%' AND type <> 'ContactNotReached'
         AND NOT (coalesce(data->>'taskId', '') = 'task-guardian' AND type <> 'PartyNotified') ORDER BY stream_version`,
      [`case-${caseId}`],
    );
    return rows.map((r) => r.type);
  }

  /** Triggers a crisis and waits until all five parties' notifications are durably stored. */
  async function triggeredCrisis(): Promise<{ caseId: string; crisisId: string; base: string }> {
    const caseId = newCaseId();
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      tokens.fachkraft!,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    await eventually(async () => ((await storedTypes(caseId)).length === 6 ? true : undefined), {
      what: 'the trigger and five notifications in the event store',
      timeoutMs: 45_000,
    });
    return { caseId, crisisId, base: `/cases/${caseId}/crises/${crisisId}` };
  }

  it('trigger → five parties notified → clinic acknowledges → admitted → discharge; the timeline shows every step', async () => {
    const { caseId, crisisId, base } = await triggeredCrisis();
    // No guardian on file: the guardian's chain is walked at once and documented unreachable, on
    // its own clock; the board is read once that is stored, so what it shows is settled.
    await eventually(
      async () => {
        const rows: unknown[] = await db.query(
          `SELECT 1 FROM events WHERE stream_id = $1 AND type = 'GuardianUnreachable'`,
          [`case-${caseId}`],
        );
        return rows.length > 0 ? true : undefined;
      },
      { what: 'the guardian documented unreachable', timeoutMs: 45_000 },
    );

    const board = (await (await call('GET', base, tokens.fachkraft!)).json()) as CrisisLiveState;
    expect(board).toMatchObject({ crisisId, status: 'open', agreement: { agreementId: 'lindenau-krisenkooperation' } });
    expect(board.tasks.map((t) => [t.party, t.organisationId, t.status])).toEqual([
      ['ambulance', 'org-leitstelle-lindenau', 'open'],
      ['clinic', 'org-kjp-st-marien', 'open'],
      ['youth_office', 'org-jugendamt-lindenau', 'open'],
      ['provider', 'org-traeger-birkenhof', 'open'],
      ['guardian', 'org-jugendamt-lindenau', 'unreachable'],
    ]);
    // Every open task has its next escalation due; the documented unreachable guardian none.
    expect(board.tasks.map((t) => t.nextEscalationDue !== null)).toEqual([true, true, true, true, false]);

    const ack = await call('POST', `${base}/tasks/task-clinic/acknowledge`, tokens.klinik!, {});
    expect(ack.status).toBe(200);
    const first = (await ack.json()) as { acknowledgedAt: string; alreadyAcknowledged: boolean };
    expect(first).toMatchObject({
      acknowledgedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
      alreadyAcknowledged: false,
    });
    // Answered only once durable: the acknowledgement is in the store when the response arrives.
    expect(await storedTypes(caseId)).toContain('TaskAcknowledged');

    // A double click: the first acknowledgement comes back, nothing new is recorded.
    const again = await call('POST', `${base}/tasks/task-clinic/acknowledge`, tokens.klinik!, {});
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ acknowledgedAt: first.acknowledgedAt, alreadyAcknowledged: true });

    // The Leitstelle reports the dispatch with its ETA: that acknowledges the ambulance task.
    const dispatched = await call('POST', `${base}/ambulance-dispatch`, tokens.leitstelle!, {
      dispatchReference: 'E-2026-113847',
      etaMinutes: 12,
    });
    expect(dispatched.status).toBe(200);

    const admitted = await call('POST', `${base}/admission`, tokens.klinik!, { decision: 'admitted_voluntary' });
    expect(admitted.status).toBe(200);
    expect(await admitted.json()).toEqual({ crisisId, status: 'admitted' });

    const discharge = await call('POST', `${base}/discharge`, tokens.klinik!, {
      plannedFor: '2026-12-09T09:00:00.000Z',
    });
    expect(discharge.status).toBe(200);
    expect(await discharge.json()).toEqual({ crisisId, status: 'discharged' });

    const expected = [
      'CrisisTriggered',
      'PartyNotified',
      'PartyNotified',
      'PartyNotified',
      'PartyNotified',
      'PartyNotified',
      'TaskAcknowledged',
      'TaskAcknowledged',
      'AmbulanceDispatchReported',
      'AdmissionDecided',
      'DischargeAnnounced',
      'HilfeplanungRequested',
    ];
    const entries = await eventually(
      async () => {
        const res = await call('GET', `/cases/${caseId}/timeline`, tokens.leitung!);
        const t = (await res.json()) as TimelineResponse;
        // The crisis's own steps: the delivery records and the Hilfeplanung the discharge starts
        // (its own workflow, docs/adr/0006) have their own tests, and so has the guardian's chain
        // (this case has no guardian on file, so it is documented unreachable at once).
        const steps = t.entries.filter(
          (e) =>
            e.data.crisisId === crisisId &&
            !e.type.startsWith('Notification') &&
            e.type !== 'ContactNotReached' &&
            !(e.data.taskId === 'task-guardian' && e.type !== 'PartyNotified'),
        );
        return steps.length === expected.length ? steps : undefined;
      },
      { what: 'every step in the timeline', timeoutMs: 45_000 },
    );
    expect(entries.map((e) => e.type)).toEqual(expected);
    const byType = (type: string) => entries.filter((e) => e.type === type);
    for (const e of entries) expect(Date.parse(e.occurredAt)).not.toBeNaN();
    expect(byType('CrisisTriggered')[0]!.actor).toEqual({
      id: 'u-ja-0001',
      role: 'caseworker',
      organisationId: 'org-jugendamt-lindenau',
      displayName: 'Frau Aydın (ASD)',
      organisationName: 'Kreisjugendamt Lindenau',
    });
    expect(byType('PartyNotified').map((e: TimelineEntryDto) => e.actor.id)).toEqual(
      Array(5).fill('system:crisis-workflow'),
    );
    const clinicActor = {
      id: 'u-kjp-0001',
      role: 'clinic_staff',
      organisationId: 'org-kjp-st-marien',
      displayName: 'Herr Nowak (KJP St. Marien)',
      organisationName: 'Kinder- und Jugendpsychiatrie St. Marien',
    };
    for (const t of ['AdmissionDecided', 'DischargeAnnounced']) expect(byType(t)[0]!.actor).toEqual(clinicActor);
    expect(byType('TaskAcknowledged').map((e) => [e.data.taskId, e.actor])).toEqual([
      ['task-clinic', clinicActor],
      [
        'task-ambulance',
        {
          id: 'u-ls-0001',
          role: 'ambulance_dispatch',
          organisationId: 'org-leitstelle-lindenau',
          displayName: 'Herr Petrov (Leitstelle)',
          organisationName: 'Integrierte Leitstelle Lindenau',
        },
      ],
    ]);
    expect(byType('AmbulanceDispatchReported')[0]!.data).toMatchObject({ dispatchReference: 'E-2026-113847' });
    expect(byType('HilfeplanungRequested')[0]!.data).toMatchObject({ crisisId, caseId });

    const closed = (await (await call('GET', base, tokens.fachkraft!)).json()) as CrisisLiveState;
    expect(closed).toMatchObject({
      status: 'discharged',
      plannedDischarge: '2026-12-09T09:00:00.000Z',
      ambulance: { dispatchReference: 'E-2026-113847' },
    });
    expect(closed.tasks.find((t) => t.party === 'ambulance')).toMatchObject({ status: 'acknowledged' });
  });

  it('refuses a trigger without the kind of danger, recording nothing', async () => {
    const caseId = newCaseId();
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      tokens.fachkraft!,
      { urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain('body.dangerKind');
    expect(await storedTypes(caseId)).toEqual([]);
  });

  it('refuses an acknowledgement by another organisation (403) or of an unknown task (404), recording nothing', async () => {
    const { caseId, base } = await triggeredCrisis();
    const otherClinic = await call('POST', `${base}/tasks/task-clinic/acknowledge`, tokens['klinik-nord']!, {});
    expect(otherClinic.status).toBe(403);
    expect(otherClinic.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await otherClinic.json()) as Problem).errors).toEqual([
      { field: 'state', reason: 'task.wrong_organisation' },
    ]);

    const provider = await call('POST', `${base}/tasks/task-clinic/acknowledge`, tokens.traeger!, {});
    expect(provider.status).toBe(403);
    // The admission decision is the clinic's alone: other roles do not reach the endpoint.
    const byCaseworker = await call('POST', `${base}/admission`, tokens.fachkraft!, { decision: 'admitted_voluntary' });
    expect(byCaseworker.status).toBe(403);

    const unknown = await call('POST', `${base}/tasks/task-weather/acknowledge`, tokens.klinik!, {});
    expect(unknown.status).toBe(404);
    expect(await storedTypes(caseId)).toHaveLength(6);
  });

  it('refuses to act on a closed task or a closed crisis (409), recording nothing', async () => {
    const { caseId, base } = await triggeredCrisis();
    expect((await call('POST', `${base}/tasks/task-provider/acknowledge`, tokens.traeger!, {})).status).toBe(200);
    const declineAcknowledged = await call('POST', `${base}/tasks/task-provider/decline`, tokens.traeger!, {
      reason: 'Doch keine Kapazität',
    });
    expect(declineAcknowledged.status).toBe(409);
    expect(((await declineAcknowledged.json()) as Problem).errors).toEqual([
      { field: 'state', reason: 'task.not_open' },
    ]);

    const cancel = await call('POST', `${base}/cancel`, tokens.fachkraft!, {
      reason: 'Fehlalarm: Jugendlicher wohlauf angetroffen',
    });
    expect(cancel.status).toBe(202);
    const stored = await storedTypes(caseId);
    expect(stored.at(-1)).toBe('CrisisCancelled');

    const lateAck = await call('POST', `${base}/tasks/task-clinic/acknowledge`, tokens.klinik!, {});
    expect(lateAck.status).toBe(409);
    expect(lateAck.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await storedTypes(caseId)).toEqual(stored);
  });
});

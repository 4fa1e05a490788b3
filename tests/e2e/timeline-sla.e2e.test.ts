import type { TimelineExport, TimelinePage } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { call } from './attacks/attack-support';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

/**
 * The SLA figures beside the timeline come from their read model (case_task_sla): per party over
 * the whole case on every page, per task only for the tasks a page's entries name, every task in
 * the export. So a page of a long case stays small, and the supervisor still sees the figures.
 */
describe('timeline SLA figures from their read model', () => {
  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it("a clinic's acknowledgement shows per party on every page, per task where its entries are", async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const clinic = await tokenFor(stack.issuer, 'klinik');
    const supervisor = await tokenFor(stack.issuer, 'leitung');
    const caseId = lindenauCaseId(`FALL-SLA-${randomUUID().slice(0, 8)}`);
    const res = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, caseworker, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    await eventually(
      async () => {
        const inbox = await get<{ tasks: { taskId: string }[] }>(`/tasks?caseId=${caseId}`, clinic);
        return inbox.tasks.some((t) => t.taskId === 'task-clinic') ? true : undefined;
      },
      { what: "the clinic's task in its inbox", timeoutMs: 45_000 },
    );
    const ack = await call(
      stack.apiUrl,
      'POST',
      `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`,
      clinic,
      {},
    );
    expect(ack.status).toBe(200);

    const base = `/cases/${caseId}/timeline`;
    // The first entry is the trigger, which names no task: the page lists no task, the parties all.
    const first = await eventually(
      async () => {
        const p = await get<TimelinePage>(`${base}?limit=1`, supervisor);
        return p.sla.parties.find((x) => x.party === 'clinic')?.acknowledged === 1 ? p : undefined;
      },
      { what: "the clinic's acknowledgement in the SLA figures", timeoutMs: 45_000 },
    );
    expect(first.entries.map((e) => e.type)).toEqual(['CrisisTriggered']);
    expect(first.sla.tasks).toEqual([]);
    const clinicFigures = first.sla.parties.find((x) => x.party === 'clinic')!;
    expect(clinicFigures).toMatchObject({ tasks: 1, acknowledged: 1, escalations: 0 });
    expect(clinicFigures.maxSecondsToAcknowledge).toBeGreaterThanOrEqual(0);
    expect(first.sla.parties.map((x) => x.party)).toEqual(expect.arrayContaining(['clinic', 'guardian', 'provider']));
    // Nobody answered for the guardian yet: no slowest acknowledgement, not 0 s.
    expect(first.sla.parties.find((x) => x.party === 'guardian')).toMatchObject({
      acknowledged: 0,
      maxSecondsToAcknowledge: null,
    });

    // A page holding the acknowledgement lists that task, with its clock.
    const acks = await get<TimelinePage>(`${base}?type=TaskAcknowledged`, supervisor);
    expect(acks.sla.tasks).toEqual([
      expect.objectContaining({ crisisId, taskId: 'task-clinic', party: 'clinic', escalations: 0 }),
    ]);
    expect(acks.sla.tasks[0]!.acknowledgedAt).not.toBeNull();

    // The export lists every task of the case, the same figures (the crisis runs on: other
    // parties' escalations may have grown meanwhile, the clinic's answered task not).
    const exported = await get<TimelineExport>(`${base}/export?format=json`, supervisor);
    expect(exported.sla.parties.find((x) => x.party === 'clinic')).toEqual(clinicFigures);
    expect(exported.sla.tasks.length).toBe(exported.sla.parties.reduce((n, p) => n + p.tasks, 0));
    expect(exported.sla.tasks.length).toBeGreaterThanOrEqual(first.sla.parties.length);
    expect(exported.sla.tasks).toContainEqual(acks.sla.tasks[0]);
  });
});

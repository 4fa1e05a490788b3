import type { PostgresEventStore } from '@hilfenetz/event-store';
import { Client } from '@temporalio/client';
import { acknowledgeTask, announceDischarge, decideAdmission } from '@hilfenetz/workflow-crisis/messages';
import {
  actors,
  allNotified,
  crisisEvents,
  liveStateWhen,
  startCrisis,
  startCrisisRig,
  type CrisisRig,
} from './crisis-workflow.rig';

const now = async (rig: CrisisRig) => new Date(await rig.env.currentTimeMs()).toISOString();

/**
 * "A crisis must never be forgotten by the system", nor any step recorded twice: a worker that
 * dies after the event store committed, but before Temporal heard of it, gets the step retried.
 */
describe('crisis workflow under faults (time-skipping test server, real event store)', () => {
  describe('a worker that dies after the append, before reporting it', () => {
    let rig: CrisisRig;
    /** Event ids whose first append "crashed" after the commit: the activity is retried. */
    const crashedOnce = new Set<string>();

    beforeAll(async () => {
      rig = await startCrisisRig({
        wrapStore: (store) => {
          const faulty = Object.create(store) as PostgresEventStore;
          faulty.append = async (...args: Parameters<PostgresEventStore['append']>) => {
            const result = await store.append(...args);
            const first = args[1][0]!.eventId;
            if (!crashedOnce.has(first)) {
              crashedOnce.add(first);
              throw new Error('worker lost after commit (simulated)');
            }
            return result;
          };
          return faulty;
        },
      });
    });
    afterAll(() => rig?.stop());

    it('every step is retried, and every event is stored exactly once', async () => {
      const { handle, input } = await startCrisis(rig);
      await allNotified(handle);
      await handle.executeUpdate(acknowledgeTask, {
        args: [{ taskId: 'task-clinic', by: actors.clinic, at: await now(rig) }],
      });
      await handle.executeUpdate(decideAdmission, {
        args: [{ decision: 'admitted_voluntary', by: actors.clinic, at: await now(rig) }],
      });
      await handle.executeUpdate(announceDischarge, {
        args: [{ plannedFor: await now(rig), by: actors.clinic, at: await now(rig) }],
      });
      // In real time, not the test client's skipping wait: the appends are local activities whose
      // retries the server does not see, so a skipping wait would jump past the other parties'
      // deadlines during a one-second backoff — escalations a real minute-long crisis never has.
      const realTime = new Client({ connection: rig.env.connection, namespace: rig.env.namespace ?? 'default' });
      expect(await realTime.workflow.getHandle(handle.workflowId).result()).toEqual({
        crisisId: input.crisisId,
        outcome: 'discharged',
      });

      const events = await crisisEvents(rig, input);
      // The rig's case has no guardian contact data: reaching the guardian fails while the test
      // runs (escalated along the chain, then unreachable), steps recorded like the others.
      const guardianSteps = ['TaskEscalated', 'GuardianUnreachable'];
      const core = events.filter(
        (e) => !(guardianSteps.includes(e.type) && (e.data as { taskId?: string }).taskId === 'task-guardian'),
      );
      const counts = core.reduce<Record<string, number>>((c, e) => ({ ...c, [e.type]: (c[e.type] ?? 0) + 1 }), {});
      expect(counts).toEqual({
        CrisisTriggered: 1,
        PartyNotified: 5,
        TaskAcknowledged: 1,
        AdmissionDecided: 1,
        DischargeAnnounced: 1,
        HilfeplanungRequested: 1,
      });
      // Each guardian step once: a retried step would repeat its deadline.
      const guardianDeadlines = events
        .filter((e) => e.type === 'TaskEscalated')
        .map((e) => (e.data as { deadline: string }).deadline);
      expect(new Set(guardianDeadlines).size).toBe(guardianDeadlines.length);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      // Every one of those appends did "crash" once: trigger, the five notifications (one step),
      // acknowledgement, admission, discharge (with the Hilfeplanung request).
      expect(crashedOnce.size).toBeGreaterThanOrEqual(5);
    });
  });

  describe('a slow event store while people already answer', () => {
    let rig: CrisisRig;
    /** Released by the test: until then the notifications' append hangs, as on a stalled database. */
    let releaseNotifications: () => void = () => undefined;

    beforeAll(async () => {
      const held = new Promise<void>((resolve) => (releaseNotifications = resolve));
      rig = await startCrisisRig({
        wrapStore: (store) => {
          const slow = Object.create(store) as PostgresEventStore;
          slow.append = async (...args: Parameters<PostgresEventStore['append']>) => {
            if (args[1].some((e) => e.type === 'PartyNotified')) await held;
            return store.append(...args);
          };
          return slow;
        },
      });
    });
    afterAll(() => rig?.stop());

    it('records an acknowledgement after the notification it answers, even when it arrives first', async () => {
      const { handle, input } = await startCrisis(rig);
      // The workflow has decided the notifications (its live state has the tasks); none is stored yet.
      await liveStateWhen(handle, (s) => s.tasks.length === 5, 'the five tasks decided');
      const ack = handle.executeUpdate(acknowledgeTask, {
        args: [{ taskId: 'task-clinic', by: actors.clinic, at: await now(rig) }],
      });
      await new Promise((r) => setTimeout(r, 500));
      releaseNotifications();
      await ack;

      const types = (await crisisEvents(rig, input)).map((e) => e.type);
      expect(types.slice(0, 7)).toEqual([
        'CrisisTriggered',
        'PartyNotified',
        'PartyNotified',
        'PartyNotified',
        'PartyNotified',
        'PartyNotified',
        'TaskAcknowledged',
      ]);
    });
  });
});

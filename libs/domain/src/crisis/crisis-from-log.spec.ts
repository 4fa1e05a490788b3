import type { CrisisEvent, DeliveryEvent } from '@hilfenetz/contracts';
import { lindenauAgreementV1 as agreement } from '../agreement/lindenau.agreement';
import type { CrisisCommand } from './crisis.commands';
import { decideCrisis } from './crisis.decide';
import { evolveCrisis } from './crisis.evolve';
import { crisisLiveStateFromLog, foldCrisisLog } from './crisis-from-log';
import { initialCrisisState, type CrisisState } from './crisis.state';
import { crisisLiveState } from './crisis.view';

const T0 = '2026-11-25T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const clinic = { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' } as const;
const dispatch = { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' } as const;

const trigger = (crisisId: string): CrisisCommand => ({
  type: 'TriggerCrisis',
  crisisId,
  caseId: 'FALL-2026-0042',
  dangerKind: 'self',
  urgency: 'immediate',
  now: T0,
});
const notifyAll: CrisisCommand[] = (['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'] as const).map(
  (party) => ({ type: 'NotifyParty', party, now: T0 }),
);

/** What a crisis's workflow does: decide each command, apply it, and record what it decided. */
function run(commands: CrisisCommand[]): { state: CrisisState; log: CrisisEvent[] } {
  let state = initialCrisisState;
  const log: CrisisEvent[] = [];
  for (const c of commands) {
    const decided = decideCrisis(c, state, agreement);
    state = decided.reduce(evolveCrisis, state);
    log.push(...decided);
  }
  return { state, log };
}

const stateFromLog = (events: Parameters<typeof foldCrisisLog>[0], crisisId: string) =>
  foldCrisisLog(events, crisisId)?.state ?? null;

describe('a crisis read from its case stream', () => {
  const providerDeadline = run([trigger('crisis-1'), ...notifyAll]).state.tasks['task-provider']!.deadline!;
  const journey: CrisisCommand[] = [
    trigger('crisis-1'),
    ...notifyAll,
    { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: clinic, now: at(3) },
    {
      type: 'ReportAmbulanceDispatch',
      actor: dispatch,
      dispatchReference: 'E-2026-77',
      expectedArrivalAt: at(16),
      now: at(4),
    },
    { type: 'EscalateOverdueTask', taskId: 'task-provider', deadline: providerDeadline, now: providerDeadline },
  ];

  it('is the state its workflow holds: the same tasks, acknowledgements, escalations and ambulance', () => {
    const { state, log } = run(journey);
    const folded = stateFromLog(log, 'crisis-1');
    expect(folded).toEqual(state);
    const ids = { crisisId: 'crisis-1', caseId: 'FALL-2026-0042' };
    const view = crisisLiveState(folded!, ids);
    expect(crisisLiveStateFromLog(foldCrisisLog(log, 'crisis-1')!, ids)).toEqual(view);
    expect(view.status).toBe('open');
    expect(view.tasks.find((t) => t.taskId === 'task-clinic')).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: clinic,
    });
    expect(view.tasks.find((t) => t.taskId === 'task-provider')?.escalations).toBe(1);
    expect(view.ambulance?.dispatchReference).toBe('E-2026-77');
  });

  it('leaves out other crises of the case and the delivery facts between the steps', () => {
    const { state, log } = run(journey);
    const earlier = run([trigger('crisis-0'), ...notifyAll]).log;
    const delivery = { type: 'NotificationAttempted', data: { crisisId: 'crisis-1', taskId: 'task-clinic' } };
    const stream = [...earlier, log[0]!, delivery, ...log.slice(1), { type: 'CaseNoteAdded', data: {} }];
    expect(stateFromLog(stream, 'crisis-1')).toEqual(state);
  });

  it('cannot say before the crisis has recorded its trigger', () => {
    expect(stateFromLog([], 'crisis-1')).toBeNull();
    expect(stateFromLog(run([trigger('crisis-0'), ...notifyAll]).log, 'crisis-1')).toBeNull();
  });

  it('cannot say when a step was recorded before the task it answers (crises of the old write order)', () => {
    const { log } = run(journey.slice(0, 7));
    const ack = log.findIndex((e) => e.type === 'TaskAcknowledged');
    const notified = log.findIndex((e) => e.type === 'PartyNotified' && e.data.taskId === 'task-clinic');
    const reordered = [...log];
    const [ackEvent] = reordered.splice(ack, 1);
    reordered.splice(notified, 0, ackEvent!);
    expect(stateFromLog(reordered, 'crisis-1')).toBeNull();
  });

  it('shows per task how reaching its contact stands: trying, delivered on its receipt, not reached, seen', () => {
    const { log } = run([trigger('crisis-1'), ...notifyAll]);
    const contactOf = (taskId: string) => run([trigger('crisis-1'), ...notifyAll]).state.tasks[taskId]!.contactId;
    const fact = (type: DeliveryEvent['type'], data: Record<string, unknown>) =>
      ({ type, data: { crisisId: 'crisis-1', ...data } }) as DeliveryEvent;
    const attempt = (taskId: string, n: number, channel: string, minute: number) =>
      fact('NotificationAttempted', {
        taskId,
        contactId: contactOf(taskId),
        attemptId: `${taskId}/${contactOf(taskId)}/${n}`,
        channel,
        attemptedAt: at(minute),
        windowEndsAt: at(minute + 1),
      });
    const receipt = (taskId: string, n: number, channel: string, minute: number) =>
      fact('NotificationDelivered', {
        taskId,
        contactId: contactOf(taskId),
        attemptId: `${taskId}/${contactOf(taskId)}/${n}`,
        channel,
        confirmedBy: { id: 'gateway', role: 'system' },
        deliveredAt: at(minute),
      });
    const stream = [
      ...log,
      attempt('task-clinic', 1, 'in_app', 0),
      receipt('task-clinic', 1, 'in_app', 0.5),
      fact('NotificationSeen', { taskId: 'task-clinic', seenBy: clinic, seenAt: at(1) }),
      attempt('task-provider', 1, 'in_app', 0),
      fact('NotificationNotDelivered', {
        taskId: 'task-provider',
        contactId: contactOf('task-provider'),
        attemptId: `task-provider/${contactOf('task-provider')}/1`,
        channel: 'in_app',
        cause: 'window_passed',
        recordedAt: at(1),
      }),
      attempt('task-provider', 2, 'phone', 1),
      // A late receipt of the first attempt: the reach has moved on to the SMS.
      receipt('task-provider', 1, 'in_app', 1.5),
      attempt('task-guardian', 1, 'phone', 0),
      fact('ContactNotReached', {
        taskId: 'task-guardian',
        contactId: contactOf('task-guardian'),
        attempts: 2,
        recordedAt: at(3),
      }),
    ];
    const view = crisisLiveStateFromLog(foldCrisisLog(stream, 'crisis-1')!, {
      crisisId: 'crisis-1',
      caseId: 'FALL-2026-0042',
    });
    const delivery = Object.fromEntries(view.tasks.map((t) => [t.party, t.delivery]));
    expect(delivery).toEqual({
      clinic: {
        contactId: contactOf('task-clinic'),
        state: 'delivered',
        channel: 'in_app',
        since: at(0.5),
        seen: true,
      },
      provider: { contactId: contactOf('task-provider'), state: 'trying', channel: 'phone', since: at(1), seen: false },
      guardian: {
        contactId: contactOf('task-guardian'),
        state: 'not_reached',
        channel: null,
        since: at(3),
        seen: false,
      },
      ambulance: undefined,
      youth_office: undefined,
    });
  });
});

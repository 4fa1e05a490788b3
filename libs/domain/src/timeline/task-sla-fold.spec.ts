import { foldTaskSla, type SlaInput } from './task-sla-fold';

const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 3, min)).toISOString();
const e = (type: string, min: number, data: Record<string, unknown>): SlaInput => ({ type, occurredAt: at(min), data });
const crisisId = 'crisis-FALL-1-0123456789abcdef0123';

describe('SLA figures of a case timeline', () => {
  it('measures per task the time from notification to acknowledgement and counts escalations per party', () => {
    const sla = foldTaskSla([
      e('CrisisTriggered', 0, { crisisId }),
      e('PartyNotified', 0, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
      e('PartyNotified', 0, { crisisId, taskId: 'task-guardian', party: 'guardian' }),
      e('TaskEscalated', 15, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
      e('TaskAcknowledged', 18, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
      // A second acknowledgement (a retried request) does not move the clock.
      e('TaskAcknowledged', 40, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
    ]);
    expect(sla.tasks).toEqual([
      {
        crisisId,
        taskId: 'task-clinic',
        party: 'clinic',
        openedAt: at(0),
        acknowledgedAt: at(18),
        secondsToAcknowledge: 18 * 60,
        escalations: 1,
      },
      {
        crisisId,
        taskId: 'task-guardian',
        party: 'guardian',
        openedAt: at(0),
        acknowledgedAt: null,
        secondsToAcknowledge: null,
        escalations: 0,
      },
    ]);
    expect(sla.parties).toEqual([
      { party: 'clinic', tasks: 1, acknowledged: 1, escalations: 1, maxSecondsToAcknowledge: 18 * 60 },
      { party: 'guardian', tasks: 1, acknowledged: 0, escalations: 0, maxSecondsToAcknowledge: null },
    ]);
  });

  it('counts task kinds it has never heard of, by the names of their event types', () => {
    const sla = foldTaskSla([
      e('FamilyCourtDecisionRequired', 0, { crisisId, taskId: 'task-family_court', ownerParty: 'youth_office' }),
      e('FamilyCourtDecisionAcknowledged', 90, { crisisId, taskId: 'task-family_court' }),
    ]);
    expect(sla.parties).toEqual([
      { party: 'youth_office', tasks: 1, acknowledged: 1, escalations: 0, maxSecondsToAcknowledge: 90 * 60 },
    ]);
  });

  it('keeps the same task id of two crises apart and ignores answers to tasks it never saw open', () => {
    const other = 'crisis-FALL-1-fedcba9876543210fedc';
    const sla = foldTaskSla([
      e('TaskAcknowledged', 1, { crisisId: 'crisis-unseen', taskId: 'task-clinic', party: 'clinic' }),
      e('PartyNotified', 2, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
      e('PartyNotified', 3, { crisisId: other, taskId: 'task-clinic', party: 'clinic' }),
      e('TaskAcknowledged', 4, { crisisId: other, taskId: 'task-clinic', party: 'clinic' }),
    ]);
    expect(sla.tasks.map((t) => [t.crisisId, t.secondsToAcknowledge])).toEqual([
      [crisisId, null],
      [other, 60],
    ]);
    expect(sla.parties).toEqual([
      { party: 'clinic', tasks: 2, acknowledged: 1, escalations: 0, maxSecondsToAcknowledge: 60 },
    ]);
  });

  it('counts an acknowledgement stored before its notification (crises recorded before the ordering patch)', () => {
    const sla = foldTaskSla([
      e('CrisisTriggered', 0, { crisisId }),
      e('TaskAcknowledged', 1, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
      e('PartyNotified', 0, { crisisId, taskId: 'task-clinic', party: 'clinic' }),
    ]);
    expect(sla.tasks.map((t) => [t.taskId, t.acknowledgedAt, t.secondsToAcknowledge])).toEqual([
      ['task-clinic', at(1), 60],
    ]);
    expect(sla.parties[0]).toMatchObject({ party: 'clinic', tasks: 1, acknowledged: 1 });
  });

  it('is empty for a case without tasks', () => {
    expect(foldTaskSla([e('CaseRegistered', 0, { caseId: 'FALL-1' })])).toEqual({ parties: [], tasks: [] });
  });
});

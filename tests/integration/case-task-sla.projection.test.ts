import { foldTaskSla, type SlaInput } from '@hilfenetz/domain';
import { CaseTaskSlaProjection, ProjectionRunner } from '@hilfenetz/projector';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { aCaseStream, asStoredSteps, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';

/**
 * The timeline page reads its SLA figures from case_task_sla instead of folding every task event
 * of the case on each page. The read model must show what the fold over the same entries shows,
 * including the odd orders older crises hold, and stay the same when Kafka delivers again.
 */
describe('case task SLA read model (projection on the real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 3);
  });
  afterAll(() => ds.destroy());

  const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 3, min)).toISOString();

  it.each([
    ['in two overlapping deliveries', [8]],
    ['one event per delivery (every step meets the row the steps before it wrote)', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('agrees with the fold over the same entries, %s, and a redelivery changes nothing', async (_how, cuts) => {
    const { caseId, streamId } = aCaseStream('SLA');
    const crisisA = `crisis-${caseId}-a`;
    const crisisB = `crisis-${caseId}-b`;
    const entries: SlaInput[] = [
      { type: 'CrisisTriggered', occurredAt: at(0), data: { crisisId: crisisA } },
      // An older crisis wrote the clinic's acknowledgement before its notification.
      { type: 'TaskAcknowledged', occurredAt: at(0), data: { crisisId: crisisA, taskId: 'clinic', party: 'clinic' } },
      { type: 'PartyNotified', occurredAt: at(1), data: { crisisId: crisisA, taskId: 'clinic', party: 'clinic' } },
      { type: 'PartyNotified', occurredAt: at(1), data: { crisisId: crisisA, taskId: 'provider', party: 'provider' } },
      { type: 'PartyNotified', occurredAt: at(1), data: { crisisId: crisisA, taskId: 'guardian', party: 'guardian' } },
      {
        type: 'DeliveryAttempted',
        occurredAt: at(2),
        data: { crisisId: crisisA, taskId: 'provider', party: 'provider' },
      },
      { type: 'TaskEscalated', occurredAt: at(16), data: { crisisId: crisisA, taskId: 'provider', party: 'provider' } },
      { type: 'TaskEscalated', occurredAt: at(31), data: { crisisId: crisisA, taskId: 'provider', party: 'provider' } },
      {
        type: 'TaskAcknowledged',
        occurredAt: at(33),
        data: { crisisId: crisisA, taskId: 'provider', party: 'provider' },
      },
      // A retried acknowledgement does not move the clock; a decline counts nothing.
      {
        type: 'TaskAcknowledged',
        occurredAt: at(40),
        data: { crisisId: crisisA, taskId: 'provider', party: 'provider' },
      },
      { type: 'TaskDeclined', occurredAt: at(41), data: { crisisId: crisisA, taskId: 'guardian', party: 'guardian' } },
      // An answer for a task that never opened shows nowhere.
      { type: 'TaskEscalated', occurredAt: at(42), data: { crisisId: crisisA, taskId: 'ghost', party: 'clinic' } },
      // The same task id in another crisis is another task.
      {
        type: 'PartyNotified',
        occurredAt: at(50),
        data: { crisisId: crisisB, taskId: 'clinic', ownerParty: 'clinic' },
      },
      { type: 'TaskAcknowledged', occurredAt: at(52), data: { crisisId: crisisB, taskId: 'clinic', party: 'clinic' } },
    ];
    const events = asStoredSteps(
      streamId,
      entries.map((e) => ({ type: e.type, data: e.data, recordedAt: e.occurredAt })),
      {
        firstPosition: 1_000_000,
        actor: { actorId: 'u-test', actorRole: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
      },
    );
    const runner = new ProjectionRunner(ds, new CaseTaskSlaProjection(), new PostgresEventStore(ds));
    // In deliveries ending at the cuts, then all of it again overlapping them (at least once).
    for (const cut of cuts) await runner.apply(events.slice(0, cut));
    expect(await runner.apply(events)).toBe(events.length - cuts[cuts.length - 1]!);
    expect(await runner.apply(events)).toBe(0);

    const rows: {
      crisis_id: string;
      task_id: string;
      party: string;
      opened_at: Date;
      acknowledged_at: Date | null;
      escalations: number;
    }[] = await ds.query(
      `SELECT crisis_id, task_id, party, opened_at, acknowledged_at, escalations FROM case_task_sla
         WHERE case_id = $1 AND opened_at IS NOT NULL ORDER BY opened_version`,
      [caseId],
    );
    const fold = foldTaskSla(entries);
    expect(
      rows.map((r) => ({
        crisisId: r.crisis_id,
        taskId: r.task_id,
        party: r.party,
        openedAt: r.opened_at.toISOString(),
        acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
        escalations: r.escalations,
      })),
    ).toEqual(fold.tasks.map(({ secondsToAcknowledge: _, ...t }) => t));
    // What a supervisor reads: the clinic acknowledged before it was notified (0 s), the provider
    // after two escalations, the guardian not at all; the second crisis's clinic task on its own.
    expect(
      fold.tasks.map((t) => [t.crisisId === crisisA ? 'A' : 'B', t.taskId, t.secondsToAcknowledge, t.escalations]),
    ).toEqual([
      ['A', 'clinic', 0, 0],
      ['A', 'provider', 32 * 60, 2],
      ['A', 'guardian', null, 0],
      ['B', 'clinic', 120, 0],
    ]);
  });
});

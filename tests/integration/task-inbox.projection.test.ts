import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner, TaskInboxProjection } from '@hilfenetz/projector';
import { aCaseStream, asStoredSteps, openDataSource, testEnv } from '@hilfenetz/testing';
import type { DataSource } from 'typeorm';

/**
 * A crisis's notifications arrive in one batch and are inserted together; what comes between them
 * (an escalation) still applies in the order of the log, and a notification for a task already in
 * the inbox (delivered again) leaves the task as the later steps made it.
 */
describe('task inbox read model: notifications of a batch inserted together (projection on the real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 3);
  });
  afterAll(() => ds.destroy());

  const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 3, min)).toISOString();

  it('holds every notified task, the escalated one where it went, and keeps it there when notified again', async () => {
    const { caseId, streamId } = aCaseStream('INBOX');
    const crisisId = `crisis-${caseId}`;
    const notified = (taskId: string, party: string, organisationId: string, contactId: string) => ({
      type: 'PartyNotified',
      data: {
        crisisId,
        taskId,
        party,
        contactId,
        organisationId,
        route: 'always',
        notifiedAt: at(0),
        deadline: at(10),
      },
    });
    const steps = [
      notified('task-clinic', 'clinic', 'org-kjp-st-marien', 'c-kjp-aufnahme'),
      notified('task-provider', 'provider', 'org-traeger-birkenhof', 'c-tr-dienst'),
      {
        type: 'TaskEscalated',
        data: {
          crisisId,
          taskId: 'task-provider',
          party: 'provider',
          cause: 'deadline_missed',
          missedDeadline: at(10),
          step: 0,
          kind: 'next_contact',
          fromContactId: 'c-tr-dienst',
          toContactId: 'c-tr-leitung',
          toOrganisationId: 'org-traeger-birkenhof-leitung',
          escalatedAt: at(11),
          deadline: at(20),
        },
      },
      notified('task-guardian', 'guardian', 'org-sorgeberechtigte', 'c-guardian-1'),
      notified('task-ambulance', 'ambulance', 'org-leitstelle-lindenau', 'c-ls-disponent'),
    ];
    const events = asStoredSteps(
      streamId,
      steps.map((s, i) => ({ ...s, recordedAt: at(i) })),
      {
        firstPosition: 2_000_000,
        actor: { actorId: 'system:engine', actorRole: 'system', organisationId: 'org-jugendamt-lindenau' },
      },
    );
    const inbox = async () =>
      (
        (await ds.query(
          `SELECT task_id, organisation_id, contact_id, status, escalations FROM task_inbox
            WHERE crisis_id = $1 ORDER BY task_id`,
          [crisisId],
        )) as Record<string, unknown>[]
      ).map((r) => [r.task_id, r.organisation_id, r.contact_id, r.status, r.escalations]);
    const expected = [
      ['task-ambulance', 'org-leitstelle-lindenau', 'c-ls-disponent', 'open', 0],
      ['task-clinic', 'org-kjp-st-marien', 'c-kjp-aufnahme', 'open', 0],
      ['task-guardian', 'org-sorgeberechtigte', 'c-guardian-1', 'open', 0],
      ['task-provider', 'org-traeger-birkenhof-leitung', 'c-tr-leitung', 'open', 1],
    ];

    const runner = new ProjectionRunner(ds, new TaskInboxProjection(), new PostgresEventStore(ds));
    expect(await runner.apply(events)).toBe(events.length);
    expect(await inbox()).toEqual(expected);

    // The provider's notification once more, past the runner (as a rebuild over a filled table
    // would): the escalated task stays with whom it went to.
    await ds.transaction((m) => new TaskInboxProjection().applyBatch(m, [events[1]!, events[4]!]));
    expect(await inbox()).toEqual(expected);
  });
});

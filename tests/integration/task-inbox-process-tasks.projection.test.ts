import type { NewEvent } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner, TaskInboxProjection } from '@hilfenetz/projector';
import { aCaseStream, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const LEAD = 'org-jugendamt-lindenau';
const erased = { $erased: true as const, subjectId: 'subj-inbox-it' };
const event = (type: string, data: Record<string, unknown>, actorId = 'system'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { actorId, actorRole: 'system', organisationId: LEAD, correlationId: randomUUID() },
});
const t = (hours: number) => new Date(Date.parse('2026-11-02T08:00:00.000Z') + hours * 3_600_000).toISOString();

interface InboxRow {
  task_id: string;
  kind: string;
  organisation_id: string;
  audience_roles: string[] | null;
  status: string;
  deadline: Date | null;
  escalations: number;
  detail: unknown;
}

/**
 * The §8a steps and the §4 KKG feedback as inbox tasks (issue 18), projected from the workflows'
 * own events in the real event store: who sees which step, reminders move the deadline, a missed
 * step becomes the Leitung's task, a recorded step closes both; the reporter's copy holds the two
 * answers and nothing else. Every deadline path the workflows have, without waiting for one.
 */
describe('task inbox: §8a steps and §4 KKG feedback (projection over the real event store)', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 3);
    store = new PostgresEventStore(ds);
    runner = new ProjectionRunner(ds, new TaskInboxProjection(), store);
  });
  afterAll(() => ds.destroy());

  const rows = (key: string): Promise<InboxRow[]> =>
    ds.query(
      `SELECT task_id, kind, organisation_id, audience_roles, status, deadline, escalations, detail
       FROM task_inbox WHERE crisis_id = $1 ORDER BY task_id`,
      [key],
    );
  async function append(streamId: string, events: NewEvent[]): Promise<void> {
    await store.append(streamId, events);
    const all = await store.readStream(streamId);
    await runner.apply(all);
  }

  it('§8a by a Träger: its staff see the due steps; a missed one goes to the Leitung; the decision opens the review', async () => {
    const { caseId, streamId } = aCaseStream('RAI');
    const assessmentId = `ra-${randomUUID()}`;
    const key = `risk-assessment:${assessmentId}`;
    const base = { assessmentId, caseId };
    await append(streamId, [
      event('RiskAssessmentStarted', {
        ...base,
        origin: { kind: 'case' },
        initiator: { kind: 'provider', organisationId: 'org-traeger-birkenhof' },
        leadOrganisationId: LEAD,
        concern: erased,
        deadlines: {
          specialist_consultation: t(72),
          joint_assessment: t(72),
          family_involvement: t(168),
          decision: t(336),
        },
        startedBy: 'u-tr-0001',
        startedAt: t(0),
      }),
    ]);
    const started = await rows(key);
    expect(started.map((r) => [r.task_id, r.kind, r.organisation_id, r.audience_roles, r.status])).toEqual(
      ['decision', 'family_involvement', 'joint_assessment', 'specialist_consultation'].map((s) => [
        s,
        'risk_assessment_step',
        'org-traeger-birkenhof',
        ['provider_staff'],
        'open',
      ]),
    );
    expect(started.find((r) => r.task_id === 'joint_assessment')?.deadline).toEqual(new Date(t(72)));

    await append(streamId, [
      event('RiskAssessmentReminderSent', {
        ...base,
        step: 'joint_assessment',
        missedDueAt: t(72),
        newDueAt: t(96),
        sentAt: t(72),
      }),
    ]);
    expect((await rows(key)).find((r) => r.task_id === 'joint_assessment')).toMatchObject({
      deadline: new Date(t(96)),
      escalations: 0,
      status: 'open',
    });

    await append(streamId, [
      event('RiskAssessmentEscalated', {
        ...base,
        step: 'joint_assessment',
        missedDueAt: t(96),
        escalatedTo: 'supervisor',
        organisationId: LEAD,
        escalatedAt: t(96),
      }),
    ]);
    const escalated = await rows(key);
    expect(escalated.find((r) => r.task_id === 'joint_assessment')).toMatchObject({ escalations: 1, status: 'open' });
    expect(escalated.find((r) => r.task_id === 'joint_assessment:leitung')).toMatchObject({
      kind: 'risk_assessment_escalation',
      organisation_id: LEAD,
      audience_roles: ['supervisor'],
      status: 'open',
      detail: { step: 'joint_assessment', missedDueAt: t(96) },
    });

    await append(streamId, [
      event(
        'RiskAssessmentJointAssessmentRecorded',
        {
          ...base,
          professionals: [
            { professionalId: 'u-tr-0001', organisationId: 'org-traeger-birkenhof', function: 'Bezugsbetreuung' },
            { professionalId: 'u-tr-0002', organisationId: 'org-traeger-birkenhof', function: 'Teamleitung' },
          ],
          assessedAt: t(100),
          assessment: erased,
          recordedBy: 'u-tr-0001',
          recordedAt: t(100),
        },
        'u-tr-0001',
      ),
    ]);
    const joint = await rows(key);
    expect(joint.filter((r) => r.task_id.startsWith('joint_assessment')).map((r) => r.status)).toEqual([
      'closed',
      'closed',
    ]);
    expect(joint.filter((r) => r.status === 'open').map((r) => r.task_id)).toEqual([
      'decision',
      'family_involvement',
      'specialist_consultation',
    ]);

    await append(streamId, [
      event('RiskAssessmentDecided', {
        ...base,
        outcome: 'inobhutnahme',
        reason: erased,
        decidedBy: 'u-tr-0002',
        decidedAt: t(110),
        reviewAt: t(110 + 90 * 24),
      }),
    ]);
    const decided = await rows(key);
    expect(decided.filter((r) => r.status === 'open').map((r) => [r.task_id, r.audience_roles, r.deadline])).toEqual([
      ['review', ['provider_staff'], new Date(t(110 + 90 * 24))],
    ]);
    // Nothing a person wrote reached a row.
    expect(JSON.stringify(decided)).not.toContain('$erased');
  });

  it('§4 KKG: the duty is the youth office’s, reminded and escalated; the answer reaches the reporter, two booleans only', async () => {
    const { caseId, streamId } = aCaseStream('KKI');
    const reportId = `kkg-${randomUUID()}`;
    const key = `kkg-report:${reportId}`;
    const base = { reportId, caseId };
    await append(streamId, [
      event('KkgReportReceived', {
        ...base,
        reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
        channel: 'app',
        leadOrganisationId: LEAD,
        concern: erased,
        feedbackDueAt: t(14 * 24),
        recordedBy: 'u-kjp-0001',
        receivedAt: t(0),
      }),
    ]);
    expect(await rows(key)).toEqual([
      expect.objectContaining({
        task_id: 'feedback',
        kind: 'kkg_feedback_due',
        organisation_id: LEAD,
        audience_roles: ['caseworker', 'on_call'],
        deadline: new Date(t(14 * 24)),
        status: 'open',
      }),
    ]);
    await append(streamId, [
      event('KkgFeedbackReminderSent', { ...base, missedDueAt: t(14 * 24), newDueAt: t(17 * 24), sentAt: t(14 * 24) }),
      event('KkgFeedbackOverdueEscalated', {
        ...base,
        missedDueAt: t(17 * 24),
        escalatedTo: 'supervisor',
        organisationId: LEAD,
        escalatedAt: t(17 * 24),
      }),
    ]);
    const overdue = await rows(key);
    expect(overdue.map((r) => [r.task_id, r.kind, r.audience_roles, r.escalations, r.deadline])).toEqual([
      ['feedback', 'kkg_feedback_due', ['caseworker', 'on_call'], 1, new Date(t(17 * 24))],
      ['feedback:leitung', 'kkg_feedback_escalation', ['supervisor'], 0, null],
    ]);

    await append(streamId, [
      event(
        'KkgFeedbackGiven',
        {
          ...base,
          riskConfirmed: true,
          acting: false,
          reporterOrganisationId: 'org-kjp-st-marien',
          givenBy: 'u-ja-0001',
          givenAt: t(18 * 24),
        },
        'u-ja-0001',
      ),
    ]);
    const given = await rows(key);
    expect(given.map((r) => [r.task_id, r.status])).toEqual([
      ['feedback', 'closed'],
      ['feedback:leitung', 'closed'],
      ['reporter', 'open'],
    ]);
    expect(given[2]).toMatchObject({
      kind: 'kkg_feedback_received',
      organisation_id: 'org-kjp-st-marien',
      deadline: null,
      detail: { riskConfirmed: true, acting: false },
    });
    expect(Object.keys(given[2]!.detail as object).sort()).toEqual(['acting', 'riskConfirmed']);

    // `npm run projections:rebuild task-inbox` empties the table and replays the log: the same rows.
    await runner.rebuild();
    expect(await rows(key)).toEqual(given);
  });
});

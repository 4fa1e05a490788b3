import type { NewEvent } from '@hilfenetz/contracts';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { ProjectionRunner, QualityFactsProjection, qualityKey } from '@hilfenetz/projector';
import { aCaseStream, openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

const AGREEMENT = { agreementId: 'lindenau-krisenkooperation', version: '2026-1' };
const erased = { $erased: true as const, subjectId: 'subj-quality-it' };
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: type === 'TaskDeclined' ? 2 : 1,
  data,
  metadata: {
    actorId: 'system',
    actorRole: 'system',
    organisationId: 'org-jugendamt-lindenau',
    correlationId: randomUUID(),
  },
});

/**
 * The quality facts (issue 18 §3, ADR 0029) from a crisis, a discharge with its first meeting, two
 * §4 KKG reports and a §8a assessment in the real event store: what the report needs, nothing that
 * names the case, the same after redelivery and after a rebuild.
 */
describe('quality facts (projection over the real event store)', () => {
  let ds: DataSource;
  let store: PostgresEventStore;
  beforeAll(async () => {
    ds = await openDataSource(testEnv().databaseUrl, 3);
    store = new PostgresEventStore(ds);
  });
  afterAll(() => ds.destroy());

  it('keeps interface, month, latency, flags and deadlines, no identifier; idempotent and rebuildable', async () => {
    const { caseId, streamId } = aCaseStream('QF');
    const crisisId = `crisis-${caseId}-${randomUUID().slice(0, 8)}`;
    const planningId = `planning-${randomUUID()}`;
    const [kkgInTime, kkgLate, assessment] = [`kkg-${randomUUID()}`, `kkg-${randomUUID()}`, `ra-${randomUUID()}`];
    const t = (minutes: number) => new Date(Date.parse('2026-11-30T23:10:00.000Z') + minutes * 60_000).toISOString();
    const notified = (taskId: string, party: string, organisationId: string) =>
      event('PartyNotified', {
        crisisId,
        taskId,
        party,
        contactId: `ct-${party}`,
        organisationId,
        route: 'always',
        notifiedAt: t(0),
        deadline: t(5),
      });
    const task = { crisisId, taskId: 'task-provider', party: 'provider' };
    await store.append(streamId, [
      // 23:10 UTC on 30 November is 00:10 on 1 December in Berlin: a December crisis.
      event('CrisisTriggered', {
        crisisId,
        caseId,
        dangerKind: 'self',
        urgency: 'immediate',
        triggeredAt: t(0),
        agreement: AGREEMENT,
      }),
      notified('task-clinic', 'clinic', 'org-kjp-st-marien'),
      notified('task-provider', 'provider', 'org-traeger-birkenhof'),
      event('NotificationNotDelivered', {
        crisisId,
        taskId: 'task-provider',
        contactId: 'ct-provider',
        attemptId: 'task-provider/ct-provider/1',
        channel: 'in_app',
        cause: 'window_passed',
        recordedAt: t(1),
      }),
      event('TaskAcknowledged', {
        crisisId,
        taskId: 'task-clinic',
        party: 'clinic',
        acknowledgedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
        acknowledgedAt: new Date(Date.parse(t(1)) + 30_000).toISOString(),
        method: 'in_app',
      }),
      event('TaskAcknowledged', {
        crisisId,
        taskId: 'task-clinic',
        party: 'clinic',
        acknowledgedBy: { id: 'u-kjp-0002', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
        acknowledgedAt: t(9),
      }),
      event('TaskDeclined', {
        ...task,
        contactId: 'ct-provider',
        declinedBy: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
        declinedAt: t(2),
        reason: erased,
      }),
      event('TaskEscalated', {
        ...task,
        cause: 'deadline_missed',
        missedDeadline: t(5),
        step: 0,
        kind: 'next_contact',
        fromContactId: 'ct-provider',
        toContactId: 'ct-provider-2',
        toOrganisationId: 'org-traeger-birkenhof',
        escalatedAt: t(5),
        deadline: t(10),
      }),
      event('SupervisorAlerted', {
        ...task,
        cause: 'deadline_missed',
        supervisorContactId: 'ct-leitung',
        organisationId: 'org-traeger-birkenhof',
        alertedAt: t(10),
      }),
      event('DischargeAnnounced', {
        crisisId,
        plannedFor: t(60 * 24 * 3),
        announcedBy: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
        announcedAt: t(60 * 24 * 2),
      }),
      event('HilfeplanungStarted', {
        planningId,
        caseId,
        cycle: 1,
        origin: { kind: 'discharge', crisisId, dischargedAt: t(60 * 24 * 3) },
        startedAt: t(60 * 24 * 2),
        meetingToBeScheduledBy: t(60 * 24 * 16),
      }),
      event('MeetingScheduled', {
        planningId,
        caseId,
        cycle: 1,
        meetingAt: t(60 * 24 * 7 + 600),
        invited: ['clinic', 'youth_office'],
        scheduledAt: t(60 * 24 * 4),
      }),
      ...[kkgInTime, kkgLate].map((reportId) =>
        event('KkgReportReceived', {
          reportId,
          caseId,
          reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
          channel: 'app',
          leadOrganisationId: 'org-jugendamt-lindenau',
          concern: erased,
          feedbackDueAt: t(60 * 24 * 14),
          recordedBy: 'u-kjp-0001',
          receivedAt: t(0),
        }),
      ),
      event('KkgFeedbackReminderSent', {
        reportId: kkgLate,
        caseId,
        missedDueAt: t(60 * 24 * 14),
        newDueAt: t(60 * 24 * 17),
        sentAt: t(60 * 24 * 14),
      }),
      ...[kkgInTime, kkgLate].map((reportId, i) =>
        event('KkgFeedbackGiven', {
          reportId,
          caseId,
          riskConfirmed: true,
          acting: true,
          reporterOrganisationId: 'org-kjp-st-marien',
          givenBy: 'u-ja-0001',
          givenAt: t(60 * 24 * (i === 0 ? 3 : 15)),
        }),
      ),
      event('RiskAssessmentStarted', {
        assessmentId: assessment,
        caseId,
        origin: { kind: 'case' },
        initiator: { kind: 'youth_office', organisationId: 'org-jugendamt-lindenau' },
        leadOrganisationId: 'org-jugendamt-lindenau',
        concern: erased,
        deadlines: { joint_assessment: t(60), family_involvement: t(120), decision: t(180) },
        startedBy: 'u-ja-0001',
        startedAt: t(0),
      }),
      event('RiskAssessmentReminderSent', {
        assessmentId: assessment,
        caseId,
        step: 'joint_assessment',
        missedDueAt: t(60),
        newDueAt: t(90),
        sentAt: t(60),
      }),
    ]);
    const events = await store.readStream(streamId);
    const runner = new ProjectionRunner(ds, new QualityFactsProjection(), store);

    const snapshot = async () => ({
      tasks: (await ds.query(
        `SELECT party, organisation_id, agreement_id, month, ack_latency_seconds, declined, escalated_deadline_missed,
                escalated_declined, escalated_not_reached, supervisor_alerted, notification_fallback,
                contact_not_reached, guardian_unreachable
         FROM quality_task_facts WHERE crisis_key = $1 ORDER BY party`,
        [qualityKey(crisisId)],
      )) as Record<string, unknown>[],
      crisis: (await ds.query(
        `SELECT agreement_id, month, discharge_month, discharge_to_meeting_days FROM quality_crises WHERE crisis_key = $1`,
        [qualityKey(crisisId)],
      )) as Record<string, unknown>[],
      network: (await ds.query(
        `SELECT kind, organisation_id, month, in_time, decided, late_steps FROM quality_network_facts
         WHERE fact_key = ANY($1) ORDER BY kind, in_time`,
        [[qualityKey('kkg', kkgInTime), qualityKey('kkg', kkgLate), qualityKey('risk', assessment)]],
      )) as Record<string, unknown>[],
    });

    expect(await runner.apply(events)).toBe(events.length);
    expect(await runner.apply(events)).toBe(0); // Kafka delivers at least once
    const facts = await snapshot();
    const none = {
      declined: false,
      escalated_deadline_missed: false,
      escalated_declined: false,
      escalated_not_reached: false,
    };
    expect(facts.tasks).toEqual([
      {
        party: 'clinic',
        organisation_id: 'org-kjp-st-marien',
        agreement_id: AGREEMENT.agreementId,
        month: '2026-12',
        ack_latency_seconds: 90, // the first acknowledgement counts
        ...none,
        supervisor_alerted: false,
        notification_fallback: false,
        contact_not_reached: false,
        guardian_unreachable: false,
      },
      {
        party: 'provider',
        organisation_id: 'org-traeger-birkenhof',
        agreement_id: AGREEMENT.agreementId,
        month: '2026-12',
        ack_latency_seconds: null,
        ...none,
        declined: true,
        escalated_deadline_missed: true,
        supervisor_alerted: true,
        notification_fallback: true,
        contact_not_reached: false,
        guardian_unreachable: false,
      },
    ]);
    expect(facts.crisis).toEqual([
      {
        agreement_id: AGREEMENT.agreementId,
        month: '2026-12',
        discharge_month: '2026-12',
        discharge_to_meeting_days: 5,
      },
    ]);
    expect(facts.network).toEqual([
      {
        kind: 'kkg_feedback',
        organisation_id: 'org-jugendamt-lindenau',
        month: '2026-12',
        in_time: false,
        decided: false,
        late_steps: 0,
      },
      {
        kind: 'kkg_feedback',
        organisation_id: 'org-jugendamt-lindenau',
        month: '2026-12',
        in_time: true,
        decided: false,
        late_steps: 0,
      },
      {
        kind: 'risk_assessment',
        organisation_id: 'org-jugendamt-lindenau',
        month: '2026-12',
        in_time: null,
        decided: false,
        late_steps: 1,
      },
    ]);

    // Nothing in the three tables names the case, the crisis, the planning, a report or the assessment.
    const dump: { t: string }[] = await ds.query(
      `SELECT row_to_json(c)::text AS t FROM quality_crises c UNION ALL SELECT row_to_json(f)::text FROM quality_task_facts f
       UNION ALL SELECT row_to_json(n)::text FROM quality_network_facts n`,
    );
    const text = dump.map((r) => r.t).join('\n');
    for (const id of [
      caseId,
      crisisId,
      planningId,
      kkgInTime,
      kkgLate,
      assessment,
      'ct-provider',
      'u-kjp-0001',
      'subj-quality-it',
    ])
      expect(text).not.toContain(id);

    await runner.rebuild();
    expect(await snapshot()).toEqual(facts);
  });
});

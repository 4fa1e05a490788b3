import type { KnownEvent, StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';

/*
 * The inbox rows of processes other than crises (issues 13 and 18): a break-glass review, the due
 * steps of a §8a risk assessment, the §4 KKG feedback duty and the reporter's copy of the answer.
 * Projected from the events those processes already write, so a rebuild restores them. Each row
 * names the roles that do the work (`audience_roles`): a review is the supervisor's, not the whole
 * office's. No free text reaches a row: ids, instants and the two §4 (4) KKG booleans only.
 */

/** The inbox key of a process: never equal to a crisis id (those carry no such prefix). */
export const processKey = {
  breakGlassReview: (reviewId: string) => `break-glass-review:${reviewId}`,
  riskAssessment: (assessmentId: string) => `risk-assessment:${assessmentId}`,
  kkgReport: (reportId: string) => `kkg-report:${reportId}`,
};

/** A missed step's row for the Leitung sits beside the step's own row. */
const escalationTaskId = (step: string) => `${step}:leitung`;

/** Who records §8a steps (the API's roles for them) in the office that runs the assessment. */
const stepRoles = (initiator: 'youth_office' | 'provider') =>
  initiator === 'provider' ? ['provider_staff'] : ['caseworker', 'on_call'];
/** Who gives the §4 (4) KKG feedback in the youth office (the API's roles for it). */
const KKG_FEEDBACK_ROLES = ['caseworker', 'on_call'];
const SUPERVISOR = ['supervisor'];

interface Row {
  key: string;
  taskId: string;
  caseId: string;
  subjectId: string;
  kind: string;
  party: string;
  organisationId: string;
  audienceRoles: string[] | null;
  deadline: string | null;
  createdAt: string;
  detail?: Record<string, unknown>;
}

function insert(m: EntityManager, r: Row): Promise<unknown> {
  return m.query(
    `INSERT INTO task_inbox (crisis_id, task_id, case_id, kind, party, organisation_id, contact_id, status, deadline,
       created_at, updated_at, audience_roles, subject_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, NULL, 'open', $7, $8, $8, $9, $10, $11)
     ON CONFLICT (crisis_id, task_id) DO NOTHING`,
    [
      r.key,
      r.taskId,
      r.caseId,
      r.kind,
      r.party,
      r.organisationId,
      r.deadline,
      r.createdAt,
      r.audienceRoles,
      r.subjectId,
      r.detail ? JSON.stringify(r.detail) : null,
    ],
  );
}

/** Done: closed with who and when, out of the open view; repeated delivery changes nothing. */
function close(m: EntityManager, key: string, taskIds: string[], by: string, at: string, recordedAt: string) {
  return m.query(
    `UPDATE task_inbox SET status = 'closed', deadline = NULL, acknowledged_by = $3, acknowledged_at = $4,
       updated_at = $5
     WHERE crisis_id = $1 AND task_id = ANY($2) AND status = 'open'`,
    [key, taskIds, by, at, recordedAt],
  );
}

/** Missed: the row shows the escalation (as crisis tasks do) and stays open until done. */
function markEscalated(m: EntityManager, key: string, taskId: string, recordedAt: string) {
  return m.query(
    `UPDATE task_inbox SET escalations = escalations + 1, updated_at = $3
     WHERE crisis_id = $1 AND task_id = $2 AND status = 'open'`,
    [key, taskId, recordedAt],
  );
}

function moveDeadline(m: EntityManager, key: string, taskId: string, deadline: string, recordedAt: string) {
  return m.query(
    `UPDATE task_inbox SET deadline = $3, updated_at = $4 WHERE crisis_id = $1 AND task_id = $2 AND status = 'open'`,
    [key, taskId, deadline, recordedAt],
  );
}

const stepOfEvent: Partial<Record<KnownEvent['type'], string>> = {
  RiskAssessmentSpecialistConsulted: 'specialist_consultation',
  RiskAssessmentJointAssessmentRecorded: 'joint_assessment',
  RiskAssessmentFamilyInvolvementRecorded: 'family_involvement',
  RiskAssessmentReviewRecorded: 'review',
};
const ASSESSING_STEPS = ['specialist_consultation', 'joint_assessment', 'family_involvement', 'decision'];

/** Applies one event to the process rows; false when the event is not one of theirs. */
export async function applyProcessTask(
  m: EntityManager,
  stored: StoredEvent,
  e: KnownEvent,
  caseId: string,
): Promise<boolean> {
  const at = stored.recordedAt;
  const by = stored.metadata.actorId;
  switch (e.type) {
    case 'BreakGlassAccess': {
      // The review exists when the API opened one (the row is written with this event); a read
      // logged before reviews existed has none, and no task either.
      const [review]: { due_at: Date; reader_id: string; reader_organisation: string }[] = await m.query(
        `SELECT due_at, reader_id, reader_organisation FROM break_glass_reviews WHERE review_id = $1`,
        [e.data.accessId],
      );
      if (!review) return true;
      await insert(m, {
        key: processKey.breakGlassReview(e.data.accessId),
        taskId: 'review',
        caseId,
        subjectId: e.data.accessId,
        kind: 'break_glass_review',
        party: 'supervisor',
        organisationId: e.data.leadOrganisationId,
        audienceRoles: SUPERVISOR,
        deadline: review.due_at.toISOString(),
        createdAt: e.data.accessedAt,
        detail: { readerId: review.reader_id, readerOrganisationId: review.reader_organisation },
      });
      return true;
    }
    case 'BreakGlassReviewEscalated':
      await markEscalated(m, processKey.breakGlassReview(e.data.accessId), 'review', at);
      return true;
    case 'BreakGlassReviewDecided':
      await close(m, processKey.breakGlassReview(e.data.accessId), ['review'], by, e.data.decidedAt, at);
      return true;

    case 'RiskAssessmentStarted': {
      const d = e.data;
      const initiator = d.initiator.kind;
      for (const [step, deadline] of Object.entries(d.deadlines)) {
        if (!deadline) continue;
        await insert(m, {
          key: processKey.riskAssessment(d.assessmentId),
          taskId: step,
          caseId,
          subjectId: d.assessmentId,
          kind: 'risk_assessment_step',
          party: initiator,
          organisationId: d.initiator.organisationId,
          audienceRoles: stepRoles(initiator),
          deadline,
          createdAt: d.startedAt,
          detail: { step },
        });
      }
      return true;
    }
    case 'RiskAssessmentReminderSent':
      await moveDeadline(m, processKey.riskAssessment(e.data.assessmentId), e.data.step, e.data.newDueAt, at);
      return true;
    case 'RiskAssessmentEscalated': {
      const d = e.data;
      const key = processKey.riskAssessment(d.assessmentId);
      await markEscalated(m, key, d.step, at);
      await insert(m, {
        key,
        taskId: escalationTaskId(d.step),
        caseId,
        subjectId: d.assessmentId,
        kind: 'risk_assessment_escalation',
        party: 'supervisor',
        organisationId: d.organisationId,
        audienceRoles: SUPERVISOR,
        deadline: null,
        createdAt: d.escalatedAt,
        detail: { step: d.step, missedDueAt: d.missedDueAt },
      });
      return true;
    }
    case 'RiskAssessmentSpecialistConsulted':
    case 'RiskAssessmentJointAssessmentRecorded':
    case 'RiskAssessmentFamilyInvolvementRecorded':
    case 'RiskAssessmentReviewRecorded': {
      const step = stepOfEvent[e.type]!;
      const when = stored.recordedAt;
      await close(m, processKey.riskAssessment(e.data.assessmentId), [step, escalationTaskId(step)], by, when, at);
      return true;
    }
    case 'RiskAssessmentDecided': {
      const d = e.data;
      const key = processKey.riskAssessment(d.assessmentId);
      // Decided: the decision is done and the steps still open are moot (the workflow stops them).
      const steps = ASSESSING_STEPS.flatMap((s) => [s, escalationTaskId(s)]);
      await close(m, key, steps, d.decidedBy, d.decidedAt, at);
      // The review on its date falls to the office that ran the assessment.
      await m.query(
        `INSERT INTO task_inbox (crisis_id, task_id, case_id, kind, party, organisation_id, contact_id, status,
           deadline, created_at, updated_at, audience_roles, subject_id, detail)
         SELECT crisis_id, 'review', case_id, kind, party, organisation_id, NULL, 'open', $2, $3, $3, audience_roles,
           subject_id, '{"step":"review"}'::jsonb
         FROM task_inbox WHERE crisis_id = $1 AND task_id = 'decision'
         ON CONFLICT (crisis_id, task_id) DO NOTHING`,
        [key, d.reviewAt, d.decidedAt],
      );
      return true;
    }

    case 'KkgReportReceived': {
      const d = e.data;
      await insert(m, {
        key: processKey.kkgReport(d.reportId),
        taskId: 'feedback',
        caseId,
        subjectId: d.reportId,
        kind: 'kkg_feedback_due',
        party: 'youth_office',
        organisationId: d.leadOrganisationId,
        audienceRoles: KKG_FEEDBACK_ROLES,
        deadline: d.feedbackDueAt,
        createdAt: d.receivedAt,
      });
      return true;
    }
    case 'KkgFeedbackReminderSent':
      await moveDeadline(m, processKey.kkgReport(e.data.reportId), 'feedback', e.data.newDueAt, at);
      return true;
    case 'KkgFeedbackOverdueEscalated': {
      const d = e.data;
      const key = processKey.kkgReport(d.reportId);
      await markEscalated(m, key, 'feedback', at);
      await insert(m, {
        key,
        taskId: escalationTaskId('feedback'),
        caseId,
        subjectId: d.reportId,
        kind: 'kkg_feedback_escalation',
        party: 'supervisor',
        organisationId: d.organisationId,
        audienceRoles: SUPERVISOR,
        deadline: null,
        createdAt: d.escalatedAt,
        detail: { missedDueAt: d.missedDueAt },
      });
      return true;
    }
    case 'KkgFeedbackGiven': {
      const d = e.data;
      const key = processKey.kkgReport(d.reportId);
      await close(m, key, ['feedback', escalationTaskId('feedback')], d.givenBy, d.givenAt, at);
      // §4 (4) KKG: the reporter learns the two answers, in its inbox, and nothing more.
      await insert(m, {
        key,
        taskId: 'reporter',
        caseId,
        subjectId: d.reportId,
        kind: 'kkg_feedback_received',
        party: 'reporter',
        organisationId: d.reporterOrganisationId,
        audienceRoles: null,
        deadline: null,
        createdAt: d.givenAt,
        detail: { riskConfirmed: d.riskConfirmed, acting: d.acting },
      });
      return true;
    }
    case 'KkgFeedbackAcknowledged': {
      // "Zur Kenntnis genommen": the reporter's entry leaves its open list.
      const d = e.data;
      await close(m, processKey.kkgReport(d.reportId), ['reporter'], d.acknowledgedBy, d.acknowledgedAt, at);
      return true;
    }
    default:
      return false;
  }
}

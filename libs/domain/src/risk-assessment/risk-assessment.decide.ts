import { urgentRiskAssessmentOutcomes, type RiskAssessmentEvent, type RiskAssessmentStep } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { addDays, addHours, isAfter } from '../hilfeplanung/calendar';
import type { RiskAssessmentCommand } from './risk-assessment.commands';
import type { RiskAssessmentState } from './risk-assessment.state';

const refuse = (code: string, message: string): never => {
  throw new DomainRuleViolation(code, message);
};

const isDone = (s: RiskAssessmentState, step: RiskAssessmentStep) => s.steps[step]?.status === 'done';

/**
 * decide(command, state) → events of the §8a SGB VIII risk assessment. Pure: every refusal is a
 * DomainRuleViolation with a stable code (`risk_assessment.*`); an empty result means "nothing to
 * do" (a timer that fired after the step it guarded was done).
 */
export function decideRiskAssessment(c: RiskAssessmentCommand, s: RiskAssessmentState): RiskAssessmentEvent[] {
  const ids = { assessmentId: s.assessmentId, caseId: s.caseId };
  if (s.phase === 'closed') {
    if (c.type === 'StepDeadlinePassed') return [];
    return refuse('risk_assessment.closed', 'the risk assessment is closed');
  }

  switch (c.type) {
    case 'StartRiskAssessment': {
      if (s.phase !== 'none') return refuse('risk_assessment.already_recorded', 'the assessment has started');
      const byProvider = c.initiator.kind === 'provider';
      return [
        {
          type: 'RiskAssessmentStarted',
          data: {
            assessmentId: c.assessmentId,
            caseId: c.caseId,
            origin: c.origin,
            initiator: c.initiator,
            leadOrganisationId: c.leadOrganisationId,
            concern: c.concern,
            deadlines: {
              // §8a (4) no. 2: a Träger's assessment needs the insoweit erfahrene Fachkraft.
              ...(byProvider
                ? { specialist_consultation: addHours(c.now, c.rules.specialistConsultationWithinHours) }
                : {}),
              joint_assessment: addHours(c.now, c.rules.jointAssessmentWithinHours),
              family_involvement: addDays(c.now, c.rules.familyInvolvementWithinDays),
              decision: addDays(c.now, c.rules.decisionWithinDays),
            },
            startedBy: c.by,
            startedAt: c.now,
          },
        },
      ];
    }

    case 'ConsultSpecialist':
      if (s.phase !== 'assessing') return refuse('risk_assessment.decided', 'the assessment is decided');
      if (isDone(s, 'specialist_consultation')) {
        return refuse('risk_assessment.already_recorded', 'the specialist consultation is recorded');
      }
      return [
        {
          type: 'RiskAssessmentSpecialistConsulted',
          data: {
            ...ids,
            specialistName: c.specialistName,
            specialistOrganisation: c.specialistOrganisation,
            consultedAt: c.consultedAt,
            recordedBy: c.by,
            recordedAt: c.now,
          },
        },
      ];

    case 'RecordJointAssessment': {
      if (s.phase !== 'assessing') return refuse('risk_assessment.decided', 'the assessment is decided');
      if (isDone(s, 'joint_assessment')) {
        return refuse('risk_assessment.already_recorded', 'the joint assessment is recorded');
      }
      const distinct = new Set(c.professionals.map((p) => p.professionalId));
      if (distinct.size < 2) {
        return refuse(
          'risk_assessment.one_professional',
          'at least two professionals assess the risk together (§8a (1) SGB VIII)',
        );
      }
      return [
        {
          type: 'RiskAssessmentJointAssessmentRecorded',
          data: {
            ...ids,
            professionals: c.professionals,
            assessedAt: c.assessedAt,
            assessment: c.assessment,
            recordedBy: c.by,
            recordedAt: c.now,
          },
        },
      ];
    }

    case 'RecordFamilyInvolvement':
      if (s.phase !== 'assessing') return refuse('risk_assessment.decided', 'the assessment is decided');
      if (isDone(s, 'family_involvement')) {
        return refuse('risk_assessment.already_recorded', 'the family involvement is recorded');
      }
      return [
        {
          type: 'RiskAssessmentFamilyInvolvementRecorded',
          data: { ...ids, youngPerson: c.youngPerson, guardians: c.guardians, recordedBy: c.by, recordedAt: c.now },
        },
      ];

    case 'DecideRiskAssessment': {
      if (s.phase !== 'assessing') return refuse('risk_assessment.decided', 'the assessment is already decided');
      if (!c.reason) return refuse('risk_assessment.reason_required', 'every decision states why');
      if (s.steps.specialist_consultation && !isDone(s, 'specialist_consultation')) {
        return refuse(
          'risk_assessment.specialist_required',
          'a Träger decides only after consulting the insoweit erfahrene Fachkraft (§8a (4) SGB VIII)',
        );
      }
      if (!isDone(s, 'joint_assessment')) {
        return refuse('risk_assessment.joint_assessment_required', 'record the joint assessment first');
      }
      // Urgent danger (§8a (2), (3), §42) does not wait for the family's involvement.
      if (!urgentRiskAssessmentOutcomes.includes(c.outcome) && !isDone(s, 'family_involvement')) {
        return refuse(
          'risk_assessment.family_involvement_required',
          'record how the child and the guardians were involved (or why not) first',
        );
      }
      if (c.outcome === 'help_needed' && !c.helpOffer) {
        return refuse('risk_assessment.help_offer_required', 'help needed: name the offer made');
      }
      if (c.outcome === 'protective_steps' && !c.protectiveSteps?.length) {
        return refuse('risk_assessment.protective_steps_required', 'a risk needs a plan of protective steps');
      }
      const reviewAt = c.reviewAt ?? addDays(c.now, c.rules.reviewAfterDays);
      if (!isAfter(reviewAt, c.now)) return refuse('risk_assessment.review_in_past', 'the review must lie ahead');
      return [
        {
          type: 'RiskAssessmentDecided',
          data: {
            ...ids,
            outcome: c.outcome,
            reason: c.reason,
            ...(c.outcome === 'help_needed' && c.helpOffer ? { helpOffer: c.helpOffer } : {}),
            ...(c.outcome === 'protective_steps' ? { protectiveSteps: c.protectiveSteps } : {}),
            decidedBy: c.by,
            decidedAt: c.now,
            reviewAt,
          },
        },
      ];
    }

    case 'RecordReview':
      if (s.phase !== 'decided') return refuse('risk_assessment.not_decided', 'a review follows the decision');
      return [
        { type: 'RiskAssessmentReviewRecorded', data: { ...ids, note: c.note, reviewedBy: c.by, reviewedAt: c.now } },
      ];

    case 'StepDeadlinePassed': {
      const st = s.steps[c.step];
      if (!st || st.status === 'done' || st.status === 'escalated' || isAfter(st.dueAt, c.now)) return [];
      // Once decided, the steps before the decision hold nothing up any more.
      if (s.phase === 'decided' && c.step !== 'review') return [];
      if (st.status === 'open') {
        return [
          {
            type: 'RiskAssessmentReminderSent',
            data: {
              ...ids,
              step: c.step,
              missedDueAt: st.dueAt,
              newDueAt: addHours(c.now, c.rules.reminderGraceHours),
              sentAt: c.now,
            },
          },
        ];
      }
      return [
        {
          type: 'RiskAssessmentEscalated',
          data: {
            ...ids,
            step: c.step,
            missedDueAt: st.dueAt,
            escalatedTo: 'supervisor',
            organisationId: s.leadOrganisationId,
            escalatedAt: c.now,
          },
        },
      ];
    }
  }
}

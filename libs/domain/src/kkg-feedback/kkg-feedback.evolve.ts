import type { KkgFeedbackEvent, KkgFeedbackLiveState } from '@hilfenetz/contracts';
import type { KkgFeedbackState } from './kkg-feedback.state';

/** evolve(state, event) → state; the workflow and any fold of the case stream agree. */
export function evolveKkgFeedback(s: KkgFeedbackState, e: KkgFeedbackEvent): KkgFeedbackState {
  switch (e.type) {
    case 'KkgReportReceived':
      return {
        ...s,
        status: 'awaiting_feedback',
        reportId: e.data.reportId,
        caseId: e.data.caseId,
        reporter: e.data.reporter,
        channel: e.data.channel,
        leadOrganisationId: e.data.leadOrganisationId,
        receivedAt: e.data.receivedAt,
        feedbackDueAt: e.data.feedbackDueAt,
      };
    case 'KkgFeedbackReminderSent':
      return { ...s, status: 'reminded', feedbackDueAt: e.data.newDueAt };
    case 'KkgFeedbackOverdueEscalated':
      return { ...s, status: 'escalated' };
    case 'KkgFeedbackGiven':
      return {
        ...s,
        status: 'given',
        feedback: { riskConfirmed: e.data.riskConfirmed, acting: e.data.acting, givenAt: e.data.givenAt },
      };
    case 'KkgFeedbackAcknowledged':
      // The reporter's note of it, on its own stream after the process ended: changes nothing here.
      return s;
  }
}

export function kkgFeedbackLiveState(s: KkgFeedbackState): KkgFeedbackLiveState {
  return {
    reportId: s.reportId,
    caseId: s.caseId,
    reporter: s.reporter,
    channel: s.channel,
    receivedAt: s.receivedAt,
    feedbackDueAt: s.feedbackDueAt,
    status: s.status === 'none' ? 'awaiting_feedback' : s.status,
    feedback: s.feedback,
  };
}

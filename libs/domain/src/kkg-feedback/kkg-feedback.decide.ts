import type { KkgFeedbackEvent } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { addDays, isAfter } from '../hilfeplanung/calendar';
import type { KkgFeedbackCommand } from './kkg-feedback.commands';
import type { KkgFeedbackState } from './kkg-feedback.state';

const refuse = (code: string, message: string): never => {
  throw new DomainRuleViolation(code, message);
};

/** decide(command, state) → events of the §4 KKG feedback; refusals carry `kkg_feedback.*` codes. */
export function decideKkgFeedback(c: KkgFeedbackCommand, s: KkgFeedbackState): KkgFeedbackEvent[] {
  const ids = { reportId: s.reportId, caseId: s.caseId };
  switch (c.type) {
    case 'ReceiveKkgReport':
      if (s.status !== 'none') return refuse('kkg_feedback.given', 'the report is recorded');
      return [
        {
          type: 'KkgReportReceived',
          data: {
            reportId: c.reportId,
            caseId: c.caseId,
            reporter: c.reporter,
            channel: c.channel,
            leadOrganisationId: c.leadOrganisationId,
            concern: c.concern,
            feedbackDueAt: addDays(c.now, c.rules.feedbackWithinDays),
            recordedBy: c.by,
            receivedAt: c.now,
          },
        },
      ];
    case 'GiveKkgFeedback':
      if (s.status === 'none') return refuse('kkg_feedback.not_received', 'no report to answer');
      if (s.status === 'given') return refuse('kkg_feedback.given', 'the feedback was given already');
      // §4 (4) KKG: two answers, nothing more; the reporter learns no detail of the case.
      return [
        {
          type: 'KkgFeedbackGiven',
          data: {
            ...ids,
            riskConfirmed: c.riskConfirmed,
            acting: c.acting,
            reporterOrganisationId: s.reporter.organisationId,
            givenBy: c.by,
            givenAt: c.now,
          },
        },
      ];
    case 'FeedbackDeadlinePassed':
      if (s.status === 'none' || s.status === 'given' || s.status === 'escalated') return [];
      if (isAfter(s.feedbackDueAt, c.now)) return [];
      if (s.status === 'awaiting_feedback') {
        return [
          {
            type: 'KkgFeedbackReminderSent',
            data: {
              ...ids,
              missedDueAt: s.feedbackDueAt,
              newDueAt: addDays(c.now, c.rules.reminderGraceDays),
              sentAt: c.now,
            },
          },
        ];
      }
      return [
        {
          type: 'KkgFeedbackOverdueEscalated',
          data: {
            ...ids,
            missedDueAt: s.feedbackDueAt,
            escalatedTo: 'supervisor',
            organisationId: s.leadOrganisationId,
            escalatedAt: c.now,
          },
        },
      ];
  }
}

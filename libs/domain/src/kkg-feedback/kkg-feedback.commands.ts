import type { KkgFeedbackRules, KkgReporter, SealedText } from '@hilfenetz/contracts';

/** Commands of the §4 KKG feedback. Time and rules arrive as data; the concern arrives sealed. */
export type KkgFeedbackCommand =
  | {
      type: 'ReceiveKkgReport';
      reportId: string;
      caseId: string;
      reporter: KkgReporter;
      channel: 'app' | 'phone';
      concern: SealedText;
      leadOrganisationId: string;
      rules: KkgFeedbackRules;
      by: string;
      now: string;
    }
  | { type: 'GiveKkgFeedback'; riskConfirmed: boolean; acting: boolean; by: string; now: string }
  | { type: 'FeedbackDeadlinePassed'; rules: KkgFeedbackRules; now: string };

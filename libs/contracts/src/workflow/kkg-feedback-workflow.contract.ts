import type { SealedText } from '../events/sealed-value';
import type { KkgFeedbackEvent, KkgReporter } from '../events/kkg-feedback.events';
import type { Actor } from './crisis-workflow.contract';

/** The §4 KKG feedback clock of a region (agreement `kkgFeedback`); defaults in libs/domain. */
export interface KkgFeedbackRules {
  /** The youth office answers the reporter within this many days of the report. */
  feedbackWithinDays: number;
  /** A missed deadline is reminded once with this many extra days, then escalated to the Leitung. */
  reminderGraceDays: number;
}
export type KkgFeedbackDeadlines = Partial<KkgFeedbackRules>;

export const kkgFeedbackWorkflowType = 'kkgFeedbackWorkflow';

export interface KkgFeedbackWorkflowInput {
  reportId: string;
  caseId: string;
  reporter: KkgReporter;
  channel: 'app' | 'phone';
  /** Sealed by the API under the young person's key. */
  concern: SealedText;
  leadOrganisationId: string;
  rules: KkgFeedbackRules;
  recordedBy: Actor;
  receivedAt: string;
  correlationId: string;
}

export interface GiveKkgFeedbackArgs {
  riskConfirmed: boolean;
  acting: boolean;
  by: Actor;
  at: string;
}

export interface KkgFeedbackLiveState {
  reportId: string;
  caseId: string;
  reporter: KkgReporter;
  channel: 'app' | 'phone';
  receivedAt: string;
  feedbackDueAt: string;
  status: 'awaiting_feedback' | 'reminded' | 'escalated' | 'given';
  feedback: { riskConfirmed: boolean; acting: boolean; givenAt: string } | null;
}

export interface RecordKkgFeedbackStepInput {
  caseId: string;
  reportId: string;
  step: string;
  events: KkgFeedbackEvent[];
  actor: Actor;
  correlationId: string;
}

export interface KkgFeedbackActivities {
  recordKkgFeedbackStep(input: RecordKkgFeedbackStepInput): Promise<{ eventIds: string[]; duplicate: boolean }>;
}

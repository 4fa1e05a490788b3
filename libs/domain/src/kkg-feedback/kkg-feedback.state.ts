import type { KkgFeedbackLiveState, KkgReporter } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

export interface KkgFeedbackState {
  status: KkgFeedbackLiveState['status'] | 'none';
  reportId: string;
  caseId: string;
  reporter: KkgReporter;
  channel: 'app' | 'phone';
  leadOrganisationId: string;
  receivedAt: string;
  /** The deadline now in force (moved once by the reminder). */
  feedbackDueAt: string;
  feedback: KkgFeedbackLiveState['feedback'];
}

export const initialKkgFeedbackState: KkgFeedbackState = {
  status: 'none',
  reportId: '',
  caseId: '',
  reporter: { organisationId: '', profession: 'other' },
  channel: 'app',
  leadOrganisationId: '',
  receivedAt: '',
  feedbackDueAt: '',
  feedback: null,
};

deepFreeze(initialKkgFeedbackState);

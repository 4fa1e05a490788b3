import type { CooperationAgreement, KkgFeedbackRules } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/**
 * §4 (4) KKG asks for feedback "in geeigneter Weise" without a number of days; two weeks, then a
 * reminder with three more days before the Leitung hears of it, are a default for agreements that
 * set none (`CooperationAgreement.kkgFeedback`).
 */
export const defaultKkgFeedbackRules: KkgFeedbackRules = { feedbackWithinDays: 14, reminderGraceDays: 3 };

export function kkgFeedbackRulesOf(agreement: CooperationAgreement): KkgFeedbackRules {
  const own = Object.entries(agreement.kkgFeedback ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaultKkgFeedbackRules, ...Object.fromEntries(own) };
}

deepFreeze(defaultKkgFeedbackRules);

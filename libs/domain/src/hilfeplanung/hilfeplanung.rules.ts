import type { CooperationAgreement, HilfeplanungRules } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '../agreement/lindenau.agreement';
import { deepFreeze } from '../deep-freeze';

/**
 * The help-planning clocks an agreement does not set itself. Seed 002 asks for the clinic's active
 * part after discharge; 14 days to schedule and a 6-month Fortschreibung are the usual practice,
 * not statute: every deadline is configuration, per agreement (`CooperationAgreement.hilfeplanung`).
 * `cyclesPerRun` is not a deadline but how often a run continues as new.
 */
export const defaultHilfeplanungRules: HilfeplanungRules = {
  scheduleMeetingWithinDays: 14,
  statementDueDays: 10,
  statementGraceDays: 3,
  meetingReminderHoursBefore: 48,
  reviewIntervalMonths: 6,
  cyclesPerRun: 4,
};

/** The Hilfeplanung rules of an agreement version: its own deadlines, the defaults for the rest. */
export function hilfeplanungRulesOf(agreement: CooperationAgreement): HilfeplanungRules {
  const own = Object.entries(agreement.hilfeplanung ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaultHilfeplanungRules, ...Object.fromEntries(own) };
}

/** The help-planning clocks of the demo agreement (Landkreis Lindenau), from its seed data. */
export const lindenauHilfeplanungRules: HilfeplanungRules = hilfeplanungRulesOf(lindenauAgreementV1);

deepFreeze(defaultHilfeplanungRules);

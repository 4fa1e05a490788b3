import type { HilfeplanungRules } from '@hilfenetz/contracts';

/**
 * The help-planning clocks of the demo agreement (Landkreis Lindenau). Seed 002 asks for the
 * clinic's active part after discharge; 14 days to schedule and a 6-month Fortschreibung are the
 * usual practice, not statute: every value is configuration.
 */
export const lindenauHilfeplanungRules: HilfeplanungRules = {
  scheduleMeetingWithinDays: 14,
  statementDueDays: 10,
  statementGraceDays: 3,
  meetingReminderHoursBefore: 48,
  reviewIntervalMonths: 6,
  cyclesPerRun: 4,
};

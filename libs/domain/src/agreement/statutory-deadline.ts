import type { StatutoryDeadline } from '@hilfenetz/contracts';
import { berlinLocalTime, berlinMidnightToInstant } from './office-hours';

/**
 * When a statutory clock started at `from` runs out. "End of the following day" (§42 (5) SGB
 * VIII) is local midnight at the end of the next calendar day, whatever the hour it began.
 */
export function statutoryDeadline(rule: StatutoryDeadline, from: string): string {
  switch (rule.kind) {
    case 'within_hours':
      return new Date(Date.parse(from) + rule.hours * 3_600_000).toISOString();
    case 'end_of_following_day': {
      const { date } = berlinLocalTime(from);
      const dayAfterNext = new Date(Date.parse(`${date}T00:00:00.000Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
      return berlinMidnightToInstant(dayAfterNext);
    }
  }
}

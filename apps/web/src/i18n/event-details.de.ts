import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { dangerKindLabel, urgencyLabel } from './crisis-terms.de';

export interface Detail {
  label: string;
  value: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** The facts worth reading in an event, in German. Unknown event types show none. */
export function eventDetails(entry: TimelineEntryDto): Detail[] {
  const d = entry.data;
  const details: (Detail | null)[] = [];
  switch (entry.type) {
    case 'CrisisTriggered':
      details.push(
        d.dangerKind ? { label: 'Gefährdung', value: dangerKindLabel(d.dangerKind) } : null,
        d.urgency ? { label: 'Dringlichkeit', value: urgencyLabel(d.urgency) } : null,
      );
      break;
    case 'CrisisCancelled': {
      const reason = text(d.reason);
      details.push(reason ? { label: 'Grund', value: reason } : null);
      break;
    }
  }
  return details.filter((x): x is Detail => x !== null);
}

import type { KnownEventType } from '@hilfenetz/contracts';

// Partial: a type added to the contracts shows raw until it gets a label here.
const EVENT_LABELS: Partial<Record<KnownEventType, string>> = {
  CrisisTriggered: 'Krise ausgelöst',
  CrisisCancelled: 'Krise abgebrochen',
};

/** German label of a timeline event; types this version does not know are shown as sent. */
export function eventTypeLabel(type: string): string {
  return (Object.hasOwn(EVENT_LABELS, type) && EVENT_LABELS[type as KnownEventType]) || type;
}

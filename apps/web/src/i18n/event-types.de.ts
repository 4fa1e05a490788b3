import { EVENT_LABELS_DE, eventLabelDe } from '@hilfenetz/contracts/src/i18n/event-labels.de';

/** German label of every event type of a case (shared with the API's documents, see libs/contracts). */
export const EVENT_LABELS: Readonly<Record<string, string>> = EVENT_LABELS_DE;

/** Types a supervisor must see at a glance: missed deadlines, escalations, unreachable parties. */
export const ALERT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'TaskEscalated',
  'SupervisorAlerted',
  'GuardianUnreachable',
  'SchedulingOverdue',
  'StatementOverdueEscalated',
  'BreakGlassAccess',
  'NotificationFailed',
]);

/** German label of a timeline event; types this version does not know are shown as sent. */
export function eventTypeLabel(type: string): string {
  return eventLabelDe(type);
}

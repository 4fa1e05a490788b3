import { EVENT_LABELS_DE, eventLabelDe } from '@hilfenetz/contracts/i18n/event-labels.de';
import { EVENT_LABELS_EN } from '@hilfenetz/contracts/i18n/event-labels.en';
import { getLanguage } from './language';

/** Label of every event type of a case in the current language (shared with the API's documents, see libs/contracts). */
export const eventLabels = (): Readonly<Record<string, string>> =>
  getLanguage() === 'en' ? EVENT_LABELS_EN : EVENT_LABELS_DE;

/** Types a supervisor must see at a glance: missed deadlines, escalations, unreachable parties. */
export const ALERT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'TaskEscalated',
  'SupervisorAlerted',
  'GuardianUnreachable',
  'SchedulingOverdue',
  'StatementOverdueEscalated',
  'BreakGlassAccess',
  'NotificationFailed',
  'RiskAssessmentEscalated',
]);

/** Label of a timeline event; types this version does not know are shown as sent. */
export function eventTypeLabel(type: string): string {
  if (getLanguage() === 'en') return Object.hasOwn(EVENT_LABELS_EN, type) ? (EVENT_LABELS_EN[type] as string) : type;
  return eventLabelDe(type);
}

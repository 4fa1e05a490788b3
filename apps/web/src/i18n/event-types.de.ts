import type { KnownEventType } from '@hilfenetz/contracts';

/** German label of every event type the contracts know. */
export const EVENT_LABELS: Record<KnownEventType, string> = {
  CaseRegistered: 'Fall angelegt',
  LegalHoldPlaced: 'Aufbewahrungspflicht gesetzt',
  DataSubjectErased: 'Personenbezogene Daten gelöscht',
  BreakGlassAccess: 'Notfallzugriff (Break-Glass)',
  CrisisTriggered: 'Krise ausgelöst',
  PartyNotified: 'Beteiligte benachrichtigt',
  TaskAcknowledged: 'Aufgabe bestätigt',
  TaskDeclined: 'Aufgabe abgelehnt',
  TaskEscalated: 'Aufgabe eskaliert',
  SupervisorAlerted: 'Fachaufsicht alarmiert',
  AmbulanceDispatchReported: 'Rettungsdienst disponiert',
  GuardianUnreachable: 'Sorgeberechtigte nicht erreichbar',
  AdmissionDecided: 'Aufnahme entschieden',
  FamilyCourtDecisionRequired: 'Familiengerichtliche Entscheidung nötig',
  DischargeAnnounced: 'Entlassung angekündigt',
  HilfeplanungRequested: 'Hilfeplanung angestoßen',
  CrisisCancelled: 'Krise abgebrochen',
  HilfeplanungStarted: 'Hilfeplanung begonnen',
  StatementRequested: 'Stellungnahme angefordert',
  MeetingScheduled: 'Hilfeplangespräch terminiert',
  InvitationAnswered: 'Einladung beantwortet',
  MeetingReminderSent: 'An Gespräch erinnert',
  SchedulingOverdue: 'Terminierung überfällig',
  StatementSubmitted: 'Stellungnahme eingereicht',
  StatementReminderSent: 'An Stellungnahme erinnert',
  StatementOverdueEscalated: 'Stellungnahme überfällig – eskaliert',
  HilfeplanRecorded: 'Hilfeplan festgehalten',
  ReviewRequested: 'Überprüfung angefordert',
  HelpEnded: 'Hilfe beendet',
};

/** Types recorded by parts that are newer than the contracts this file was checked against. */
const OTHER_LABELS: Record<string, string> = {
  NotificationSent: 'Benachrichtigung zugestellt',
  NotificationFailed: 'Benachrichtigung fehlgeschlagen',
};

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
  if (Object.hasOwn(EVENT_LABELS, type)) return EVENT_LABELS[type as KnownEventType];
  return OTHER_LABELS[type] ?? type;
}

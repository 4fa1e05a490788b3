/**
 * German labels of timeline events for documents the API renders (the PDF export). Mirrors
 * apps/web/src/i18n/event-types.de.ts; a type not listed here is shown as recorded.
 */
const EVENT_LABELS_DE: Record<string, string> = {
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
  NotificationSent: 'Benachrichtigung zugestellt',
  NotificationFailed: 'Benachrichtigung fehlgeschlagen',
};

export function eventLabelDe(type: string): string {
  return Object.hasOwn(EVENT_LABELS_DE, type) ? (EVENT_LABELS_DE[type] as string) : type;
}

/**
 * German labels of the events of a case, shared by everything that shows events to people: the
 * web app's timeline and the API's documents (PDF export). No imports on purpose: the web app
 * deep-imports this file without pulling the schemas (zod) into its bundle.
 * A type not listed here is shown as recorded.
 */
export const EVENT_LABELS_DE: Readonly<Record<string, string>> = {
  CaseRegistered: 'Fall angelegt',
  LegalHoldPlaced: 'Aufbewahrungspflicht gesetzt',
  DataSubjectErased: 'Personenbezogene Daten gelöscht',
  BreakGlassAccess: 'Notfallzugriff (Break-Glass)',
  BreakGlassReviewEscalated: 'Prüfung des Notfallzugriffs überfällig',
  BreakGlassReviewDecided: 'Notfallzugriff geprüft',
  DataProtectionOfficerNotified: 'Datenschutzbeauftragte informiert',
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
  NotificationSent: 'Benachrichtigung verschickt (ohne Zustellnachweis)',
  NotificationFailed: 'Benachrichtigung fehlgeschlagen',
  NotificationAttempted: 'Benachrichtigung versendet',
  NotificationDelivered: 'Benachrichtigung zugestellt',
  NotificationNotDelivered: 'Benachrichtigung nicht zugestellt',
  NotificationSeen: 'Benachrichtigung gelesen',
  ContactNotReached: 'Kontakt nicht erreicht',
  GuardianRecorded: 'Sorgeberechtigte erfasst',
  GuardianDetailsChanged: 'Kontaktdaten Sorgeberechtigter geändert',
  GuardianRemoved: 'Sorgeberechtigte entfernt',
  HilfeplanungMessageSent: 'Hilfeplanungs-Nachricht versendet',
  HilfeplanungMessageNotSent: 'Hilfeplanungs-Nachricht nicht versendet',
  RiskAssessmentStarted: 'Gefährdungseinschätzung begonnen (§8a SGB VIII)',
  RiskAssessmentSpecialistConsulted: 'Insoweit erfahrene Fachkraft beraten',
  RiskAssessmentJointAssessmentRecorded: 'Gefährdung gemeinsam eingeschätzt',
  RiskAssessmentFamilyInvolvementRecorded: 'Kind und Sorgeberechtigte beteiligt',
  RiskAssessmentDecided: 'Gefährdungseinschätzung entschieden',
  RiskAssessmentReminderSent: 'Gefährdungseinschätzung: Erinnerung',
  RiskAssessmentEscalated: 'Gefährdungseinschätzung an Leitung eskaliert',
  RiskAssessmentReviewRecorded: 'Gefährdungseinschätzung überprüft',
};

export function eventLabelDe(type: string): string {
  return Object.hasOwn(EVENT_LABELS_DE, type) ? (EVENT_LABELS_DE[type] as string) : type;
}

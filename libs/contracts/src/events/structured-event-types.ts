/**
 * Event types whose every field is an id, a category, a number, a timestamp or a sealed value:
 * nothing a person typed in their own words. Their envelopes may travel to Kafka as they are; every
 * other type — any type not listed here, including one added tomorrow — is encrypted on the way
 * (docs/adr/0009), because free text ("Grund", "Notiz") is where staff write names and health
 * details whatever the form says. `structured-event-types.spec.ts` checks each listed schema.
 */
export const structuredEventTypes: ReadonlySet<string> = new Set([
  'CaseRegistered',
  'CrisisTriggered',
  'PartyNotified',
  'TaskAcknowledged',
  'TaskEscalated',
  'SupervisorAlerted',
  'GuardianUnreachable',
  'DischargeAnnounced',
  'HilfeplanungRequested',
  'HilfeplanungStarted',
  'StatementRequested',
  'MeetingScheduled',
  'MeetingReminderSent',
  'SchedulingOverdue',
  'StatementSubmitted',
  'StatementReminderSent',
  'StatementOverdueEscalated',
  'HilfeplanRecorded',
  'GuardianRecorded',
  'GuardianDetailsChanged',
  'GuardianRemoved',
  'NotificationAttempted',
  'NotificationDelivered',
  'NotificationNotDelivered',
  'NotificationSeen',
  'ContactNotReached',
]);

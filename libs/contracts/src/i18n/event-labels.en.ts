/**
 * English labels of the events of a case, key for key the German table (event-labels.de.ts), for
 * the web app's English interface. No imports on purpose (the web app deep-imports this file).
 * A type not listed here is shown as recorded.
 */
export const EVENT_LABELS_EN: Readonly<Record<string, string>> = {
  CaseRegistered: 'Case registered',
  LegalHoldPlaced: 'Legal hold placed',
  DataSubjectErased: 'Personal data erased',
  BreakGlassAccess: 'Emergency access (break-glass)',
  CrisisTriggered: 'Crisis triggered',
  PartyNotified: 'Party notified',
  TaskAcknowledged: 'Task acknowledged',
  TaskDeclined: 'Task declined',
  TaskEscalated: 'Task escalated',
  SupervisorAlerted: 'Supervisor alerted',
  AmbulanceDispatchReported: 'Ambulance dispatched',
  GuardianUnreachable: 'Legal guardian unreachable',
  AdmissionDecided: 'Admission decided',
  FamilyCourtDecisionRequired: 'Family court decision required',
  DischargeAnnounced: 'Discharge announced',
  HilfeplanungRequested: 'Help planning requested',
  CrisisCancelled: 'Crisis cancelled',
  HilfeplanungStarted: 'Help planning started',
  StatementRequested: 'Statement requested',
  MeetingScheduled: 'Help planning meeting scheduled',
  InvitationAnswered: 'Invitation answered',
  MeetingReminderSent: 'Meeting reminder sent',
  SchedulingOverdue: 'Scheduling overdue',
  StatementSubmitted: 'Statement submitted',
  StatementReminderSent: 'Statement reminder sent',
  StatementOverdueEscalated: 'Statement overdue – escalated',
  HilfeplanRecorded: 'Help plan recorded',
  ReviewRequested: 'Review requested',
  HelpEnded: 'Help ended',
  NotificationSent: 'Notification delivered',
  NotificationFailed: 'Notification failed',
};

import type { InterfaceFigures, NetworkFigures } from '@hilfenetz/contracts';

/** The report's figures in German, in the order the tables show them. */
export const INTERFACE_FIGURES: [keyof InterfaceFigures, string][] = [
  ['tasks', 'Aufgaben'],
  ['acknowledged', 'Bestätigt'],
  ['latencyMedianSeconds', 'Auslösung → Bestätigung, Median (s)'],
  ['latencyP90Seconds', 'Auslösung → Bestätigung, 90. Perzentil (s)'],
  ['declined', 'Abgelehnt'],
  ['escalatedDeadlineMissed', 'Eskaliert: Frist verpasst'],
  ['escalatedDeclined', 'Eskaliert: abgelehnt'],
  ['escalatedNotReached', 'Eskaliert: nicht erreicht'],
  ['supervisorAlerted', 'Leitung alarmiert'],
  ['notificationFallback', 'Benachrichtigung: nächster Kanal nötig'],
  ['contactNotReached', 'Kontakt auf keinem Kanal erreicht'],
  ['guardianUnreachable', 'Sorgeberechtigte nicht erreichbar'],
];

export const NETWORK_FIGURES: [keyof NetworkFigures, string][] = [
  ['dischargesWithMeeting', 'Entlassungen mit Hilfeplangespräch'],
  ['dischargeToMeetingMedianDays', 'Entlassung → Hilfeplangespräch, Median (Tage)'],
  ['kkgReports', '§ 4 KKG: Meldungen'],
  ['kkgFeedbackInTime', '§ 4 KKG: Rückmeldung fristgerecht'],
  ['kkgFeedbackLate', '§ 4 KKG: Rückmeldung verspätet'],
  ['riskAssessments', '§ 8a: Gefährdungseinschätzungen'],
  ['riskAssessmentsDecided', '§ 8a: entschieden'],
  ['riskAssessmentsWithLateStep', '§ 8a: mit Schritt nach Frist'],
];

import type { InterfaceFigures, NetworkFigures } from '@hilfenetz/contracts';

/** The report's figures in German, in the order the PDF prints them (as the web page shows them). */
export const interfaceFiguresDe: [keyof InterfaceFigures, string][] = [
  ['tasks', 'Aufgaben'],
  ['acknowledged', 'Bestätigt'],
  ['latencyMedianSeconds', 'Auslösung bis Bestätigung, Median (s)'],
  ['latencyP90Seconds', 'Auslösung bis Bestätigung, 90. Perzentil (s)'],
  ['declined', 'Abgelehnt'],
  ['escalatedDeadlineMissed', 'Eskaliert: Frist verpasst'],
  ['escalatedDeclined', 'Eskaliert: abgelehnt'],
  ['escalatedNotReached', 'Eskaliert: nicht erreicht'],
  ['supervisorAlerted', 'Leitung alarmiert'],
  ['notificationFallback', 'Benachrichtigung: nächster Kanal nötig'],
  ['contactNotReached', 'Kontakt auf keinem Kanal erreicht'],
  ['guardianUnreachable', 'Sorgeberechtigte nicht erreichbar'],
];

export const networkFiguresDe: [keyof NetworkFigures, string][] = [
  ['dischargesWithMeeting', 'Entlassungen mit Hilfeplangespräch'],
  ['dischargeToMeetingMedianDays', 'Entlassung bis Hilfeplangespräch, Median (Tage)'],
  ['kkgReports', '§ 4 KKG: Meldungen'],
  ['kkgFeedbackInTime', '§ 4 KKG: Rückmeldung fristgerecht'],
  ['kkgFeedbackLate', '§ 4 KKG: Rückmeldung verspätet'],
  ['riskAssessments', '§ 8a: Gefährdungseinschätzungen'],
  ['riskAssessmentsDecided', '§ 8a: entschieden'],
  ['riskAssessmentsWithLateStep', '§ 8a: mit Schritt nach Frist'],
];

const monthNames = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'];
/** "2026-12" → "Dez 2026". */
export const monthDe = (month: string): string => {
  const [y, m] = month.split('-');
  return `${monthNames[Number(m) - 1] ?? m} ${y}`;
};

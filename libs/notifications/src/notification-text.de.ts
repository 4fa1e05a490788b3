import type { OutboundNotification } from './notification';

const REASONS: Record<OutboundNotification['reason'], string> = {
  task_assigned: 'Neue Krisenaufgabe',
  task_escalated: 'Krisenaufgabe an Sie weitergeleitet (Frist verpasst oder abgelehnt)',
  supervisor_alert: 'Eskalation an die Fachaufsicht: eine Krisenaufgabe ist unbeantwortet',
  family_court_decision: 'Familiengerichtliche Entscheidung einholen (§1631b BGB)',
};

const berlin = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(iso),
  );

/** German subject and body. No names, no health data: the case reference and a request to log in. */
export function notificationText(n: OutboundNotification, appUrl: string) {
  const subject = `hilfenetz: ${REASONS[n.reason]} – Fall ${n.caseId}`;
  const lines = [
    `${REASONS[n.reason]} für ${n.contactLabel}.`,
    `Fall: ${n.caseId}`,
    n.deadline ? `Bitte bestätigen bis: ${berlin(n.deadline)} Uhr` : 'Bitte umgehend bearbeiten.',
    `Zur Aufgabe: ${appUrl}/aufgaben`,
    '',
    'Diese Nachricht enthält bewusst keine personenbezogenen Daten.',
  ];
  return { subject, text: lines.join('\n'), short: `${subject}. ${n.deadline ? `Frist ${berlin(n.deadline)}.` : ''}` };
}

import type { DangerKind, SendNotificationInput, Urgency } from '@hilfenetz/contracts';

const DANGER: Record<DangerKind, string> = {
  self: 'Selbstgefährdung',
  others: 'Fremdgefährdung',
  self_and_others: 'Selbst- und Fremdgefährdung',
};
const URGENCY: Record<Urgency, string> = { immediate: 'sofort', urgent: 'dringend', soon: 'zeitnah' };
const REASON: Record<SendNotificationInput['reason'], string> = {
  task_assigned: 'Neue Krisenaufgabe',
  task_escalated: 'Krisenaufgabe an Sie weitergeleitet',
  supervisor_alert: 'Eskalation an die Fachaufsicht',
  family_court_decision: 'Familiengerichtliche Entscheidung einholen (§ 1631b BGB)',
};

const berlinTime = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));

export interface CrisisMessage {
  subject: string;
  text: string;
  /** What an SMS or a voice call carries. */
  short: string;
}

/**
 * What a staff contact is sent outside the app: categories, the deadline, a short code to name
 * the case on the phone, and where to read the briefing. No name, no note, no location: a text
 * message is read on lock screens and kept by carriers; the briefing is behind the login.
 */
export function staffCrisisMessage(n: SendNotificationInput, appUrl: string): CrisisMessage {
  const link = `${appUrl}/aufgaben/${encodeURIComponent(n.caseId)}/${encodeURIComponent(n.crisisId)}/${encodeURIComponent(n.taskId)}`;
  const what = `${REASON[n.reason]} für ${n.contactLabel}`;
  const facts = `${DANGER[n.dangerKind]}, Dringlichkeit: ${URGENCY[n.urgency]}`;
  const until = n.deadline ? `Bitte bestätigen bis ${berlinTime(n.deadline)} Uhr.` : 'Bitte umgehend bearbeiten.';
  const callback = n.callbackPhone ? `Rückruf Jugendamt: ${n.callbackPhone}` : '';
  const subject = `hilfenetz: ${REASON[n.reason]} – Fall ${n.caseId} (${URGENCY[n.urgency]})`;
  const text = [
    ...[`${what}.`, `Fall: ${n.caseId} · ${facts}`, until, `Briefing und Bestätigung: ${link}`, callback].filter(
      Boolean,
    ),
    '',
    'Name, Ort und Lage stehen nur im Briefing (Anmeldung erforderlich).',
  ].join('\n');
  const short = [`hilfenetz ${n.caseId}: ${what}. ${facts}.`, until, link, callback].filter(Boolean).join(' ');
  return { subject, text, short };
}

/**
 * What a guardian is sent: plain German, nothing about the young person or the crisis a stranger
 * holding the phone could read, the one-time code to confirm, and the number to call.
 */
export function guardianCrisisMessage(code: string, appUrl: string, callbackPhone: string | null): CrisisMessage {
  const call = callbackPhone
    ? `Bitte rufen Sie das Jugendamt an: ${callbackPhone}.`
    : 'Bitte rufen Sie das Jugendamt an.';
  const confirm = `Bitte bestätigen Sie den Erhalt mit dem Code ${code} unter ${appUrl}/bestaetigen`;
  const text = [
    'Guten Tag,',
    'das Jugendamt muss Sie dringend wegen Ihres Kindes erreichen.',
    call,
    `${confirm}.`,
    'Der Code gilt 24 Stunden.',
  ].join('\n');
  return {
    subject: 'Jugendamt: Bitte dringend zurückrufen',
    text,
    short: `Jugendamt: Wir müssen Sie dringend wegen Ihres Kindes erreichen. ${call} ${confirm}`,
  };
}

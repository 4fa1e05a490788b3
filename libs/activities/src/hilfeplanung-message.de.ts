import type { HilfeplanungMessageKind } from '@hilfenetz/contracts';
import type { CrisisMessage } from './crisis-message.de';

/** Who reads it: a function mailbox or desk number of an organisation, a guardian, or the young person. */
export type PlanningAudience = 'organisation' | 'guardian' | 'young_person';

export interface PlanningMessageFacts {
  kind: HilfeplanungMessageKind;
  audience: PlanningAudience;
  /** The pseudonymous case reference: only organisations see it. */
  caseId: string;
  meetingAt?: string;
  /** Statement request: when it is due; statement reminder: the new date. */
  dueAt?: string;
  /** Where the meeting is: the lead youth office (a name from the agreement). */
  place: string;
  /** Whom to call with questions: the youth office's desk (a function number), if the agreement has one. */
  officePhone: string | null;
  /** Where organisations answer (behind the login). */
  link: string;
}

const berlin = (iso: string, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('de-DE', { ...opts, timeZone: 'Europe/Berlin' }).format(new Date(iso));
/** "Dienstag, 12.01.2027, 10:00 Uhr" */
export const berlinDateTime = (iso: string) =>
  `${berlin(iso, { weekday: 'long' })}, ${berlin(iso, { day: '2-digit', month: '2-digit', year: 'numeric' })}, ${berlin(iso, { hour: '2-digit', minute: '2-digit' })} Uhr`;
const berlinDate = (iso: string) => berlin(iso, { day: '2-digit', month: '2-digit', year: 'numeric' });

/**
 * The Hilfeplanung's messages in German (issue 11 §4). Organisations' function mailboxes read the
 * date, the place and the pseudonymous case reference, never the young person's name; a text
 * message carries no personal data of the young person at all; the family's messages carry neither
 * the case reference nor anything a stranger holding the phone could learn about the young person.
 */
export function planningMessage(f: PlanningMessageFacts): CrisisMessage {
  return f.audience === 'organisation' ? organisationMessage(f) : familyMessage(f);
}

function organisationMessage(f: PlanningMessageFacts): CrisisMessage {
  const when = f.meetingAt ? berlinDateTime(f.meetingAt) : '';
  const due = f.dueAt ? berlinDate(f.dueAt) : '';
  const questions = f.officePhone ? `Rückfragen: Jugendamt, ${f.officePhone}` : '';
  const footer = [
    '',
    'Angaben zur Person stehen nur in hilfenetz (Anmeldung erforderlich).',
    'Diese Nachricht wurde von hilfenetz verschickt.',
  ];
  switch (f.kind) {
    case 'invitation':
    case 'meeting_reminder': {
      const reminder = f.kind === 'meeting_reminder';
      const title = reminder ? 'Erinnerung an das Hilfeplangespräch' : 'Einladung zum Hilfeplangespräch';
      return {
        subject: `hilfenetz: ${title} am ${berlinDate(f.meetingAt!)} – Fall ${f.caseId}`,
        text: [
          'Guten Tag,',
          '',
          reminder
            ? `wir erinnern an das Hilfeplangespräch (§ 36 SGB VIII) zum Fall ${f.caseId}.`
            : `das Jugendamt lädt Sie zum Hilfeplangespräch (§ 36 SGB VIII) zum Fall ${f.caseId} ein.`,
          '',
          `Termin: ${when}`,
          `Ort: ${f.place}`,
          '',
          `Bitte sagen Sie zu oder ab: ${f.link}`,
          questions,
          ...footer,
        ].join('\n'),
        short: [`hilfenetz Fall ${f.caseId}: ${title} am ${when}, ${f.place}.`, `Zu-/Absage: ${f.link}`]
          .filter(Boolean)
          .join(' '),
      };
    }
    case 'statement_request':
    case 'statement_reminder': {
      const reminder = f.kind === 'statement_reminder';
      const title = reminder ? 'Erinnerung: Stellungnahme steht aus' : 'Bitte um Stellungnahme';
      return {
        subject: `hilfenetz: ${title} – Fall ${f.caseId} (bis ${due})`,
        text: [
          'Guten Tag,',
          '',
          reminder
            ? `Ihre Stellungnahme zur Hilfeplanung (§ 36 SGB VIII) zum Fall ${f.caseId} ist noch nicht eingegangen. Die Frist wurde bis ${due} verlängert.`
            : `für die Hilfeplanung (§ 36 SGB VIII) zum Fall ${f.caseId} bittet das Jugendamt um Ihre Stellungnahme bis ${due}.`,
          '',
          `Stellungnahme einreichen: ${f.link}`,
          questions,
          ...footer,
        ].join('\n'),
        short: `hilfenetz Fall ${f.caseId}: ${title}, bis ${due}. ${f.link}`,
      };
    }
  }
}

function familyMessage(f: PlanningMessageFacts): CrisisMessage {
  const when = f.meetingAt ? berlinDateTime(f.meetingAt) : '';
  const reminder = f.kind === 'meeting_reminder';
  const youth = f.audience === 'young_person';
  const call = f.officePhone
    ? youth
      ? `Wenn du Fragen hast oder nicht kommen kannst, ruf bitte an: ${f.officePhone}.`
      : `Bei Fragen oder wenn Sie nicht kommen können, rufen Sie bitte an: ${f.officePhone}.`
    : youth
      ? 'Wenn du nicht kommen kannst, melde dich bitte beim Jugendamt.'
      : 'Wenn Sie nicht kommen können, melden Sie sich bitte beim Jugendamt.';
  const lead = youth
    ? reminder
      ? 'Hallo, wir erinnern dich an das Hilfeplangespräch.'
      : 'Hallo, das Jugendamt lädt dich zum Hilfeplangespräch ein. Deine Meinung ist uns wichtig.'
    : reminder
      ? 'Guten Tag, wir erinnern Sie an das Hilfeplangespräch.'
      : 'Guten Tag, das Jugendamt lädt Sie zum Hilfeplangespräch ein.';
  const subject = reminder
    ? 'Jugendamt: Erinnerung an das Hilfeplangespräch'
    : 'Jugendamt: Einladung zum Hilfeplangespräch';
  return {
    subject,
    text: [lead, '', `Termin: ${when}`, `Ort: ${f.place}`, '', call].join('\n'),
    short: `Jugendamt: ${reminder ? 'Erinnerung an das' : 'Einladung zum'} Hilfeplangespräch am ${when}, ${f.place}. ${call}`,
  };
}

import type { HilfeplanungMessageStatus, MeetingNotifyRequest } from '@hilfenetz/contracts';
import { formatDateTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { SelectField } from './select-field';
import { TextField } from './text-field';

const T = texts(
  {
    heading: 'Versendete Nachrichten',
    caption: 'Einladungen, Anfragen und Erinnerungen dieses Durchgangs mit ihrem Zustellstand',
    none: 'Noch keine Nachricht verschickt.',
    message: 'Nachricht',
    recipient: 'Empfänger',
    channel: 'Weg',
    status: 'Stand',
    at: 'Zeit',
    kinds: {
      invitation: 'Einladung',
      meeting_reminder: 'Erinnerung an das Gespräch',
      statement_request: 'Bitte um Stellungnahme',
      statement_reminder: 'Erinnerung an die Stellungnahme',
    },
    channels: { email: 'E-Mail', phone: 'SMS', none: '–' },
    statuses: {
      delivered: 'zugestellt (Mailserver)',
      sent: 'versendet (SMS-Gateway)',
      not_sent: 'nicht versendet',
    },
    causes: {
      not_configured: 'Kanal nicht eingerichtet',
      no_address: 'keine Adresse',
      channel_failed: 'Versand fehlgeschlagen',
    },
    family: 'Einladung an die Familie',
    guardian: 'Sorgeberechtigte einladen per',
    guardianHint: 'An alle Sorgeberechtigten der Fallakte, an die dort erfassten Adressen.',
    youngPerson: 'Jungen Menschen einladen per',
    notByHilfenetz: 'nicht über hilfenetz (persönlich oder per Brief)',
    youngPhone: 'Handynummer des jungen Menschen',
    youngEmail: 'E-Mail-Adresse des jungen Menschen',
    youngHint: 'Wird verschlüsselt gespeichert und nur für Einladung und Erinnerung genutzt.',
  },
  {
    heading: 'Messages sent',
    caption: 'Invitations, requests and reminders of this cycle with their delivery',
    none: 'No message sent yet.',
    message: 'Message',
    recipient: 'Recipient',
    channel: 'Channel',
    status: 'Status',
    at: 'Time',
    kinds: {
      invitation: 'Invitation',
      meeting_reminder: 'Meeting reminder',
      statement_request: 'Statement request',
      statement_reminder: 'Statement reminder',
    },
    channels: { email: 'E-mail', phone: 'SMS', none: '–' },
    statuses: {
      delivered: 'delivered (mail server)',
      sent: 'sent (SMS gateway)',
      not_sent: 'not sent',
    },
    causes: {
      not_configured: 'channel not configured',
      no_address: 'no address',
      channel_failed: 'sending failed',
    },
    family: 'Invitation to the family',
    guardian: 'Invite the guardians by',
    guardianHint: 'All guardians of the case file, at the addresses recorded there.',
    youngPerson: 'Invite the young person by',
    notByHilfenetz: 'not through hilfenetz (in person or by letter)',
    youngPhone: 'Young person’s mobile number',
    youngEmail: 'Young person’s e-mail address',
    youngHint: 'Stored encrypted, used only for the invitation and the reminder.',
  },
);

/** Each message of the cycle with its recipient (function label, no names) and how far it got. */
export function PlanningMessages({ messages }: { messages: readonly HilfeplanungMessageStatus[] }) {
  const t = useTexts(T);
  return (
    <section className="card" aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t.heading}</h2>
      {messages.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.message}</th>
              <th scope="col">{t.recipient}</th>
              <th scope="col">{t.channel}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.at}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.messageId} data-kind={m.kind} data-status={m.status}>
                <th scope="row">{t.kinds[m.kind]}</th>
                <td>{m.recipientLabel}</td>
                <td>{t.channels[m.channel ?? 'none']}</td>
                <td>
                  <span
                    className={`badge${m.status === 'not_sent' ? ' badge--alert' : m.status === 'delivered' ? ' badge--acknowledged' : ''}`}
                  >
                    {t.statuses[m.status]}
                    {m.cause ? ` – ${t.causes[m.cause]}` : ''}
                  </span>
                </td>
                <td>{`${formatDateTime(m.at)}${uhr()}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export type FamilyChoice = {
  guardian: 'email' | 'phone' | 'none';
  youngPerson: 'email' | 'phone' | 'none';
  contact: string;
};
export const noFamilyChoice: FamilyChoice = { guardian: 'none', youngPerson: 'none', contact: '' };

/** The request's `notify` from the form's choice. */
export function notifyOf(c: FamilyChoice): MeetingNotifyRequest {
  const youngPerson: MeetingNotifyRequest['youngPerson'] =
    c.youngPerson === 'phone'
      ? { channel: 'phone', phone: c.contact.trim() }
      : c.youngPerson === 'email'
        ? { channel: 'email', email: c.contact.trim() }
        : { channel: 'none' };
  return { guardian: c.guardian, youngPerson };
}

/** How the caseworker invites the guardians and the young person (organisations: always by their desks). */
export function PlanningFamilyChannels({
  value,
  onChange,
  errors,
}: {
  value: FamilyChoice;
  onChange: (c: FamilyChoice) => void;
  errors: Record<string, string>;
}) {
  const t = useTexts(T);
  const options = [
    { value: 'email' as const, label: t.channels.email },
    { value: 'phone' as const, label: t.channels.phone },
    { value: 'none' as const, label: t.notByHilfenetz },
  ];
  const contactError =
    errors['body.notify.youngPerson.phone'] ?? errors['body.notify.youngPerson.email'] ?? errors['body.notify'];
  return (
    <fieldset className="fieldset">
      <legend>{t.family}</legend>
      <SelectField
        id="notifyGuardian"
        label={t.guardian}
        hint={t.guardianHint}
        options={options}
        value={value.guardian}
        onChange={(guardian) => onChange({ ...value, guardian })}
        error={errors['body.notify.guardian']}
      />
      <SelectField
        id="notifyYoungPerson"
        label={t.youngPerson}
        options={options}
        value={value.youngPerson}
        onChange={(youngPerson) => onChange({ ...value, youngPerson })}
      />
      {value.youngPerson !== 'none' && (
        <TextField
          id="notifyYoungContact"
          type={value.youngPerson === 'email' ? 'email' : 'tel'}
          label={value.youngPerson === 'email' ? t.youngEmail : t.youngPhone}
          hint={t.youngHint}
          value={value.contact}
          onChange={(contact) => onChange({ ...value, contact })}
          error={contactError}
          required
        />
      )}
    </fieldset>
  );
}

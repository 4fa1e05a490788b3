import type { ContactView, PartnerContactDetails } from '@hilfenetz/contracts';
import { useState, type FormEvent } from 'react';
import { networkApi } from '../../api/network-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    title: 'Ihr Eintrag als Ansprechperson',
    missing: 'Kontakt fehlt. Tragen Sie sich ein, damit die Partner im Netzwerk Sie erreichen.',
    name: 'Name',
    function: 'Funktion',
    phone: 'Telefon',
    email: 'E-Mail',
    hours: 'Erreichbarkeit',
    hoursHint: 'Zum Beispiel: Mo–Do 9–12 Uhr',
    deputy: 'Vertretung (Name)',
    deputyPhone: 'Telefon der Vertretung',
    consent:
      'Ich bin einverstanden, dass meine Kontaktdaten im Netzwerk gespeichert und den Partnern im Netzwerk gezeigt werden. Ich kann das jederzeit widerrufen.',
    consentMissing: 'Ohne Ihr Einverständnis speichern wir keine Kontaktdaten.',
    save: 'Eintrag speichern',
    record: 'Eintragen',
    saved: 'Ihr Eintrag ist gespeichert.',
    withdraw: 'Einverständnis widerrufen',
    withdrawn: 'Ihr Einverständnis ist widerrufen. Ihre Kontaktdaten sind gelöscht.',
    consentOn: (d: string) => `Einverständnis vom ${d}`,
  },
  {
    title: 'Your entry as contact person',
    missing: 'Contact missing. Enter yourself so that the network partners can reach you.',
    name: 'Name',
    function: 'Function',
    phone: 'Phone',
    email: 'E-mail',
    hours: 'Reachable',
    hoursHint: 'For example: Mon–Thu 9–12',
    deputy: 'Deputy (name)',
    deputyPhone: 'Deputy’s phone',
    consent:
      'I agree that my contact details are stored in the network and shown to the network partners. I can withdraw this at any time.',
    consentMissing: 'Without your consent we store no contact details.',
    save: 'Save entry',
    record: 'Enter',
    saved: 'Your entry is saved.',
    withdraw: 'Withdraw consent',
    withdrawn: 'Your consent is withdrawn. Your contact details are erased.',
    consentOn: (d: string) => `Consent of ${d}`,
  },
);

interface Props {
  networkId: string;
  organisationId: string;
  contact: ContactView | null;
  /** After a change: the page reloads the network and says what happened. */
  onChanged: (notice: string) => void;
}

const empty = { name: '', function: '', phone: '', email: '', hours: '', deputyName: '', deputyPhone: '' };

/** The partner's named contact keeps their own entry; a new one is recorded only with consent. */
export function ContactForm({ networkId, organisationId, contact, onChanged }: Props) {
  const t = useTexts(T);
  const d = contact?.details;
  const [form, setForm] = useState(
    d
      ? {
          name: d.name,
          function: d.function,
          phone: d.phone,
          email: d.email,
          hours: d.hours,
          deputyName: d.deputy?.name ?? '',
          deputyPhone: d.deputy?.phone ?? '',
        }
      : empty,
  );
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (v: string) => setForm({ ...form, [k]: v }) });

  const details = (): PartnerContactDetails => ({
    name: form.name,
    function: form.function,
    phone: form.phone,
    email: form.email,
    hours: form.hours,
    ...(form.deputyName
      ? { deputy: { name: form.deputyName, ...(form.deputyPhone ? { phone: form.deputyPhone } : {}) } }
      : {}),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (contact) {
        await networkApi.updateContact(networkId, organisationId, details());
      } else {
        if (!consent) {
          setConsentError(true);
          return;
        }
        const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });
        await networkApi.recordContact(networkId, organisationId, {
          details: details(),
          consent: { givenOn: today, scope: ['network_directory', 'coordination_mail'] },
        });
      }
      onChanged(t.saved);
    } catch (err) {
      setError(err);
    }
  };

  const withdraw = async () => {
    setError(null);
    try {
      await networkApi.withdrawConsent(networkId, organisationId);
      setForm(empty);
      onChanged(t.withdrawn);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="eintrag-titel" className="card">
      <h2 id="eintrag-titel">{t.title}</h2>
      {!contact && (
        <Alert tone="info">
          <p>{t.missing}</p>
        </Alert>
      )}
      {contact && <p className="muted">{t.consentOn(contact.consent.givenOn)}</p>}
      {error !== null && <ApiErrorAlert error={error} />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField id="kontakt-name" label={t.name} {...field('name')} autoComplete="name" required />
        <TextField id="kontakt-funktion" label={t.function} {...field('function')} required />
        <TextField id="kontakt-telefon" label={t.phone} type="tel" {...field('phone')} required />
        <TextField id="kontakt-email" label={t.email} type="email" {...field('email')} required />
        <TextField id="kontakt-zeiten" label={t.hours} hint={t.hoursHint} {...field('hours')} required />
        <TextField id="kontakt-vertretung" label={t.deputy} {...field('deputyName')} />
        <TextField id="kontakt-vertretung-telefon" label={t.deputyPhone} type="tel" {...field('deputyPhone')} />
        {!contact && (
          <div className={`field${consentError ? ' field--invalid' : ''}`}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={consent}
                aria-describedby={consentError ? 'kontakt-einverstaendnis-fehler' : undefined}
                onChange={(e) => {
                  setConsent(e.target.checked);
                  setConsentError(false);
                }}
              />{' '}
              {t.consent}
            </label>
            {consentError && (
              <p id="kontakt-einverstaendnis-fehler" className="field-error">
                {t.consentMissing}
              </p>
            )}
          </div>
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary">
            {contact ? t.save : t.record}
          </Button>
          {contact && (
            <Button type="button" variant="danger-outline" onPress={() => void withdraw()}>
              {t.withdraw}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}

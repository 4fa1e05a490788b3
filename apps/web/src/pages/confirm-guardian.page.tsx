import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import { apiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { LanguageSwitch } from '../components/language-switch';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    title: 'Nachricht bestätigen',
    intro:
      'Sie haben eine Nachricht vom Jugendamt bekommen. Bitte geben Sie hier den Code aus der Nachricht ein. Dann wissen wir, dass die Nachricht bei Ihnen angekommen ist.',
    label: 'Code aus der Nachricht',
    hint: 'Der Code hat 6 Ziffern, zum Beispiel 482 913.',
    submit: 'Bestätigen',
    sending: 'Wird gesendet …',
    thanks: 'Vielen Dank – Ihre Bestätigung ist angekommen.',
    callUs: 'Bitte rufen Sie uns an:',
    weCall: 'Das Jugendamt meldet sich bei Ihnen.',
    notSixDigits: 'Bitte geben Sie die 6 Ziffern aus der Nachricht ein.',
    wrong: 'Dieser Code stimmt nicht oder ist abgelaufen. Bitte prüfen Sie die 6 Ziffern in Ihrer Nachricht.',
    triesLeft: (n: number) => (n === 1 ? 'Sie haben noch 1 Versuch.' : `Sie haben noch ${n} Versuche.`),
    locked: (minutes: number | null) =>
      `Zu viele falsche Versuche. Die Eingabe ist gesperrt${minutes ? ` – bitte versuchen Sie es in ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} noch einmal` : ''}. Das Jugendamt versucht auch, Sie anzurufen.`,
    tooFast: 'Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.',
    offline: 'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.',
    server: 'Gerade gibt es ein technisches Problem. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
    privacy: 'Diese Seite zeigt keine Angaben zu Ihrem Kind oder zum Fall.',
  },
  {
    title: 'Confirm the message',
    intro:
      'You have received a message from the youth welfare office. Please enter the code from the message here. Then we know that the message has reached you.',
    label: 'Code from the message',
    hint: 'The code has 6 digits, for example 482 913.',
    submit: 'Confirm',
    sending: 'Sending …',
    thanks: 'Thank you – your confirmation has arrived.',
    callUs: 'Please call us:',
    weCall: 'The youth welfare office will contact you.',
    notSixDigits: 'Please enter the 6 digits from the message.',
    wrong: 'This code is wrong or has expired. Please check the 6 digits in your message.',
    triesLeft: (n: number) => (n === 1 ? 'You have 1 try left.' : `You have ${n} tries left.`),
    locked: (minutes: number | null) =>
      `Too many wrong tries. Entry is locked${minutes ? ` – please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` : ''}. The youth welfare office is also trying to call you.`,
    tooFast: 'Too many tries in a short time. Please wait a moment and then try again.',
    offline: 'No connection. Please check your internet connection and try again.',
    server: 'There is a technical problem just now. Please try again in a few minutes.',
    privacy: 'This page shows no details about your child or the case.',
  },
);

type Refusal =
  | { kind: 'format' }
  | { kind: 'wrong'; triesLeft: number | null }
  | { kind: 'locked'; minutes: number | null }
  | { kind: 'tooFast' }
  | { kind: 'offline' }
  | { kind: 'server' };

/** What the API's answer means for the parent, without anything about the case. */
function refusalOf(err: unknown): Refusal {
  if (!(err instanceof ApiError)) return { kind: 'server' };
  if (err.kind === 'network') return { kind: 'offline' };
  const reason = err.fieldErrors.find((e) => e.field === 'body.code')?.reason ?? '';
  if (err.status === 429) {
    if (/locked/.test(reason)) {
      const seconds = err.problem?.retryAfterSeconds;
      return { kind: 'locked', minutes: seconds ? Math.ceil(seconds / 60) : null };
    }
    return { kind: 'tooFast' };
  }
  if (err.status === 422) {
    const left = /(\d+) tries left/.exec(reason)?.[1];
    return { kind: 'wrong', triesLeft: left !== undefined ? Number(left) : null };
  }
  if (err.status === 400) return { kind: 'format' };
  return { kind: 'server' };
}

/**
 * The guardian's code page, public and plain: a parent types the 6-digit code from the SMS and
 * learns only that the confirmation arrived (and whom to call). It shows nothing about the case.
 */
export function ConfirmGuardianPage() {
  const t = useTexts(T);
  usePageTitle(t.title);
  const [code, setCode] = useState('');
  const [formatProblem, setFormatProblem] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const confirm = useMutation({
    mutationFn: (digits: string) => apiClient.confirmGuardian(digits),
    onError: () => requestAnimationFrame(() => inputRef.current?.focus()),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (confirm.isPending) return;
    const digits = code.replace(/\D/g, '');
    if (digits.length !== 6) {
      setFormatProblem(true);
      inputRef.current?.focus();
      return;
    }
    setFormatProblem(false);
    confirm.mutate(digits);
  };

  const refusal = confirm.error ? refusalOf(confirm.error) : null;
  const error = formatProblem
    ? t.notSixDigits
    : refusal?.kind === 'format'
      ? t.notSixDigits
      : refusal?.kind === 'wrong'
        ? `${t.wrong}${refusal.triesLeft !== null ? ` ${t.triesLeft(refusal.triesLeft)}` : ''}`
        : undefined;
  const problem =
    refusal?.kind === 'locked'
      ? t.locked(refusal.minutes)
      : refusal?.kind === 'tooFast'
        ? t.tooFast
        : refusal?.kind === 'offline'
          ? t.offline
          : refusal?.kind === 'server'
            ? t.server
            : null;

  return (
    <main id="inhalt" className="page page--narrow confirm-page">
      <LanguageSwitch />
      <p className="brand brand--large">hilfenetz</p>
      <h1>{t.title}</h1>
      {confirm.data ? (
        <Alert tone="success" title={t.thanks}>
          {confirm.data.contactPhone ? (
            <p>
              {t.callUs}{' '}
              <a className="confirm-page__phone" href={`tel:${confirm.data.contactPhone}`}>
                {confirm.data.contactPhone}
              </a>
            </p>
          ) : (
            <p>{t.weCall}</p>
          )}
        </Alert>
      ) : (
        <>
          <p className="confirm-page__intro">{t.intro}</p>
          {problem && (
            <Alert tone="error">
              <p>{problem}</p>
            </Alert>
          )}
          <form className="form" onSubmit={submit} noValidate>
            <TextField
              className={`field${error ? ' field--invalid' : ''}`}
              value={code}
              onChange={(v) => setCode(v.replace(/[^\d ]/g, '').slice(0, 7))}
              isInvalid={!!error}
              isRequired
              validationBehavior="aria"
              autoComplete="one-time-code"
            >
              <Label className="field__label">{t.label}</Label>
              <Text slot="description" className="field__hint">
                {t.hint}
              </Text>
              <Input
                ref={inputRef}
                className="field__input confirm-page__code"
                inputMode="numeric"
                pattern="[0-9 ]*"
                spellCheck={false}
                autoFocus
              />
              <FieldError className="field-error">{error}</FieldError>
            </TextField>
            <div className="form__actions">
              <Button type="submit" variant="primary" className="confirm-page__submit" isDisabled={confirm.isPending}>
                {confirm.isPending ? t.sending : t.submit}
              </Button>
            </div>
          </form>
        </>
      )}
      <p className="muted confirm-page__privacy">{t.privacy}</p>
    </main>
  );
}

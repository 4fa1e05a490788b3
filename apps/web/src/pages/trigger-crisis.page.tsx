import type { DangerKind, TriggerCrisisRequest, TriggerCrisisResponse, Urgency } from '@hilfenetz/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { actionPaths } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { ApiErrorAlert } from '../components/api-error-alert';
import { RadioGroup } from '../components/radio-group';
import { TextareaField } from '../components/textarea-field';
import { TextField } from '../components/text-field';
import { focusFirstInvalid, mapFieldErrors } from '../forms/map-field-errors';
import { useIdempotencyKey } from '../forms/idempotency-key';
import { usePageTitle } from '../hooks/use-page-title';
import { dangerKindOptions, urgencyOptions } from '../i18n/crisis-terms';
import { texts, useTexts } from '../i18n/language';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import { Button } from '../components/button';
import { useSession } from '../auth/use-session';
import { E164, normalisePhone } from '../forms/phone';
import { Alert } from '../components/alert';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';

type Field = 'caseId' | 'dangerKind' | 'urgency' | 'location' | 'note' | 'callbackPhone';

const API_FIELDS: Record<string, Field> = {
  'path.caseId': 'caseId',
  'body.dangerKind': 'dangerKind',
  'body.urgency': 'urgency',
  'body.location': 'location',
  'body.note': 'note',
  'body.callbackPhone': 'callbackPhone',
};

/** The callback number is remembered per user on this device: the same person triggers again. */
const callbackKey = (subject: string) => `hilfenetz.callbackPhone.${subject}`;
function rememberedCallback(subject: string | undefined): string {
  if (!subject) return '';
  try {
    return localStorage.getItem(callbackKey(subject)) ?? '';
  } catch {
    return '';
  }
}
function rememberCallback(subject: string | undefined, phone: string): void {
  if (!subject) return;
  try {
    if (phone) localStorage.setItem(callbackKey(subject), phone);
    else localStorage.removeItem(callbackKey(subject));
  } catch {
    // Private mode without storage: typed again next time.
  }
}

const LOCATION_MAX = 200;
const NOTE_MAX = 500;

const T = texts(
  {
    caseIdMissing: 'Bitte die Fall-Referenz angeben.',
    dangerMissing: 'Bitte die Art der Gefährdung auswählen.',
    urgencyMissing: 'Bitte die Dringlichkeit auswählen.',
    locationShort: 'Bitte den Ort etwas genauer angeben (mindestens 2 Zeichen).',
    noteShort: 'Bitte die Notiz etwas ausführlicher fassen (mindestens 2 Zeichen) oder leer lassen.',
    callbackInvalid:
      'Bitte die Rückrufnummer im internationalen Format angeben: + und Ländervorwahl, z. B. +49 231 1234567.',
    callback: 'Ihre Rückrufnummer (optional)',
    callbackHint:
      'Internationales Format mit +49…, z. B. +49 231 1234567. Leitstelle und Klinik rufen Sie darunter zurück. Wird für Sie auf diesem Gerät gemerkt.',
    title: 'Krise auslösen',
    lead: 'Startet das Krisenprotokoll für einen Fall. Alle Beteiligten arbeiten danach mit demselben Stand; jeder Schritt wird in der Zeitleiste des Falls dokumentiert.',
    failed: 'Die Krise wurde nicht ausgelöst',
    keptTitle: 'Krise offline erfasst – wartet auf Verbindung',
    keptText: (caseId: string) =>
      `Die Auslösung für Fall ${caseId} ist verschlüsselt auf diesem Gerät vorgemerkt und wird gesendet, sobald die Verbindung zurück ist. Alarmieren Sie bei akuter Gefahr zusätzlich telefonisch (112).`,
    retry: 'Senden Sie das Formular erneut: Die Krise wird dabei nicht doppelt ausgelöst.',
    caseRef: 'Fall-Referenz',
    caseRefHint: 'Pseudonyme Kennung aus der Fallakte, z. B. F-2025-0142. Bitte keine Namen eingeben.',
    danger: 'Gefährdung',
    urgency: 'Dringlichkeit',
    location: 'Wo ist das Kind / der/die Jugendliche jetzt? (optional)',
    locationHint:
      'Für Rettungsdienst und Klinik, z. B. „Wohngruppe Birkenhof, Zimmer 4“ oder „Bahnhof Lindenau, Gleis 2“.',
    note: 'Kurze Notiz zur Lage (optional)',
    noteHint: `Stichworte genügen, höchstens ${NOTE_MAX} Zeichen. Wird verschlüsselt gespeichert.`,
    submitting: 'Krise wird ausgelöst …',
    submit: 'Krise jetzt auslösen',
  },
  {
    caseIdMissing: 'Please enter the case reference.',
    dangerMissing: 'Please choose the kind of danger.',
    urgencyMissing: 'Please choose the urgency.',
    locationShort: 'Please give the location a little more precisely (at least 2 characters).',
    noteShort: 'Please write a little more in the note (at least 2 characters) or leave it empty.',
    callbackInvalid:
      'Please enter the callback number in international format: + and country code, e.g. +49 231 1234567.',
    callback: 'Your callback number (optional)',
    callbackHint:
      'International format with +49…, e.g. +49 231 1234567. The dispatch centre and the clinic call you back on it. Remembered for you on this device.',
    title: 'Trigger a crisis',
    lead: 'Starts the crisis protocol for a case. All parties then work from the same state; every step is recorded in the case timeline.',
    failed: 'The crisis was not triggered',
    keptTitle: 'Crisis recorded offline – waiting for a connection',
    keptText: (caseId: string) =>
      `The trigger for case ${caseId} is kept encrypted on this device and sent once the connection is back. In acute danger also alert by phone (112).`,
    retry: 'Send the form again: the crisis will not be triggered twice.',
    caseRef: 'Case reference',
    caseRefHint: 'Pseudonymous ID from the case file, e.g. F-2025-0142. Please do not enter names.',
    danger: 'Danger',
    urgency: 'Urgency',
    location: 'Where is the child / young person now? (optional)',
    locationHint:
      'For the ambulance and the clinic, e.g. “Birkenhof residential group, room 4” or “Lindenau station, platform 2”.',
    note: 'Short note on the situation (optional)',
    noteHint: `Keywords are enough, at most ${NOTE_MAX} characters. Stored encrypted.`,
    submitting: 'Triggering crisis …',
    submit: 'Trigger crisis now',
  },
);

type MissingKey =
  'caseIdMissing' | 'dangerMissing' | 'urgencyMissing' | 'locationShort' | 'noteShort' | 'callbackInvalid';

/** Form checks before sending: only what is obviously missing or too short. The API checks everything. */
function missingFields(
  caseId: string,
  dangerKind: string,
  urgency: string,
  location: string,
  note: string,
  callbackPhone: string,
): Partial<Record<Field, MissingKey>> {
  const errors: Partial<Record<Field, MissingKey>> = {};
  if (!caseId.trim()) errors.caseId = 'caseIdMissing';
  if (!dangerKind) errors.dangerKind = 'dangerMissing';
  if (!urgency) errors.urgency = 'urgencyMissing';
  // Both are optional; one typed character is more likely a slip than information.
  if (location.trim().length === 1) errors.location = 'locationShort';
  if (note.trim().length === 1) errors.note = 'noteShort';
  if (callbackPhone && !E164.test(callbackPhone)) errors.callbackPhone = 'callbackInvalid';
  return errors;
}

export function TriggerCrisisPage({ initialCaseId = null }: { initialCaseId?: string | null }) {
  const t = useTexts(T);
  usePageTitle(t.title);
  const subject = useSession()?.claims.subject;
  const [caseId, setCaseId] = useState(initialCaseId ?? '');
  const [callbackPhone, setCallbackPhone] = useState(() => rememberedCallback(subject));
  const [dangerKind, setDangerKind] = useState<DangerKind | ''>('');
  // Most calls are acute: "Sofort" is preselected, one keystroke changes it.
  const [urgency, setUrgency] = useState<Urgency | ''>('immediate');
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  // What went wrong is kept, not its wording: the messages follow a language switch.
  const [missing, setMissing] = useState<Partial<Record<Field, MissingKey>>>({});
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Triggered without a connection: kept on the device (the case it is for), sent when back online.
  const [kept, setKept] = useState<string | null>(null);
  const [focusErrors, setFocusErrors] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const keyFor = useIdempotencyKey();

  useEffect(() => {
    if (focusErrors) focusFirstInvalid(formRef.current);
  }, [focusErrors]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting) return;
    const phone = normalisePhone(callbackPhone);
    const found = missingFields(caseId, dangerKind, urgency, location, note, phone);
    setFailure(null);
    setKept(null);
    setMissing(found);
    if (Object.keys(found).length > 0 || !dangerKind || !urgency) {
      setFocusErrors((n) => n + 1);
      return;
    }
    const trimmedCaseId = caseId.trim();
    const body: TriggerCrisisRequest = {
      dangerKind,
      urgency,
      ...(location.trim() ? { location: location.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(phone ? { callbackPhone: phone } : {}),
    };
    setSubmitting(true);
    try {
      const result = await sendOrKeep<TriggerCrisisResponse>({
        kind: 'trigger',
        caseId: trimmedCaseId,
        path: actionPaths.triggerCrisis(trimmedCaseId),
        body,
        key: keyFor({ caseId: trimmedCaseId, ...body }),
      });
      rememberCallback(subject, phone);
      if (isKeptOffline(result)) {
        setKept(trimmedCaseId);
        setSubmitting(false);
        return;
      }
      // The case's crisis was running: this trigger joined it (docs/adr/0034).
      const outcome = result.joined ? 'zugeordnet' : result.alreadyTriggered ? 'bereits' : 'neu';
      navigate(paths.crisis(result.caseId, result.crisisId, outcome));
    } catch (err) {
      setFailure({ error: err });
      setSubmitting(false);
      if (err instanceof ApiError && err.kind === 'invalid') setFocusErrors((n) => n + 1);
    }
  };

  const mapped = failure ? mapFieldErrors(failure.error, API_FIELDS) : null;
  const fieldErrors: Partial<Record<Field, string>> = mapped
    ? mapped.byField
    : Object.fromEntries(Object.entries(missing).map(([field, key]) => [field, t[key]]));

  return (
    <>
      <h1 tabIndex={-1}>{t.title}</h1>
      <p className="lead">{t.lead}</p>

      {kept && !failure && (
        <Alert tone="info" title={t.keptTitle}>
          <p>{t.keptText(kept)}</p>
        </Alert>
      )}
      {failure && (
        <ApiErrorAlert error={failure.error} title={t.failed} details={mapped?.other ?? []} retryHint={t.retry} />
      )}

      <form ref={formRef} className="form card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="caseId"
          label={t.caseRef}
          hint={t.caseRefHint}
          value={caseId}
          onChange={setCaseId}
          error={fieldErrors.caseId}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
          disabled={submitting}
        />
        <RadioGroup
          name="dangerKind"
          legend={t.danger}
          options={dangerKindOptions()}
          value={dangerKind}
          onChange={setDangerKind}
          error={fieldErrors.dangerKind}
          disabled={submitting}
        />
        <RadioGroup
          name="urgency"
          legend={t.urgency}
          options={urgencyOptions()}
          value={urgency}
          onChange={setUrgency}
          error={fieldErrors.urgency}
          disabled={submitting}
        />
        <TextField
          id="location"
          label={t.location}
          hint={t.locationHint}
          value={location}
          onChange={setLocation}
          error={fieldErrors.location}
          maxLength={LOCATION_MAX}
          autoComplete="off"
          disabled={submitting}
        />
        <TextareaField
          id="note"
          label={t.note}
          hint={t.noteHint}
          value={note}
          onChange={setNote}
          error={fieldErrors.note}
          maxLength={NOTE_MAX}
          rows={2}
          disabled={submitting}
        />
        <TextField
          id="callbackPhone"
          type="tel"
          label={t.callback}
          hint={t.callbackHint}
          value={callbackPhone}
          onChange={setCallbackPhone}
          error={fieldErrors.callbackPhone}
          maxLength={24}
          autoComplete="tel"
          placeholder="+49"
          disabled={submitting}
        />
        <div className="form__actions">
          <Button type="submit" variant="danger" isDisabled={submitting}>
            {submitting ? t.submitting : t.submit}
          </Button>
        </div>
      </form>
    </>
  );
}

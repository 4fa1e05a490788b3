import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { actionPaths } from '../api/api-client';
import { isKeptOffline, sendOrKeep } from '../offline/send-or-keep';
import { mapFieldErrors } from '../forms/map-field-errors';
import { formatClockIso, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';
import { TextField } from './text-field';

const DISPATCH_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/._-]{2,39}$/;

/**
 * Minutes from now until the clock time typed (HH:MM, this device's time). A time a little in the
 * past counts as now; one long past means tomorrow (after midnight), unless that is more than
 * 12 hours away: then it was a slip.
 */
export function minutesUntil(hhmm: string, now: Date): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const target = new Date(now);
  target.setHours(Number(m[1]), Number(m[2]), 0, 0);
  let diff = target.getTime() - now.getTime();
  if (diff < -5 * 60_000) diff += 24 * 3600_000;
  if (diff > 12 * 3600_000) return null;
  // Rounded up: now + the minutes lands within the minute typed, so the clinic reads that time.
  return Math.max(0, Math.ceil(diff / 60_000));
}

/** The time of arrival `minutes` from `now`, on the full minute (the clock time typed). */
export function arrivalAt(minutes: number, now: Date): string {
  const at = new Date(now.getTime() + minutes * 60_000);
  at.setSeconds(0, 0);
  return at.toISOString();
}

const T = texts(
  {
    heading: 'Einsatz melden',
    lead: 'Die Klinik und das Jugendamt sehen Einsatznummer und Ankunftszeit sofort.',
    reference: 'Einsatznummer',
    referenceHint: 'Die Einsatznummer der Leitstelle, z. B. E-2026-113847.',
    referenceMissing: 'Bitte die Einsatznummer angeben: 3 bis 40 Zeichen, Buchstaben, Ziffern und / . _ -.',
    eta: 'Voraussichtliche Ankunft (optional)',
    etaHint: 'Uhrzeit, zu der der Rettungsdienst beim jungen Menschen ankommt. Später noch änderbar.',
    etaInvalid: 'Bitte eine Uhrzeit in den nächsten 12 Stunden angeben, z. B. 14:35.',
    submit: 'Einsatz melden',
    update: 'Meldung aktualisieren',
    sending: 'Wird gemeldet …',
    failed: 'Einsatz nicht gemeldet',
    conflict: 'Die Krise ist nicht mehr offen: ein Einsatz kann nicht mehr gemeldet werden.',
    done: 'Einsatz gemeldet',
    keptTitle: 'Wartet auf Verbindung',
    kept: 'Die Meldung ist auf diesem Gerät gespeichert und wird gesendet, sobald wieder eine Verbindung besteht; die Ankunftszeit bleibt die eingegebene.',
    doneText: (ref: string, eta: string | null) =>
      `Einsatznummer ${ref}${eta ? `, voraussichtliche Ankunft ${eta}` : ''}. Klinik und Jugendamt sind informiert.`,
  },
  {
    heading: 'Report the dispatch',
    lead: 'The clinic and the youth welfare office see the operation number and arrival time at once.',
    reference: 'Operation number',
    referenceHint: 'The dispatch centre’s operation number, e.g. E-2026-113847.',
    referenceMissing: 'Please enter the operation number: 3 to 40 characters, letters, digits and / . _ -.',
    eta: 'Expected arrival (optional)',
    etaHint: 'Time at which the ambulance reaches the young person. Can be changed later.',
    etaInvalid: 'Please enter a time within the next 12 hours, e.g. 14:35.',
    keptTitle: 'Waiting for a connection',
    kept: 'The report is kept on this device and sent once there is a connection again; the arrival time stays the one entered.',
    submit: 'Report dispatch',
    update: 'Update report',
    sending: 'Reporting …',
    failed: 'Dispatch not reported',
    conflict: 'The crisis is no longer open: a dispatch can no longer be reported.',
    done: 'Dispatch reported',
    doneText: (ref: string, eta: string | null) =>
      `Operation number ${ref}${eta ? `, expected arrival ${eta}` : ''}. The clinic and the youth welfare office are informed.`,
  },
);

interface Props {
  caseId: string;
  crisisId: string;
  idPrefix: string;
  /** After a report: it also acknowledges the task, which must stay in view. */
  onReported?: () => void;
}

/** The Leitstelle reports its operation number and the ambulance's expected arrival. */
export function AmbulanceDispatchForm({ caseId, crisisId, idPrefix, onReported }: Props) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const [reference, setReference] = useState('');
  const [eta, setEta] = useState('');
  const [problems, setProblems] = useState<{ reference?: boolean; eta?: boolean }>({});
  // The arrival as a time, not minutes from now: a report kept offline and sent later stays right.
  const report = useMutation({
    // Runs offline too: sendOrKeep keeps the report on the device (TanStack Query would pause it,
    // and the report would neither be kept nor sent).
    networkMode: 'always',
    mutationFn: (body: { dispatchReference: string; expectedArrivalAt?: string }) =>
      sendOrKeep<unknown>({
        kind: 'dispatch',
        caseId,
        path: `${actionPaths.crisis(caseId, crisisId)}/ambulance-dispatch`,
        body,
      }),
    onSuccess: (result) => {
      if (isKeptOffline(result)) return;
      onReported?.();
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
        queryClient.invalidateQueries({ queryKey: ['briefing', caseId, crisisId] }),
      ]);
    },
  });
  const [reported, setReported] = useState<{ reference: string; arrival: string | null; kept: boolean } | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = reference.trim();
    const minutes = eta ? minutesUntil(eta, new Date()) : null;
    const found = { reference: !DISPATCH_REFERENCE.test(ref), eta: !!eta && minutes === null };
    setProblems(found);
    if (found.reference || found.eta) {
      document.getElementById(`${idPrefix}-${found.reference ? 'reference' : 'eta'}`)?.focus();
      return;
    }
    const arrival = minutes !== null ? arrivalAt(minutes, new Date()) : null;
    const body = { dispatchReference: ref, ...(arrival !== null ? { expectedArrivalAt: arrival } : {}) };
    report.mutate(body, {
      onSuccess: (result) => setReported({ reference: ref, arrival, kept: isKeptOffline(result) }),
    });
  };

  const mapped = mapFieldErrors(report.error, {
    'body.dispatchReference': 'reference' as const,
    'body.etaMinutes': 'eta' as const,
    'body.expectedArrivalAt': 'eta' as const,
  });
  const referenceError = problems.reference ? t.referenceMissing : mapped.byField.reference;
  const etaError = problems.eta ? t.etaInvalid : mapped.byField.eta;

  return (
    <div className="task__dispatch">
      <h4 id={`${idPrefix}-dispatch-heading`}>{t.heading}</h4>
      <p className="muted">{t.lead}</p>
      {reported?.kept && !report.isPending && (
        <Alert tone="info" title={t.keptTitle}>
          <p>{t.kept}</p>
        </Alert>
      )}
      {reported && !reported.kept && !report.isPending && (
        <Alert tone="success" title={t.done}>
          <p>
            {t.doneText(reported.reference, reported.arrival ? `${formatClockIso(reported.arrival)}${uhr()}` : null)}
          </p>
        </Alert>
      )}
      {report.error && !referenceError && !etaError && (
        <ApiErrorAlert error={report.error} title={t.failed} details={mapped.other} conflictMessage={t.conflict} />
      )}
      <form className="form form--inline" onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-dispatch-heading`}>
        <TextField
          id={`${idPrefix}-reference`}
          label={t.reference}
          hint={t.referenceHint}
          value={reference}
          onChange={setReference}
          error={referenceError}
          maxLength={40}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
        />
        <TextField
          id={`${idPrefix}-eta`}
          type="time"
          label={t.eta}
          hint={t.etaHint}
          value={eta}
          onChange={setEta}
          error={etaError}
        />
        <Button type="submit" variant="primary" isDisabled={report.isPending}>
          {report.isPending ? t.sending : reported ? t.update : t.submit}
        </Button>
      </form>
    </div>
  );
}

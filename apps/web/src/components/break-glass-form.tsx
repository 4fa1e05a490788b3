import { useRef, useState, type FormEvent } from 'react';
import { focusFirstInvalid } from '../forms/map-field-errors';
import { texts, useTexts } from '../i18n/language';
import { Button } from './button';
import { TextareaField } from './textarea-field';
import { CaseRef } from './case-ref';

const T = texts(
  {
    what: { timeline: 'die Zeitleiste', hilfeplanung: 'die Hilfeplanung' },
    tooShort: (n: number) => `Bitte den Grund nennen (mindestens ${n} Zeichen).`,
    heading: 'Notfallzugriff nötig',
    before: 'Der Fall ',
    after: (what: string) =>
      ` wird von einer anderen Organisation geführt. Sie können ${what} im Notfall trotzdem öffnen, wenn Sie den Grund angeben. Der Zugriff wird protokolliert und von der Fachaufsicht der fallführenden Organisation geprüft.`,
    label: 'Grund für den Notfallzugriff',
    hint: (n: number) =>
      `Pflichtangabe, mindestens ${n} Zeichen, z. B. „Jugendlicher in unserer Inobhutnahme, Klinik fragt nach Hilfeplan“.`,
    submit: 'Mit Begründung öffnen',
  },
  {
    what: { timeline: 'the timeline', hilfeplanung: 'the help planning' },
    tooShort: (n: number) => `Please state the reason (at least ${n} characters).`,
    heading: 'Emergency access needed',
    before: 'The case ',
    after: (what: string) =>
      ` is led by another organisation. In an emergency you can still open ${what} if you state the reason. The access is logged and reviewed by the supervisor of the lead organisation.`,
    label: 'Reason for emergency access',
    hint: (n: number) =>
      `Required, at least ${n} characters, e.g. “Young person in our emergency care, clinic asks for the help plan”.`,
    submit: 'Open with reason',
  },
);

interface BreakGlassFormProps {
  /** What would be opened. */
  what: 'timeline' | 'hilfeplanung';
  caseId: string;
  minLength: number;
  /** The API refused an earlier reason (too short, too long): shown at the field. */
  refused?: string | undefined;
  onConfirm: (reason: string) => void;
}

/**
 * A case led by another organisation opens only with a stated reason (break-glass). Nothing is
 * read before the person confirms; the read is logged and the lead organisation's supervisor
 * reviews it, which the form says plainly.
 */
export function BreakGlassForm({ what, caseId, minLength, refused, onConfirm }: BreakGlassFormProps) {
  const t = useTexts(T);
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < minLength) {
      setTooShort(true);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setTooShort(false);
    onConfirm(trimmed);
  };
  return (
    <section className="card card--warning" aria-labelledby="break-glass-heading">
      <h2 id="break-glass-heading">{t.heading}</h2>
      <p>
        {t.before}
        <CaseRef caseId={caseId} />
        {t.after(t.what[what])}
      </p>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <TextareaField
          id="breakGlassReason"
          label={t.label}
          hint={t.hint(minLength)}
          value={reason}
          onChange={setReason}
          error={tooShort ? t.tooShort(minLength) : refused}
          rows={2}
          maxLength={500}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="danger-outline">
            {t.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}

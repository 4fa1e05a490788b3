import { useRef, useState, type FormEvent } from 'react';
import { focusFirstInvalid } from '../forms/map-field-errors';
import { Button } from './button';
import { TextareaField } from './textarea-field';

interface BreakGlassFormProps {
  /** What would be opened, e.g. "die Hilfeplanung" or "die Zeitleiste". */
  what: string;
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
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < minLength) {
      setError(`Bitte den Grund nennen (mindestens ${minLength} Zeichen).`);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setError(undefined);
    onConfirm(trimmed);
  };
  return (
    <section className="card card--warning" aria-labelledby="break-glass-heading">
      <h2 id="break-glass-heading">Notfallzugriff nötig</h2>
      <p>
        Der Fall <span className="case-ref">{caseId}</span> wird von einer anderen Organisation geführt. Sie können{' '}
        {what} im Notfall trotzdem öffnen, wenn Sie den Grund angeben. Der Zugriff wird protokolliert und von der
        Fachaufsicht der fallführenden Organisation geprüft.
      </p>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <TextareaField
          id="breakGlassReason"
          label="Grund für den Notfallzugriff"
          hint={`Pflichtangabe, mindestens ${minLength} Zeichen, z. B. „Jugendlicher in unserer Inobhutnahme, Klinik fragt nach Hilfeplan“.`}
          value={reason}
          onChange={setReason}
          error={error ?? refused}
          rows={2}
          maxLength={500}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="danger-outline">
            Mit Begründung öffnen
          </Button>
        </div>
      </form>
    </section>
  );
}

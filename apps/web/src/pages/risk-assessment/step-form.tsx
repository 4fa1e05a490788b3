import type { RiskAssessmentLiveState } from '@hilfenetz/contracts';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { texts, useTexts } from '../../i18n/language';
import { Button } from '../../components/button';
import { refusalDetails } from './refusal-messages';

const T = texts(
  { conflict: 'Dieser Schritt ist gerade nicht möglich:' },
  { conflict: 'This step is not possible now:' },
);

/** What each step's section is given: the assessment it records on, and where the new state goes. */
export interface StepProps {
  caseId: string;
  assessmentId: string;
  onDone: (s: RiskAssessmentLiveState) => void;
}

/**
 * The frame every step of an assessment shares: a titled form whose submit sends the step, shows
 * the API's refusal (problem+json, field and reason) and hands the new state on.
 */
export function StepForm<B>({
  id,
  title,
  submitLabel,
  failedTitle,
  send,
  body,
  onDone,
  children,
}: {
  id: string;
  title: string;
  submitLabel: string;
  failedTitle: string;
  send: (body: B) => Promise<RiskAssessmentLiveState>;
  /** The body to send, or null when the form itself found something missing (shown at the field). */
  body: () => B | null;
  onDone: (s: RiskAssessmentLiveState) => void;
  children: ReactNode;
}) {
  const t = useTexts(T);
  const conflictMessage = t.conflict;
  const step = useMutation({ mutationFn: send, onSuccess: onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const b = body();
    if (b !== null) step.mutate(b);
  };
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {step.error !== null && (
        <ApiErrorAlert
          error={step.error}
          title={failedTitle}
          details={refusalDetails(step.error)}
          conflictMessage={conflictMessage}
        />
      )}
      <form className="form" noValidate onSubmit={submit}>
        {children}
        <div className="form__actions">
          <Button variant="primary" type="submit" isDisabled={step.isPending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** A `datetime-local` value as an ISO instant (the browser's time zone), or null when empty. */
export const instantOf = (local: string): string | null => (local ? new Date(local).toISOString() : null);

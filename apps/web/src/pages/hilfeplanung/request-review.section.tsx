import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiClient } from '../../api/api-client';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { PlanningErrorAlert } from '../../components/planning-error-alert';
import { TextareaField } from '../../components/textarea-field';
import { focusFirstInvalid } from '../../forms/map-field-errors';
import { planningFieldErrors } from '../../i18n/hilfeplanung';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    review: 'Frühere Überprüfung',
    reviewFailed: 'Überprüfung nicht angefragt',
    reviewReason: 'Grund für eine frühere Überprüfung',
    requestReview: 'Überprüfung anfragen',
    reviewRequested: 'Die frühere Überprüfung ist angefragt. Ein neues Hilfeplangespräch ist zu terminieren.',
  },
  {
    review: 'Earlier review',
    reviewFailed: 'Review not requested',
    reviewReason: 'Reason for an earlier review',
    requestReview: 'Request review',
    reviewRequested: 'The earlier review has been requested. A new help planning meeting needs to be scheduled.',
  },
);

/** Asks for a review before the planned date, with a reason. */
export function RequestReview({ caseId }: { caseId: string }) {
  const t = useTexts(T);
  const [reason, setReason] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const review = useMutation({
    mutationFn: (r: string) => apiClient.requestReview(caseId, { reason: r }),
    onError: () => requestAnimationFrame(() => focusFirstInvalid(formRef.current)),
  });
  const fieldError = planningFieldErrors(review.error)['body.reason'];
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">{t.review}</h2>
      <form
        ref={formRef}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review.mutate(reason.trim());
        }}
      >
        {review.error !== null && !fieldError && <PlanningErrorAlert error={review.error} title={t.reviewFailed} />}
        <TextareaField
          id="reviewReason"
          label={t.reviewReason}
          value={reason}
          onChange={setReason}
          error={fieldError}
          rows={3}
          maxLength={500}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="secondary" isDisabled={review.isPending}>
            {t.requestReview}
          </Button>
        </div>
        {review.isSuccess && (
          <Alert tone="success">
            <p>{t.reviewRequested}</p>
          </Alert>
        )}
      </form>
    </section>
  );
}

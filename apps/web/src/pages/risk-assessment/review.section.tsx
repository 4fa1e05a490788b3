import { useState } from 'react';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';
import { StepForm, type StepProps } from './step-form';

const T = texts(
  {
    title: 'Überprüfung festhalten',
    note: 'Ergebnis der Überprüfung',
    save: 'Überprüfung festhalten und abschließen',
    failed: 'Überprüfung nicht festgehalten',
  },
  {
    title: 'Record the review',
    note: 'Result of the review',
    save: 'Record review and close',
    failed: 'Review not recorded',
  },
);

/** The review on its date closes the assessment. */
export function ReviewStep({ caseId, assessmentId, onDone }: StepProps) {
  const t = useTexts(T);
  const [note, setNote] = useState('');
  return (
    <StepForm
      id="ra-review"
      title={t.title}
      submitLabel={t.save}
      failedTitle={t.failed}
      send={(n: string) => riskAssessmentApi.recordReview(caseId, assessmentId, n)}
      body={() => note}
      onDone={onDone}
    >
      <TextareaField
        id="raReviewNote"
        label={t.note}
        value={note}
        onChange={setNote}
        rows={3}
        maxLength={5_000}
        required
      />
    </StepForm>
  );
}

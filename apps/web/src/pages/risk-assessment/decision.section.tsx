import type { DecideRiskAssessmentRequest, RiskAssessmentOutcome } from '@hilfenetz/contracts';
import { useState } from 'react';
import { RadioGroup } from '../../components/radio-group';
import { TextField } from '../../components/text-field';
import { TextareaField } from '../../components/textarea-field';
import { texts, useTexts } from '../../i18n/language';
import { riskAssessmentApi } from './risk-assessment-api';
import { useRiskAssessmentTerms } from './risk-assessment-terms';
import { StepForm, type StepProps } from './step-form';

const T = texts(
  {
    title: 'Ergebnis der Gefährdungseinschätzung',
    outcome: 'Ergebnis',
    reason: 'Begründung',
    reasonHint: 'Jede Entscheidung wird mit Begründung festgehalten; Sie sind als Entscheidende*r vermerkt.',
    helpOffer: 'Angebotene Hilfe',
    action: 'Schutzmaßnahme',
    responsible: 'Verantwortlich (Stelle oder Funktion)',
    dueBy: 'Zu erledigen bis',
    reviewAt: 'Überprüfung am (optional)',
    reviewHint: 'Ohne Datum gilt die Frist der Kooperationsvereinbarung.',
    save: 'Entscheidung festhalten',
    failed: 'Entscheidung nicht festgehalten',
    missing: 'Bitte ausfüllen.',
  },
  {
    title: 'Outcome of the risk assessment',
    outcome: 'Outcome',
    reason: 'Reason',
    reasonHint: 'Every decision is recorded with its reason; you are named as the one who decided.',
    helpOffer: 'Help offered',
    action: 'Protective step',
    responsible: 'Responsible (service or function)',
    dueBy: 'Due by',
    reviewAt: 'Review on (optional)',
    reviewHint: 'Without a date the agreement’s default applies.',
    save: 'Record decision',
    failed: 'Decision not recorded',
    missing: 'Please fill in.',
  },
);

/** The outcome with its reason; help offered, or a protective step with responsible and due date. */
export function DecisionStep({ caseId, assessmentId, onDone }: StepProps) {
  const t = useTexts(T);
  const terms = useRiskAssessmentTerms();
  const [outcome, setOutcome] = useState<RiskAssessmentOutcome | ''>('');
  const [reason, setReason] = useState('');
  const [helpOffer, setHelpOffer] = useState('');
  const [action, setAction] = useState('');
  const [responsible, setResponsible] = useState('');
  const [dueBy, setDueBy] = useState('');
  const [reviewAt, setReviewAt] = useState('');
  const [tried, setTried] = useState(false);
  return (
    <StepForm<DecideRiskAssessmentRequest>
      id="ra-decision"
      title={t.title}
      submitLabel={t.save}
      failedTitle={t.failed}
      send={(b) => riskAssessmentApi.decide(caseId, assessmentId, b)}
      body={() => {
        setTried(true);
        if (!outcome) return null;
        // A missing reason is sent as such: the API refuses it and names the field.
        return {
          outcome,
          reason,
          ...(outcome === 'help_needed' && helpOffer ? { helpOffer } : {}),
          ...(outcome === 'protective_steps' && action ? { protectiveSteps: [{ action, responsible, dueBy }] } : {}),
          ...(reviewAt ? { reviewAt: new Date(`${reviewAt}T09:00`).toISOString() } : {}),
        };
      }}
      onDone={onDone}
    >
      <RadioGroup<RiskAssessmentOutcome>
        name="raOutcome"
        legend={t.outcome}
        options={terms.outcomes}
        value={outcome}
        onChange={setOutcome}
        error={tried && !outcome ? t.missing : undefined}
      />
      <TextareaField
        id="raReason"
        label={t.reason}
        hint={t.reasonHint}
        value={reason}
        onChange={setReason}
        rows={3}
        maxLength={5_000}
        required
      />
      {outcome === 'help_needed' && (
        <TextareaField
          id="raHelpOffer"
          label={t.helpOffer}
          value={helpOffer}
          onChange={setHelpOffer}
          rows={2}
          maxLength={5_000}
          required
        />
      )}
      {outcome === 'protective_steps' && (
        <>
          <TextareaField
            id="raAction"
            label={t.action}
            value={action}
            onChange={setAction}
            rows={2}
            maxLength={2_000}
            required
          />
          <TextField
            id="raResponsible"
            label={t.responsible}
            value={responsible}
            onChange={setResponsible}
            maxLength={200}
            required
          />
          <TextField id="raDueBy" label={t.dueBy} type="date" value={dueBy} onChange={setDueBy} required />
        </>
      )}
      <TextField
        id="raReviewAt"
        label={t.reviewAt}
        hint={t.reviewHint}
        type="date"
        value={reviewAt}
        onChange={setReviewAt}
      />
    </StepForm>
  );
}

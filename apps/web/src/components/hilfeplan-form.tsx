import type { HilfeplanungLiveState, PlanningParty } from '@hilfenetz/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Label } from 'react-aria-components';
import { apiClient } from '../api/api-client';
import { focusFirstInvalid } from '../forms/map-field-errors';
import { usePlanDraft } from '../hooks/use-plan-draft';
import {
  instantToLocal,
  localToInstant,
  PLANNING_PARTIES,
  planningFieldErrors,
  planningPartyLabel,
} from '../i18n/hilfeplanung';
import { texts, useTexts } from '../i18n/language';
import { PlanningErrorAlert } from './planning-error-alert';
import { PlanGoalsFieldset } from './plan-goals-fieldset';
import { PlanMeasuresFieldset } from './plan-measures-fieldset';
import { TextareaField } from './textarea-field';
import { TextField } from './text-field';
import { Button } from './button';

const T = texts(
  {
    heading: 'Hilfeplan erfassen',
    failed: 'Hilfeplan nicht gespeichert',
    heldAt: 'Gespräch fand statt am',
    participants: 'Teilgenommen haben',
    view: 'Sicht des jungen Menschen – in eigenen Worten',
    viewHint:
      'Bitte so festhalten, wie der junge Mensch es selbst gesagt hat (seine Worte, nicht die Einschätzung der Fachkräfte).',
    nextReview: 'Nächste Überprüfung (optional)',
    nextReviewHint: 'Ohne Datum gilt der übliche Rhythmus der Region.',
    saving: 'Wird gespeichert …',
    save: 'Hilfeplan speichern',
  },
  {
    heading: 'Record the help plan',
    failed: 'Help plan not saved',
    heldAt: 'Meeting took place on',
    participants: 'Took part',
    view: "The young person's view – in their own words",
    viewHint:
      "Please record it as the young person said it themselves (their words, not the professionals' assessment).",
    nextReview: 'Next review (optional)',
    nextReviewHint: "Without a date, the region's usual interval applies.",
    saving: 'Saving …',
    save: 'Save help plan',
  },
);

/** A review date (YYYY-MM-DD) as an instant: 9 o'clock local time that day. */
const reviewInstant = (d: string) => localToInstant(`${d}T09:00`);

/**
 * Records the plan after the Hilfeplangespräch: who took part, the young person's own view, the
 * goals, the measures (each serving one goal), the next review. The API checks every rule; its
 * answers appear next to the field they concern.
 */
export function HilfeplanForm({
  caseId,
  state,
  onRecorded,
}: {
  caseId: string;
  state: HilfeplanungLiveState;
  onRecorded: (s: HilfeplanungLiveState) => void;
}) {
  const t = useTexts(T);
  const formRef = useRef<HTMLFormElement>(null);
  const [heldAt, setHeldAt] = useState(() => instantToLocal(state.meetingAt));
  const [participants, setParticipants] = useState<PlanningParty[]>(() => [
    'youth_office',
    ...state.invitations.filter((i) => i.answer === 'confirmed' && i.party !== 'youth_office').map((i) => i.party),
  ]);
  const [view, setView] = useState('');
  const draft = usePlanDraft();
  const { goals, measures } = draft;
  const [nextReview, setNextReview] = useState('');
  // The refused answer is kept, not its wording: the messages follow a language switch.
  const [refused, setRefused] = useState<unknown>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFailure(null);
    try {
      const recorded = await apiClient.recordPlan(caseId, {
        heldAt: localToInstant(heldAt),
        participants: PLANNING_PARTIES.filter((p) => participants.includes(p)),
        youngPersonView: view,
        goals: goals.map((g) => ({ text: g.text })),
        measures: measures.map((m) => ({
          // An unchosen goal goes as null: the API names the measure's goal field.
          goal: m.goal === '' ? (null as unknown as number) : Number(m.goal),
          description: m.description,
          responsibleParty: (m.responsibleParty || null) as PlanningParty,
          dueBy: m.dueBy,
        })),
        ...(nextReview ? { nextReviewAt: reviewInstant(nextReview) } : {}),
      });
      setRefused(null);
      onRecorded(recorded);
    } catch (err) {
      const mapped = planningFieldErrors(err);
      setRefused(err);
      setFailure(err);
      requestAnimationFrame(() => {
        focusFirstInvalid(formRef.current);
        // No goal field to mark: entering the goals group reads out its error, then "Ziel hinzufügen".
        if (mapped['body.goals'] && !formRef.current?.querySelector('[aria-invalid="true"], .select[data-invalid]')) {
          document.getElementById('planAddGoal')?.focus();
        }
      });
    } finally {
      setSubmitting(false);
    }
  };

  const errors = planningFieldErrors(refused);
  const err = (field: string) => errors[field];

  return (
    <form
      ref={formRef}
      className="form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="plan-form-heading"
    >
      <h3 id="plan-form-heading">{t.heading}</h3>
      {failure !== null && <PlanningErrorAlert error={failure} title={t.failed} />}

      <TextField
        id="planHeldAt"
        type="datetime-local"
        label={t.heldAt}
        value={heldAt}
        onChange={setHeldAt}
        error={err('body.heldAt')}
        required
      />

      <CheckboxGroup
        className={`field${err('body.participants') ? ' field--invalid' : ''}`}
        value={participants}
        onChange={(v) => setParticipants(v as PlanningParty[])}
        isInvalid={!!err('body.participants')}
        validationBehavior="aria"
      >
        <Label className="field__label">{t.participants}</Label>
        <div className="checkbox-list">
          {PLANNING_PARTIES.map((p) => (
            <Checkbox key={p} value={p} className="checkbox">
              <span className="checkbox__mark" aria-hidden="true" />
              {planningPartyLabel(p)}
            </Checkbox>
          ))}
        </div>
        <FieldError className="field-error">{err('body.participants')}</FieldError>
      </CheckboxGroup>

      <TextareaField
        id="planYoungPersonView"
        label={t.view}
        hint={t.viewHint}
        value={view}
        onChange={setView}
        error={err('body.youngPersonView')}
        rows={4}
        maxLength={5_000}
        required
      />

      <PlanGoalsFieldset
        goals={goals}
        onText={draft.setGoalText}
        onAdd={draft.addGoal}
        onRemove={draft.removeGoal}
        errorOf={err}
      />

      <PlanMeasuresFieldset
        measures={measures}
        goals={goals}
        onUpdate={draft.updateMeasure}
        onAdd={draft.addMeasure}
        onRemove={draft.removeMeasure}
        errorOf={err}
      />

      <TextField
        id="planNextReview"
        type="date"
        label={t.nextReview}
        hint={t.nextReviewHint}
        value={nextReview}
        onChange={setNextReview}
        error={err('body.nextReviewAt')}
      />

      {errors.body && <p className="field-error">{errors.body}</p>}
      <div className="form__actions">
        <Button type="submit" variant="primary" isDisabled={submitting}>
          {submitting ? t.saving : t.save}
        </Button>
      </div>
    </form>
  );
}

import type { HilfeplanungLiveState, PlanningParty } from '@hilfenetz/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Label } from 'react-aria-components';
import { apiClient } from '../api/api-client';
import { focusFirstInvalid } from '../forms/map-field-errors';
import {
  instantToLocal,
  localToInstant,
  PLANNING_PARTIES,
  planningFieldErrors,
  planningPartyLabel,
} from '../i18n/hilfeplanung';
import { texts, useTexts } from '../i18n/language';
import { PlanningErrorAlert } from './planning-error-alert';
import { SelectField } from './select-field';
import { TextareaField } from './textarea-field';
import { TextField } from './text-field';
import { Button } from './button';

interface MeasureDraft {
  key: number;
  goal: string;
  description: string;
  responsibleParty: PlanningParty | '';
  dueBy: string;
}

interface GoalDraft {
  key: number;
  text: string;
}

const T = texts(
  {
    heading: 'Hilfeplan erfassen',
    failed: 'Hilfeplan nicht gespeichert',
    heldAt: 'Gespräch fand statt am',
    participants: 'Teilgenommen haben',
    view: 'Sicht des jungen Menschen – in eigenen Worten',
    viewHint:
      'Bitte so festhalten, wie der junge Mensch es selbst gesagt hat (seine Worte, nicht die Einschätzung der Fachkräfte).',
    goals: 'Ziele',
    noGoal: 'Noch kein Ziel eingetragen.',
    goal: (n: number) => `Ziel ${n}`,
    removeGoal: (n: number) => `Ziel ${n} entfernen`,
    addGoal: 'Ziel hinzufügen',
    measures: 'Maßnahmen',
    noMeasure: 'Noch keine Maßnahme eingetragen.',
    measure: (n: number) => `Maßnahme ${n}`,
    servesGoal: 'Dient dem Ziel',
    choose: 'Bitte wählen',
    responsible: 'Verantwortlich',
    dueBy: 'Erledigt bis',
    removeMeasure: (n: number) => `Maßnahme ${n} entfernen`,
    addMeasure: 'Maßnahme hinzufügen',
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
    goals: 'Goals',
    noGoal: 'No goal entered yet.',
    goal: (n: number) => `Goal ${n}`,
    removeGoal: (n: number) => `Remove goal ${n}`,
    addGoal: 'Add goal',
    measures: 'Measures',
    noMeasure: 'No measure entered yet.',
    measure: (n: number) => `Measure ${n}`,
    servesGoal: 'Serves the goal',
    choose: 'Please choose',
    responsible: 'Responsible',
    dueBy: 'Done by',
    removeMeasure: (n: number) => `Remove measure ${n}`,
    addMeasure: 'Add measure',
    nextReview: 'Next review (optional)',
    nextReviewHint: "Without a date, the region's usual interval applies.",
    saving: 'Saving …',
    save: 'Save help plan',
  },
);

/** A review date (YYYY-MM-DD) as an instant: 9 o'clock local time that day. */
const reviewInstant = (d: string) => localToInstant(`${d}T09:00`);

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

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
  const nextKey = useRef(2);
  const formRef = useRef<HTMLFormElement>(null);
  const [heldAt, setHeldAt] = useState(() => instantToLocal(state.meetingAt));
  const [participants, setParticipants] = useState<PlanningParty[]>(() => [
    'youth_office',
    ...state.invitations.filter((i) => i.answer === 'confirmed' && i.party !== 'youth_office').map((i) => i.party),
  ]);
  const [view, setView] = useState('');
  const [goals, setGoals] = useState<GoalDraft[]>([{ key: 1, text: '' }]);
  const [measures, setMeasures] = useState<MeasureDraft[]>([]);
  const [nextReview, setNextReview] = useState('');
  // The refused answer is kept, not its wording: the messages follow a language switch.
  const [refused, setRefused] = useState<unknown>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const addGoal = () => setGoals((g) => [...g, { key: nextKey.current++, text: '' }]);
  const removeGoal = (index: number) => {
    setGoals((g) => g.filter((_, i) => i !== index));
    // Measures follow their goal: those of the removed goal lose it, later goals move up by one.
    setMeasures((ms) =>
      ms.map((m) => {
        if (m.goal === '') return m;
        const g = Number(m.goal);
        return { ...m, goal: g === index ? '' : g > index ? String(g - 1) : m.goal };
      }),
    );
  };
  const addMeasure = () =>
    setMeasures((ms) => [
      ...ms,
      { key: nextKey.current++, goal: goals.length === 1 ? '0' : '', description: '', responsibleParty: '', dueBy: '' },
    ]);
  const updateMeasure = (index: number, patch: Partial<MeasureDraft>) =>
    setMeasures((ms) => ms.map((m, i) => (i === index ? { ...m, ...patch } : m)));

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

      <fieldset
        className={`field plan-list${err('body.goals') ? ' field--invalid' : ''}`}
        aria-describedby={err('body.goals') ? 'planGoals-error' : undefined}
      >
        <legend className="field__label">{t.goals}</legend>
        {goals.length === 0 && <p className="muted">{t.noGoal}</p>}
        <ol className="plan-list__items">
          {goals.map((g, i) => (
            <li key={g.key} className="plan-list__item">
              <TextField
                id={`planGoal-${i}`}
                label={t.goal(i + 1)}
                value={g.text}
                onChange={(v) => setGoals((gs) => gs.map((x, j) => (j === i ? { ...x, text: v } : x)))}
                error={err(`body.goals.${i}.text`) ?? err(`body.goals.${i}`)}
                maxLength={1_000}
              />
              <Button variant="quiet" onPress={() => removeGoal(i)}>
                {t.removeGoal(i + 1)}
              </Button>
            </li>
          ))}
        </ol>
        <ErrorText id="planGoals-error" message={err('body.goals')} />
        {/* A plain div keeps the button out of the error's description. */}
        <div>
          <Button id="planAddGoal" variant="secondary" onPress={addGoal}>
            {t.addGoal}
          </Button>
        </div>
      </fieldset>

      <fieldset className="field plan-list">
        <legend className="field__label">{t.measures}</legend>
        {measures.length === 0 && <p className="muted">{t.noMeasure}</p>}
        <ol className="plan-list__items">
          {measures.map((m, i) => {
            const goalError = err(`body.measures.${i}.goal`);
            const partyError = err(`body.measures.${i}.responsibleParty`);
            return (
              <li key={m.key} className="plan-list__item plan-list__item--measure">
                <TextField
                  id={`planMeasure-${i}`}
                  label={t.measure(i + 1)}
                  value={m.description}
                  onChange={(v) => updateMeasure(i, { description: v })}
                  error={err(`body.measures.${i}.description`)}
                  maxLength={1_000}
                />
                <SelectField
                  id={`planMeasureGoal-${i}`}
                  label={t.servesGoal}
                  placeholder={t.choose}
                  options={goals.map((g, j) => ({
                    value: String(j),
                    label: `${t.goal(j + 1)}${g.text.trim() ? `: ${g.text.trim().slice(0, 60)}` : ''}`,
                  }))}
                  value={m.goal}
                  onChange={(v) => updateMeasure(i, { goal: v })}
                  error={goalError}
                />
                <SelectField
                  id={`planMeasureParty-${i}`}
                  label={t.responsible}
                  placeholder={t.choose}
                  options={PLANNING_PARTIES.map((p) => ({ value: p, label: planningPartyLabel(p) }))}
                  value={m.responsibleParty}
                  onChange={(v) => updateMeasure(i, { responsibleParty: v })}
                  error={partyError}
                />
                <TextField
                  id={`planMeasureDue-${i}`}
                  type="date"
                  label={t.dueBy}
                  value={m.dueBy}
                  onChange={(v) => updateMeasure(i, { dueBy: v })}
                  error={err(`body.measures.${i}.dueBy`)}
                />
                <Button variant="quiet" onPress={() => setMeasures((ms) => ms.filter((_, j) => j !== i))}>
                  {t.removeMeasure(i + 1)}
                </Button>
              </li>
            );
          })}
        </ol>
        <div>
          <Button variant="secondary" onPress={addMeasure} isDisabled={goals.length === 0}>
            {t.addMeasure}
          </Button>
        </div>
      </fieldset>

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

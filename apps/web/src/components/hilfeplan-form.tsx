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
} from '../i18n/hilfeplanung.de';
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
  const [errors, setErrors] = useState<Record<string, string>>({});
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
      setErrors({});
      onRecorded(recorded);
    } catch (err) {
      const mapped = planningFieldErrors(err);
      setErrors(mapped);
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

  const err = (field: string) => errors[field];

  return (
    <form
      ref={formRef}
      className="form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="plan-form-heading"
    >
      <h3 id="plan-form-heading">Hilfeplan erfassen</h3>
      {failure !== null && <PlanningErrorAlert error={failure} title="Hilfeplan nicht gespeichert" />}

      <TextField
        id="planHeldAt"
        type="datetime-local"
        label="Gespräch fand statt am"
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
        <Label className="field__label">Teilgenommen haben</Label>
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
        label="Sicht des jungen Menschen – in eigenen Worten"
        hint="Bitte so festhalten, wie der junge Mensch es selbst gesagt hat (seine Worte, nicht die Einschätzung der Fachkräfte)."
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
        <legend className="field__label">Ziele</legend>
        {goals.length === 0 && <p className="muted">Noch kein Ziel eingetragen.</p>}
        <ol className="plan-list__items">
          {goals.map((g, i) => (
            <li key={g.key} className="plan-list__item">
              <TextField
                id={`planGoal-${i}`}
                label={`Ziel ${i + 1}`}
                value={g.text}
                onChange={(v) => setGoals((gs) => gs.map((x, j) => (j === i ? { ...x, text: v } : x)))}
                error={err(`body.goals.${i}.text`) ?? err(`body.goals.${i}`)}
                maxLength={1_000}
              />
              <Button variant="quiet" onPress={() => removeGoal(i)}>
                Ziel {i + 1} entfernen
              </Button>
            </li>
          ))}
        </ol>
        <ErrorText id="planGoals-error" message={err('body.goals')} />
        {/* A plain div keeps the button out of the error's description. */}
        <div>
          <Button id="planAddGoal" variant="secondary" onPress={addGoal}>
            Ziel hinzufügen
          </Button>
        </div>
      </fieldset>

      <fieldset className="field plan-list">
        <legend className="field__label">Maßnahmen</legend>
        {measures.length === 0 && <p className="muted">Noch keine Maßnahme eingetragen.</p>}
        <ol className="plan-list__items">
          {measures.map((m, i) => {
            const goalError = err(`body.measures.${i}.goal`);
            const partyError = err(`body.measures.${i}.responsibleParty`);
            return (
              <li key={m.key} className="plan-list__item plan-list__item--measure">
                <TextField
                  id={`planMeasure-${i}`}
                  label={`Maßnahme ${i + 1}`}
                  value={m.description}
                  onChange={(v) => updateMeasure(i, { description: v })}
                  error={err(`body.measures.${i}.description`)}
                  maxLength={1_000}
                />
                <SelectField
                  id={`planMeasureGoal-${i}`}
                  label="Dient dem Ziel"
                  placeholder="Bitte wählen"
                  options={goals.map((g, j) => ({
                    value: String(j),
                    label: `Ziel ${j + 1}${g.text.trim() ? `: ${g.text.trim().slice(0, 60)}` : ''}`,
                  }))}
                  value={m.goal}
                  onChange={(v) => updateMeasure(i, { goal: v })}
                  error={goalError}
                />
                <SelectField
                  id={`planMeasureParty-${i}`}
                  label="Verantwortlich"
                  placeholder="Bitte wählen"
                  options={PLANNING_PARTIES.map((p) => ({ value: p, label: planningPartyLabel(p) }))}
                  value={m.responsibleParty}
                  onChange={(v) => updateMeasure(i, { responsibleParty: v })}
                  error={partyError}
                />
                <TextField
                  id={`planMeasureDue-${i}`}
                  type="date"
                  label="Erledigt bis"
                  value={m.dueBy}
                  onChange={(v) => updateMeasure(i, { dueBy: v })}
                  error={err(`body.measures.${i}.dueBy`)}
                />
                <Button variant="quiet" onPress={() => setMeasures((ms) => ms.filter((_, j) => j !== i))}>
                  Maßnahme {i + 1} entfernen
                </Button>
              </li>
            );
          })}
        </ol>
        <div>
          <Button variant="secondary" onPress={addMeasure} isDisabled={goals.length === 0}>
            Maßnahme hinzufügen
          </Button>
        </div>
      </fieldset>

      <TextField
        id="planNextReview"
        type="date"
        label="Nächste Überprüfung (optional)"
        hint="Ohne Datum gilt der übliche Rhythmus der Region."
        value={nextReview}
        onChange={setNextReview}
        error={err('body.nextReviewAt')}
      />

      {errors.body && <p className="field-error">{errors.body}</p>}
      <div className="form__actions">
        <Button type="submit" variant="primary" isDisabled={submitting}>
          {submitting ? 'Wird gespeichert …' : 'Hilfeplan speichern'}
        </Button>
      </div>
    </form>
  );
}

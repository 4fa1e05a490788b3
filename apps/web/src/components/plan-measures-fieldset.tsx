import type { GoalDraft, MeasureDraft } from '../hooks/use-plan-draft';
import { PLANNING_PARTIES, planningPartyLabel } from '../i18n/hilfeplanung';
import { texts, useTexts } from '../i18n/language';
import { Button } from './button';
import { SelectField } from './select-field';
import { TextField } from './text-field';

const T = texts(
  {
    measures: 'Maßnahmen',
    noMeasure: 'Noch keine Maßnahme eingetragen.',
    measure: (n: number) => `Maßnahme ${n}`,
    goal: (n: number) => `Ziel ${n}`,
    servesGoal: 'Dient dem Ziel',
    choose: 'Bitte wählen',
    responsible: 'Verantwortlich',
    dueBy: 'Erledigt bis',
    removeMeasure: (n: number) => `Maßnahme ${n} entfernen`,
    addMeasure: 'Maßnahme hinzufügen',
  },
  {
    measures: 'Measures',
    noMeasure: 'No measure entered yet.',
    measure: (n: number) => `Measure ${n}`,
    goal: (n: number) => `Goal ${n}`,
    servesGoal: 'Serves the goal',
    choose: 'Please choose',
    responsible: 'Responsible',
    dueBy: 'Done by',
    removeMeasure: (n: number) => `Remove measure ${n}`,
    addMeasure: 'Add measure',
  },
);

interface PlanMeasuresFieldsetProps {
  measures: MeasureDraft[];
  /** The goals a measure may serve (offered by number and the start of their text). */
  goals: GoalDraft[];
  onUpdate: (index: number, patch: Partial<MeasureDraft>) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  /** The API's refusal for a field of the request (`body.measures…`), worded. */
  errorOf: (field: string) => string | undefined;
}

/** The plan's measures: what, for which goal, who is responsible, by when; added once there is a goal. */
export function PlanMeasuresFieldset({
  measures,
  goals,
  onUpdate,
  onAdd,
  onRemove,
  errorOf: err,
}: PlanMeasuresFieldsetProps) {
  const t = useTexts(T);
  return (
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
                onChange={(v) => onUpdate(i, { description: v })}
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
                onChange={(v) => onUpdate(i, { goal: v })}
                error={goalError}
              />
              <SelectField
                id={`planMeasureParty-${i}`}
                label={t.responsible}
                placeholder={t.choose}
                options={PLANNING_PARTIES.map((p) => ({ value: p, label: planningPartyLabel(p) }))}
                value={m.responsibleParty}
                onChange={(v) => onUpdate(i, { responsibleParty: v })}
                error={partyError}
              />
              <TextField
                id={`planMeasureDue-${i}`}
                type="date"
                label={t.dueBy}
                value={m.dueBy}
                onChange={(v) => onUpdate(i, { dueBy: v })}
                error={err(`body.measures.${i}.dueBy`)}
              />
              <Button variant="quiet" onPress={() => onRemove(i)}>
                {t.removeMeasure(i + 1)}
              </Button>
            </li>
          );
        })}
      </ol>
      <div>
        <Button variant="secondary" onPress={onAdd} isDisabled={goals.length === 0}>
          {t.addMeasure}
        </Button>
      </div>
    </fieldset>
  );
}

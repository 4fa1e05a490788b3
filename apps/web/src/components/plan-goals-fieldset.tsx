import type { GoalDraft } from '../hooks/use-plan-draft';
import { texts, useTexts } from '../i18n/language';
import { Button } from './button';
import { TextField } from './text-field';

const T = texts(
  {
    goals: 'Ziele',
    noGoal: 'Noch kein Ziel eingetragen.',
    goal: (n: number) => `Ziel ${n}`,
    removeGoal: (n: number) => `Ziel ${n} entfernen`,
    addGoal: 'Ziel hinzufügen',
  },
  {
    goals: 'Goals',
    noGoal: 'No goal entered yet.',
    goal: (n: number) => `Goal ${n}`,
    removeGoal: (n: number) => `Remove goal ${n}`,
    addGoal: 'Add goal',
  },
);

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

interface PlanGoalsFieldsetProps {
  goals: GoalDraft[];
  onText: (index: number, text: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  /** The API's refusal for a field of the request (`body.goals…`), worded. */
  errorOf: (field: string) => string | undefined;
}

/** The plan's goals: one text each, added and removed; 'Ziel hinzufügen' has the id `planAddGoal`. */
export function PlanGoalsFieldset({ goals, onText, onAdd, onRemove, errorOf: err }: PlanGoalsFieldsetProps) {
  const t = useTexts(T);
  return (
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
              onChange={(v) => onText(i, v)}
              error={err(`body.goals.${i}.text`) ?? err(`body.goals.${i}`)}
              maxLength={1_000}
            />
            <Button variant="quiet" onPress={() => onRemove(i)}>
              {t.removeGoal(i + 1)}
            </Button>
          </li>
        ))}
      </ol>
      <ErrorText id="planGoals-error" message={err('body.goals')} />
      {/* A plain div keeps the button out of the error's description. */}
      <div>
        <Button id="planAddGoal" variant="secondary" onPress={onAdd}>
          {t.addGoal}
        </Button>
      </div>
    </fieldset>
  );
}

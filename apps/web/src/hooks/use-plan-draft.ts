import type { PlanningParty } from '@hilfenetz/contracts';
import { useRef, useState } from 'react';

export interface GoalDraft {
  key: number;
  text: string;
}

export interface MeasureDraft {
  key: number;
  /** The index of the goal it serves, as a string ('' = none chosen). */
  goal: string;
  description: string;
  responsibleParty: PlanningParty | '';
  dueBy: string;
}

/**
 * The goals and measures of a Hilfeplan being written: each with a stable key, measures serving a
 * goal by its position (kept right when a goal above is removed).
 */
export function usePlanDraft() {
  const nextKey = useRef(2);
  const [goals, setGoals] = useState<GoalDraft[]>([{ key: 1, text: '' }]);
  const [measures, setMeasures] = useState<MeasureDraft[]>([]);

  const addGoal = () => setGoals((g) => [...g, { key: nextKey.current++, text: '' }]);
  const setGoalText = (index: number, text: string) =>
    setGoals((gs) => gs.map((x, j) => (j === index ? { ...x, text } : x)));
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
  const removeMeasure = (index: number) => setMeasures((ms) => ms.filter((_, j) => j !== index));

  return { goals, measures, addGoal, setGoalText, removeGoal, addMeasure, updateMeasure, removeMeasure };
}

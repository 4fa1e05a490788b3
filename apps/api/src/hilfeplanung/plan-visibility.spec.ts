import { visiblePlan } from './plan-visibility';

const plan = {
  caseId: 'FALL-1',
  cycle: 1,
  heldAt: '2026-12-10T09:00:00.000Z',
  nextReviewAt: '2027-06-10T09:00:00.000Z',
  participants: ['young_person', 'clinic', 'provider', 'youth_office'],
  youngPersonView: 'Ich will wieder zur Schule.',
  goals: [
    { goalId: 'g1', text: 'Schulbesuch stabilisieren' },
    { goalId: 'g2', text: 'Kontakt zur Mutter' },
  ],
  measures: [
    {
      measureId: 'm1',
      goalId: 'g1',
      description: 'Ambulante Therapie',
      responsibleParty: 'clinic',
      dueBy: '2027-01-31',
    },
    {
      measureId: 'm2',
      goalId: 'g2',
      description: 'Begleitete Besuche',
      responsibleParty: 'provider',
      dueBy: '2027-02-28',
    },
  ],
};

describe('plan visibility', () => {
  it('the youth office sees the whole plan', () => {
    expect(visiblePlan(plan, 'youth_office')).toEqual({ ...plan, partial: false });
  });

  it('the clinic sees its measures and their goals, not the young person’s words', () => {
    const v = visiblePlan(plan, 'clinic');
    expect(v.measures.map((m) => m.measureId)).toEqual(['m1']);
    expect(v.goals.map((g) => g.goalId)).toEqual(['g1']);
    expect(v.youngPersonView).toBeUndefined();
    expect(v.partial).toBe(true);
  });
});

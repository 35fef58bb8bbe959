// Records shaped like the ones the core returns, for component tests.
import type { GoalProgress, GoalScore, Guardian } from '../bindings';

/** Daan's goal "Tot tien tellen" with the given scores. */
export const countingGoal = (scores: GoalScore[]): GoalProgress => ({
  goal: {
    id: 'goal-1',
    enrolment_id: 'enr-1',
    title: 'Tot tien tellen',
    level_minus2: 'nooit',
    level_minus1: 'soms',
    level_0: 'meestal',
    level_plus1: 'vaak',
    level_plus2: 'altijd',
    weight: 1,
    set_on: '2026-09-01',
    audience: 'school',
  },
  scores,
});

/** Daan's mother, with parental authority. */
export const mother: Guardian = {
  id: 'g-1',
  participant_id: 'p-1',
  name: 'Marloes de Vries',
  relation: 'moeder',
  phone: null,
  email: null,
  authority: true,
};

import type { GoalProgress } from '../bindings';

/** The description of a GAS level (−2 … +2) of a goal. */
export const levelText = (g: GoalProgress, level: number): string =>
  [g.goal.level_minus2, g.goal.level_minus1, g.goal.level_0, g.goal.level_plus1, g.goal.level_plus2][level + 2] ?? '';

/** A level as written: "+1", "0", "−2". */
export const levelMark = (level: number): string => (level > 0 ? `+${level}` : `${level}`);

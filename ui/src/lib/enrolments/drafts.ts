// What a trainer is typing into the enrolment page's forms. The page keeps
// the drafts, so closing a form (or a refusal from the core) loses nothing.

import type { Audience, EnrolmentStatus } from '../bindings';

export type ObservationDraft = { text: string; audience: Audience; date: string };
export type GoalDraft = { title: string; levels: string[]; weight: number; audience: Audience };
export type ScoreDraft = { level: number; date: string; note: string };
export type IndicationDraft = { number: string; issuer: string; from: string; until: string };
/** `who`: 'child', a guardian's id, or 'other' (a parent not on file). */
export type ConsentDraft = { who: string; givenBy: string; audience: Audience; scope: string; date: string };
export type StatusDraft = { status: EnrolmentStatus; reason: string };

export const emptyGoal = (): GoalDraft => ({
  title: '',
  levels: ['', '', '', '', ''],
  weight: 1,
  audience: 'trainers',
});

/** The GAS levels, from −2 to +2. */
export const LEVELS = [-2, -1, 0, 1, 2];

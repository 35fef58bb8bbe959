// Programmes shaped like the ones the core returns, for component tests.
import type { Programme } from '../bindings';

export const stop47: Programme = {
  id: 'stop-4-7',
  name: 'STOP 4-7',
  full_name: 'Samen sterker terug op pad',
  provider: 'Trajectum, Utrecht',
  target_group: { nl: 'Kinderen van 4 tot 7 jaar.', en: 'Children aged 4 to 7.' },
  ages: { min: 4, max: 7 },
  school_types: ['po'],
  indication_required: true,
  tracks: [
    { kind: 'child', sessions: 10, plan: [] },
    { kind: 'parent', sessions: 10, plan: [] },
    { kind: 'teacher', sessions: 4, plan: [] },
  ],
  group: { size_min: 6, size_max: 9, trainers: 3 },
  schedule: { rhythm: 'weekly', parents_same_day: true },
  required_contacts: [{ kind: 'home_visit', moment: 'before_start', min: 1 }],
  contact_kinds: [],
  tools: [],
  variants: [],
  school_report: true,
  attendance: { rules: [{ kind: 'absences_in_a_row', at_least: 2 }, { kind: 'below_percent', percent: 80 }] },
  origin: 'builtin',
};

export const time4you: Programme = {
  id: 'time-4-you',
  name: 'time-4-you',
  target_group: { nl: 'Mbo-studenten.' },
  ages: { min: 16, max: 23 },
  school_types: ['mbo'],
  indication_required: false,
  tracks: [{ kind: 'individual', sessions: 4, sessions_max: 26, plan: [] }],
  schedule: { rhythm: 'weekly', weeks_min: 4, weeks_max: 26, parents_same_day: false },
  required_contacts: [],
  contact_kinds: [],
  tools: [],
  variants: [],
  school_report: true,
  attendance: { rules: [{ kind: 'absences_in_a_row', at_least: 2 }, { kind: 'below_percent', percent: 80 }] },
  origin: 'user',
};

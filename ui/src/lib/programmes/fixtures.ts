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
    { kind: 'child', sessions: 10 },
    { kind: 'parent', sessions: 10 },
    { kind: 'teacher', sessions: 4 },
  ],
  origin: 'builtin',
};

export const time4you: Programme = {
  id: 'time-4-you',
  name: 'time-4-you',
  target_group: { nl: 'Mbo-studenten.' },
  ages: { min: 16, max: 23 },
  school_types: ['mbo'],
  indication_required: false,
  tracks: [{ kind: 'individual', sessions: 4, sessions_max: 26 }],
  origin: 'user',
};

// The programme editor's working copy: a new programme, a copy of one, and
// what the core needs sent (numbers as numbers, empty optionals left out).
// The core checks the result exactly as it checks a curriculum file.

import type { AttendanceRule, Programme, Track, TrackKind } from '../bindings';

/** "Schoolmaatschappelijk werk" → "schoolmaatschappelijk-werk" (accents dropped). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function newTrack(kind: TrackKind): Track {
  return { kind, sessions: 10, minutes: 60, plan: [] };
}

/** A new programme: one group track of ten weekly sessions, the usual rules. */
export function blankProgramme(): Programme {
  return {
    id: '',
    name: '',
    target_group: { nl: '' },
    ages: { min: 4, max: 12 },
    school_types: ['po'],
    indication_required: false,
    tracks: [newTrack('child')],
    group: { size_min: 4, size_max: 10, trainers: 2 },
    schedule: { rhythm: 'weekly', parents_same_day: false },
    required_contacts: [],
    contact_kinds: [],
    tools: [],
    variants: [],
    school_report: true,
    attendance: {
      rules: [
        { kind: 'absences_in_a_row', at_least: 2 },
        { kind: 'below_percent', percent: 80 },
      ],
    },
    origin: 'user',
  };
}

/** A copy to change: a programme of one's own, with an id and name of its own. */
export function copyOf(p: Programme, suffix: string): Programme {
  const copy = plain(p);
  copy.name = `${p.name} (${suffix})`;
  copy.id = slug(copy.name);
  copy.origin = 'user';
  return copy;
}

// A Svelte state proxy cannot be cloned by structuredClone; JSON can (a programme is plain data).
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A number typed in a form: empty or not a number becomes `fallback`. */
export function num(value: unknown, fallback = 0): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && value !== '' && value !== null ? Math.trunc(n) : fallback;
}

/** An optional number: empty means "not given". */
export function optionalNum(value: unknown): number | undefined {
  return value === '' || value === null || value === undefined || !Number.isFinite(Number(value))
    ? undefined
    : Math.trunc(Number(value));
}

function cleanRule(r: AttendanceRule): AttendanceRule {
  switch (r.kind) {
    case 'absences_in_a_row':
      return { kind: r.kind, at_least: num(r.at_least) };
    case 'below_percent':
      return { kind: r.kind, percent: num(r.percent) };
    case 'absent_hours':
      return { kind: r.kind, at_least: num(r.at_least), weeks: num(r.weeks), unexcused_only: !!r.unexcused_only };
    case 'sick_days':
      return { kind: r.kind, at_least: num(r.at_least), weeks: num(r.weeks) };
  }
}

/** What is sent to the core: every number a number, empty optionals left out. */
export function toSend(p: Programme): Programme {
  const d = plain(p);
  // Optional texts left empty are sent as they are: the core takes empty for "none".
  return {
    ...d,
    ages: { min: num(d.ages.min), max: num(d.ages.max) },
    group: d.group
      ? { size_min: num(d.group.size_min), size_max: num(d.group.size_max), trainers: num(d.group.trainers) }
      : undefined,
    tracks: d.tracks.map((tr) => ({
      kind: tr.kind,
      sessions: num(tr.sessions),
      sessions_max: optionalNum(tr.sessions_max),
      minutes: optionalNum(tr.minutes),
      plan: tr.plan.map((pl) => ({
        number: num(pl.number),
        title: pl.title,
        theme: pl.theme,
        minutes: optionalNum(pl.minutes),
      })),
    })),
    required_contacts: d.required_contacts.map((c) => ({ kind: c.kind, moment: c.moment, min: num(c.min) })),
    contact_kinds: d.contact_kinds.map((k) => ({ id: k.id, name: { nl: k.name.nl, en: k.name.en } })),
    attendance: { rules: d.attendance.rules.map(cleanRule) },
    origin: 'user',
  };
}

/** A new rule of a kind, with the brochure's numbers as a start. */
export function newRule(kind: AttendanceRule['kind']): AttendanceRule {
  switch (kind) {
    case 'absences_in_a_row':
      return { kind, at_least: 2 };
    case 'below_percent':
      return { kind, percent: 80 };
    case 'absent_hours':
      return { kind, at_least: 16, weeks: 4, unexcused_only: false };
    case 'sick_days':
      return { kind, at_least: 6, weeks: 4 };
  }
}

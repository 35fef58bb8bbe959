import { describe, expect, it } from 'vitest';
import type { ParticipantRow } from '../bindings';
import { matches, sortRows } from './list';

const row = (given: string, family: string, run: string | null, school: string | null, status: ParticipantRow['status']): ParticipantRow => ({
  id: `${given}-${family}`,
  given_name: given,
  family_name: family,
  birth_date: '2020-01-01',
  school,
  run_id: run ? 'r' : null,
  run,
  enrolment_id: run ? 'e' : null,
  status,
});

const rows = [
  row('Sara', 'El Amrani', 'STOP 4-7 najaar', 'De Regenboog', 'active'),
  row('Daan', 'de Vries', 'STOP 4-7 najaar', 'De Regenboog', 'completed'),
  row('Jamal', 'Ait Taleb', 'time-4-you', 'Maasstad College', 'referred'),
  row('Noor', 'Bakker', null, null, null),
];

describe('the participants list', () => {
  it('filters on name, group and school, whatever the case', () => {
    expect(rows.filter((r) => matches(r, 'sara el')).map((r) => r.given_name)).toEqual(['Sara']);
    expect(rows.filter((r) => matches(r, 'STOP')).length).toBe(2);
    expect(rows.filter((r) => matches(r, 'maasstad')).map((r) => r.given_name)).toEqual(['Jamal']);
    expect(rows.filter((r) => matches(r, '  ')).length).toBe(4);
  });

  it('sorts by a column, then by name, a missing value last', () => {
    expect(sortRows(rows, 'name').map((r) => r.given_name)).toEqual(['Jamal', 'Noor', 'Daan', 'Sara']);
    expect(sortRows(rows, 'group').map((r) => r.given_name)).toEqual(['Daan', 'Sara', 'Jamal', 'Noor']);
    expect(sortRows(rows, 'status').map((r) => r.given_name)).toEqual(['Jamal', 'Sara', 'Daan', 'Noor']);
    expect(sortRows(rows, 'school').at(-1)?.given_name).toBe('Noor');
  });
});

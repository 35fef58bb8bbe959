// The participants list's filter and sort: pure, so they are tested apart.

import type { EnrolmentStatus, ParticipantRow } from '../bindings';

export type SortKey = 'name' | 'group' | 'school' | 'status';

const STATUS_ORDER: EnrolmentStatus[] = ['referred', 'intake', 'active', 'completed', 'stopped'];

const lower = (s: string | null | undefined) => (s ?? '').toLocaleLowerCase('nl');

/** Whether a row matches what was typed: in the name, the group or the school. */
export function matches(r: ParticipantRow, query: string): boolean {
  const q = lower(query.trim());
  if (!q) return true;
  return [`${r.given_name} ${r.family_name}`, r.run, r.school].some((text) => lower(text).includes(q));
}

const byName = (a: ParticipantRow, b: ParticipantRow) =>
  a.family_name.localeCompare(b.family_name, 'nl') || a.given_name.localeCompare(b.given_name, 'nl');

/** Sorted by a column (then by name); a missing value last. */
export function sortRows(rows: ParticipantRow[], key: SortKey): ParticipantRow[] {
  const text = (r: ParticipantRow): string | null =>
    key === 'group' ? r.run : key === 'school' ? r.school : null;
  const cmp = (a: ParticipantRow, b: ParticipantRow): number => {
    if (key === 'name') return byName(a, b);
    if (key === 'status') {
      const rank = (r: ParticipantRow) => (r.status ? STATUS_ORDER.indexOf(r.status) : STATUS_ORDER.length);
      return rank(a) - rank(b) || byName(a, b);
    }
    const [x, y] = [text(a), text(b)];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byName(a, b);
    return x.localeCompare(y, 'nl') || byName(a, b);
  };
  return [...rows].sort(cmp);
}

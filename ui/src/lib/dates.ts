// Dates as a trainer types them: day first, in the UI's language, whatever
// the system's locale (a browser's date input follows the system and showed
// "11/28/2026" in the Dutch window on an English laptop).

export type DateLang = 'nl' | 'en';

/** What a typed date field holds: a date (ISO), nothing, or not a date. */
export type TypedDate = { kind: 'date'; iso: string } | { kind: 'empty' } | { kind: 'invalid' };

const SEPARATOR: Record<DateLang, string> = { nl: '-', en: '/' };

/** "2026-11-28" → "28-11-2026" (nl) or "28/11/2026" (en); '' stays ''. */
export const formatDateField = (iso: string, lang: DateLang): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const sep = SEPARATOR[lang];
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
};

/** The field's placeholder: "dd-mm-jjjj" / "dd/mm/yyyy". */
export const datePlaceholder = (lang: DateLang): string => (lang === 'nl' ? 'dd-mm-jjjj' : 'dd/mm/yyyy');

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO text of a date that exists, or null ("31-02-2026" does not). */
export const isoOf = (year: number, month: number, day: number): string | null => {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
};

/** Month names in both languages, long and short, lower case without dots:
 * "januari", "jan", "march", "mrt", … → 1..12. */
const MONTHS: [string, number][] = (() => {
  const names: [string, number][] = [];
  for (const locale of ['nl-NL', 'en-GB']) {
    for (const month of ['long', 'short'] as const) {
      const f = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' });
      for (let m = 1; m <= 12; m++) {
        names.push([f.format(new Date(Date.UTC(2024, m - 1, 15))).toLowerCase().replace(/\.$/, ''), m]);
      }
    }
  }
  // Dutch writes March "mrt" as often as "mar".
  names.push(['mrt', 3]);
  return names;
})();

/** A month name or its first three or more letters ("sept", "okt", "mei"). */
const monthOf = (word: string): number | null => {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const hit = MONTHS.find(([name]) => name === w || name.startsWith(w));
  return hit ? hit[1] : null;
};

/** Two-digit years are this century's. */
const fullYear = (y: string): number => (y.length <= 2 ? 2000 + Number(y) : Number(y));

/**
 * Reads what a trainer typed, day first: "28-11-2026", "28/11/2026",
 * "28.11.26", "28 11 2026", "28112026", "28 nov 2026", "28 november" (this
 * year), "28-11" (this year); and ISO "2026-11-28" (what tests and pastes
 * from exports hold). Surrounding spaces are ignored.
 */
export const parseDateField = (text: string, today: Date = new Date()): TypedDate => {
  // Spaces around a date are no part of it (this reads the text into a date;
  // texts sent to the core are trimmed there, never here).
  const s = text.replace(/^\s+|\s+$/g, '');
  if (s === '') return { kind: 'empty' };
  const thisYear = today.getFullYear();
  const result = (iso: string | null): TypedDate => (iso ? { kind: 'date', iso } : { kind: 'invalid' });

  let m: RegExpExecArray | null = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return result(isoOf(Number(m[1]), Number(m[2]), Number(m[3])));

  m = /^(\d{1,2})[-/. ]+(\d{1,2})(?:[-/. ]+(\d{2}|\d{4}))?$/.exec(s);
  if (m) return result(isoOf(m[3] ? fullYear(m[3]) : thisYear, Number(m[2]), Number(m[1])));

  m = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(s);
  if (m) return result(isoOf(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1])));

  m = /^(\d{1,2})[-/. ]*([\p{L}]+\.?)(?:[-/. ]*(\d{2}|\d{4}))?$/u.exec(s);
  if (m) {
    const month = monthOf(m[2] ?? '');
    if (month === null) return { kind: 'invalid' };
    return result(isoOf(m[3] ? fullYear(m[3]) : thisYear, month, Number(m[1])));
  }
  return { kind: 'invalid' };
};

/** "2026-11-28" → [2026, 11, 28] */
const ymd = (iso: string): [number, number, number] => {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return [y, m, d];
};

/** The ISO date `days` after `iso` (negative: before). */
export const addDays = (iso: string, days: number): string => {
  const [y, mo, d] = ymd(iso);
  const t = new Date(Date.UTC(y, mo - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** The same day `months` later, or the month's last day ("31-01" + 1 → "28-02"). */
export const addMonths = (iso: string, months: number): string => {
  const [y, mo, d] = ymd(iso);
  const first = new Date(Date.UTC(y, mo - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(d, last))}`;
};

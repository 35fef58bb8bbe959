import { describe, expect, it } from 'vitest';
import { addDays, addMonths, formatDateField, parseDateField } from './dates';

const today = new Date(2026, 10, 29); // 29 November 2026
const read = (text: string) => parseDateField(text, today);
const iso = (text: string) => {
  const r = read(text);
  return r.kind === 'date' ? r.iso : r.kind;
};

describe('a typed date', () => {
  it('is read day first, whatever the separator', () => {
    for (const text of ['28-11-2026', '28/11/2026', '28.11.2026', '28 11 2026', ' 28-11-2026 ', '28112026', '281126', '28-11-26']) {
      expect(iso(text), text).toBe('2026-11-28');
    }
    expect(iso('2-9-2026')).toBe('2026-09-02');
    expect(iso('2/9')).toBe('2026-09-02'); // this year
  });

  it('takes month names in Dutch and English, whole or shortened', () => {
    for (const text of ['28 nov 2026', '28 november 2026', '28 nov. 2026', '28nov26', '28 November']) {
      expect(iso(text), text).toBe('2026-11-28');
    }
    expect(iso('3 mrt 2027')).toBe('2027-03-03');
    expect(iso('3 maart 2027')).toBe('2027-03-03');
    expect(iso('3 march 2027')).toBe('2027-03-03');
    expect(iso('1 mei 2027')).toBe('2027-05-01');
    expect(iso('1 okt 2027')).toBe('2027-10-01');
  });

  it('reads ISO dates (pasted from an export)', () => {
    expect(iso('2026-11-28')).toBe('2026-11-28');
  });

  it('is empty or not a date, never a guess', () => {
    expect(iso('')).toBe('empty');
    expect(iso('   ')).toBe('empty');
    for (const text of ['31-02-2026', '29-02-2027', '11/28/2026', '0-1-2026', '28 xyz 2026', 'morgen', '2026', '12-13', '28-11-20266']) {
      expect(iso(text), text).toBe('invalid');
    }
    expect(iso('29-02-2028')).toBe('2028-02-29'); // a leap year
  });

  it('is shown in the UI language, day first', () => {
    expect(formatDateField('2026-11-28', 'nl')).toBe('28-11-2026');
    expect(formatDateField('2026-11-28', 'en')).toBe('28/11/2026');
    expect(formatDateField('', 'nl')).toBe('');
  });

  it('moves by days and months across their ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});

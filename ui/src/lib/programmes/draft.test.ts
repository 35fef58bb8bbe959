import { describe, expect, it } from 'vitest';
import { blankProgramme, copyOf, num, optionalNum, slug, toSend } from './draft';
import { stop47 } from './fixtures';

describe('the programme editor draft', () => {
  it('derives ids as the core accepts them', () => {
    expect(slug('Schoolmaatschappelijk werk')).toBe('schoolmaatschappelijk-werk');
    expect(slug('GGZ-verwijzing')).toBe('ggz-verwijzing');
    expect(slug('  Één  café — test!  ')).toBe('een-cafe-test');
    expect(slug('x'.repeat(60))).toHaveLength(40);
  });

  it('sends numbers as numbers and leaves empty optionals out', () => {
    const d = blankProgramme();
    d.name = 'Test';
    d.tracks[0]!.sessions = '5' as unknown as number;
    d.tracks[0]!.sessions_max = '' as unknown as number;
    d.tracks[0]!.minutes = null as unknown as number;
    const sent = toSend(d);
    expect(sent.tracks[0]!.sessions).toBe(5);
    expect(sent.tracks[0]!.sessions_max).toBeUndefined();
    expect(sent.tracks[0]!.minutes).toBeUndefined();
    // An emptied required number is sent as 0, which the core refuses with the field named.
    expect(num('')).toBe(0);
    expect(optionalNum('12')).toBe(12);
  });

  it('copies a built-in as a programme of ones own', () => {
    const c = copyOf(stop47, 'kopie');
    expect(c.origin).toBe('user');
    expect(c.name).toBe('STOP 4-7 (kopie)');
    expect(c.id).toBe('stop-4-7-kopie');
    expect(c.tracks).toEqual(stop47.tracks);
    expect(stop47.origin).toBe('builtin');
  });
});

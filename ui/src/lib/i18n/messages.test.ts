import { describe, expect, it } from 'vitest';
import { en, nl, type MessageKey } from './messages';
import { format } from './i18n.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  const keys = Object.keys(nl) as MessageKey[];

  it('has every message in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(nl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys) {
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
    }
  });
});

describe('format', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(format('{min}–{max} jaar', { min: 4, max: 7 })).toBe('4–7 jaar');
    expect(format('Bekijk {name}', {})).toBe('Bekijk {name}');
  });
});

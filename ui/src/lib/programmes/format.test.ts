import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n.svelte';
import { agesLabel, localized, sessionsLabel, totalSessionsLabel, trackLabel } from './format';
import { stop47, time4you } from './fixtures';

afterEach(() => {
  i18n.lang = 'nl';
});

describe('programme formatting', () => {
  it('reads in Dutch by default', () => {
    expect(agesLabel(stop47)).toBe('4–7 jaar');
    expect(trackLabel('teacher')).toBe('Leerkracht');
    expect(totalSessionsLabel(stop47)).toBe('24');
    expect(localized(stop47.target_group)).toBe('Kinderen van 4 tot 7 jaar.');
  });

  it('shows a range for tracks of varying length', () => {
    expect(sessionsLabel(time4you.tracks[0]!)).toBe('4 tot 26');
    expect(totalSessionsLabel(time4you)).toBe('4 tot 26');
  });

  it('switches to English, falling back to Dutch curriculum text', () => {
    i18n.lang = 'en';
    expect(agesLabel(stop47)).toBe('4–7 years');
    expect(sessionsLabel(time4you.tracks[0]!)).toBe('4 to 26');
    expect(localized(stop47.target_group)).toBe('Children aged 4 to 7.');
    expect(localized(time4you.target_group)).toBe('Mbo-studenten.');
  });
});

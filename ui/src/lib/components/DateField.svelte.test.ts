// The date field shows and reads dates in the UI's language, day first,
// whatever the system locale, and keeps a form from being sent with a
// text that is not a date.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n/i18n.svelte';
import DateField from './DateField.svelte';

afterEach(() => {
  cleanup();
  i18n.lang = 'nl';
});

const field = () => screen.getByRole('textbox') as HTMLInputElement;

describe('DateField', () => {
  it('shows the bound date day first in Dutch and in English', async () => {
    render(DateField, { value: '2026-09-02' });
    expect(field().value).toBe('02-09-2026');
    expect(field().placeholder).toBe('dd-mm-jjjj');
    i18n.lang = 'en';
    await vi.waitFor(() => expect(field().value).toBe('02/09/2026'));
  });

  it('binds what is typed as an ISO date and tidies it when left', async () => {
    const onchange = vi.fn();
    const props = $state({ value: '', onchange });
    render(DateField, props);
    await fireEvent.input(field(), { target: { value: '2-9-26' } });
    expect(props.value).toBe('2026-09-02');
    expect(onchange).toHaveBeenCalledTimes(1);
    await fireEvent.blur(field());
    expect(field().value).toBe('02-09-2026');
    expect(field().validity.valid).toBe(true);
  });

  it('refuses what is not a date, says so when left and keeps the last date', async () => {
    const props = $state({ value: '2026-09-02' });
    render(DateField, props);
    await fireEvent.input(field(), { target: { value: '31-02-2026' } });
    expect(props.value).toBe('2026-09-02');
    expect(field().validity.valid).toBe(false);
    expect(field().validationMessage).toContain('bijvoorbeeld 28-11-2026');
    expect(screen.queryByRole('alert')).toBeNull(); // not while typing
    await fireEvent.blur(field());
    expect(screen.getByRole('alert').textContent).toContain('Dit is geen datum');
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(field().value).toBe('31-02-2026'); // what was typed stays to be corrected
    await fireEvent.input(field(), { target: { value: '28-02-2026' } });
    await fireEvent.blur(field());
    expect(props.value).toBe('2026-02-28');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('moves a day with the arrow keys and a month with Page Up/Down', async () => {
    const props = $state({ value: '2026-12-31' });
    render(DateField, props);
    await fireEvent.keyDown(field(), { key: 'ArrowUp' });
    expect(props.value).toBe('2027-01-01');
    expect(field().value).toBe('01-01-2027');
    await fireEvent.keyDown(field(), { key: 'PageDown' });
    expect(props.value).toBe('2026-12-01');
  });

  it('follows a value set from outside, and empties', async () => {
    const props = $state({ value: '2026-09-02' });
    render(DateField, props);
    props.value = '2027-01-15';
    await vi.waitFor(() => expect(field().value).toBe('15-01-2027'));
    await fireEvent.input(field(), { target: { value: '' } });
    expect(props.value).toBe('');
  });
});

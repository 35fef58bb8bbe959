import { cleanup, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { Attempt } from '../attempt.svelte';
import { api } from '../ipc';
import ErrorBox from './ErrorBox.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('Attempt and ErrorBox', () => {
  it('keeps the core refusal message and clears it after a success', async () => {
    let fail = true;
    mockIPC(() => {
      if (fail) throw { code: 'invalid_input', message: 'Vul de naam in.' };
      return [];
    });
    const attempt = new Attempt();
    expect(await attempt.run(() => api.listRuns())).toBe(false);
    expect(attempt.error).toBe('Vul de naam in.');
    fail = false;
    expect(await attempt.run(() => api.listRuns())).toBe(true);
    expect(attempt.error).toBeNull();
  });

  it('shows an error as an alert, and nothing without one', () => {
    const { rerender } = render(ErrorBox, { error: null });
    expect(screen.queryByRole('alert')).toBeNull();
    rerender({ error: 'Er ging iets mis.', testid: 'x' });
    expect(screen.getByRole('alert').textContent).toBe('Er ging iets mis.');
  });
});

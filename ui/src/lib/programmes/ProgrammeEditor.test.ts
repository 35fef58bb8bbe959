import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Programme } from '../bindings';
import { stop47 } from './fixtures';
import ProgrammeEditor from './ProgrammeEditor.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

/** A core that refuses a save naming a field, plans a preview of two sessions, and records the calls. */
function fakeCore(refuse: { field: string; message: string } | null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === 'preview_programme') {
      return [
        { track: 'child', number: 1, date: '2026-12-04', title: 'Bijeenkomst 1' },
        { track: 'child', number: 2, date: '2026-12-11', title: 'Bijeenkomst 2' },
      ];
    }
    if (cmd === 'define_programme') {
      if (refuse) throw { code: 'programme_invalid', message: refuse.message, field: refuse.field };
      return a.programme;
    }
    return null;
  });
  return calls;
}

describe('the programme editor', () => {
  it('shows a refusal beside its field, and takes it away when that field is edited', async () => {
    fakeCore({ field: 'tracks[0].sessions', message: 'Het aantal bijeenkomsten moet minstens 1 zijn.' });
    const onSaved = vi.fn();
    render(ProgrammeEditor, { programmes: [stop47], today: '2026-11-30', onSaved });
    await fireEvent.input(screen.getByTestId('editor-name'), { target: { value: 'Schoolmaatschappelijk werk' } });
    expect((screen.getByTestId('editor-id') as HTMLInputElement).value).toBe('schoolmaatschappelijk-werk');
    await fireEvent.click(screen.getByTestId('editor-save'));
    const error = await screen.findByTestId('field-error');
    expect(error.textContent).toContain('minstens 1');
    const sessions = screen.getByTestId('editor-track-sessions');
    expect(sessions.closest('label')?.contains(error)).toBe(true);
    expect(sessions.getAttribute('aria-invalid')).toBe('true');
    expect(onSaved).not.toHaveBeenCalled();
    await fireEvent.input(sessions, { target: { value: '5' } });
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('copies a built-in programme as a new one of its own and sends it to the core', async () => {
    const calls = fakeCore(null);
    const onSaved = vi.fn();
    render(ProgrammeEditor, { programmes: [stop47], id: 'stop-4-7', copy: true, today: '2026-11-30', onSaved });
    expect((screen.getByTestId('editor-name') as HTMLInputElement).value).toBe('STOP 4-7 (eigen)');
    await waitFor(() => expect(screen.getByTestId('preview-count').textContent).toContain('2'));
    await fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = calls.find((c) => c.cmd === 'define_programme')!;
    expect(sent.args.isNew).toBe(true);
    const programme = sent.args.programme as Programme;
    expect([programme.id, programme.origin]).toEqual(['stop-4-7-eigen', 'user']);
    expect(programme.tracks).toEqual(stop47.tracks);
  });
});

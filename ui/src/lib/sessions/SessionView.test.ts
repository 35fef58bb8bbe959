// Taking attendance: every click is saved at once, and Ctrl+Z (or the undo
// button) takes the last change back in the core, not only on the screen.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attendance, Mark, SessionSheet } from '../bindings';
import { stop47 } from '../programmes/fixtures';
import SessionView from './SessionView.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const sheet: SessionSheet = {
  session: {
    id: 'ses-1',
    run_id: 'run-1',
    track: 'child',
    number: 3,
    date: '2026-09-16',
    start_time: '13:30',
    title: 'Boos zijn',
    theme: 'De woedethermometer',
    status: 'planned',
    cancel_reason: null,
  },
  run_name: 'STOP 4-7 najaar 2026',
  programme_id: 'stop-4-7',
  programme_name: 'STOP 4-7',
  person: 'child',
  rows: [
    { enrolment_id: 'enr-daan', name: 'Daan de Vries', enrolment_status: 'active', indication_ok: true, mark: null },
    { enrolment_id: 'enr-sara', name: 'Sara El Amrani', enrolment_status: 'active', indication_ok: true, mark: null },
  ],
};

/** A core that keeps the marks of one session, like the real one. */
function fakeCore() {
  const marks = new Map<string, Attendance>();
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === 'session_sheet') return structuredClone(sheet);
    if (cmd === 'record_attendance') {
      return (args.marks as Mark[]).map((m) => {
        const a: Attendance = { id: `a-${m.enrolment_id}`, session_id: 'ses-1', ...m };
        marks.set(m.enrolment_id, a);
        return a;
      });
    }
    if (cmd === 'clear_attendance') return marks.delete(args.enrolmentId as string);
    throw { code: 'internal', message: `unexpected ${cmd}` };
  });
  return { marks, calls };
}

const row = (name: string) => screen.getAllByTestId('attendance-row').find((r) => r.dataset.name === name)!;
const click = (name: string, status: string) =>
  fireEvent.click(within(row(name)).getByRole('radio', { name: new RegExp(`^${status}`) }));

describe('SessionView', () => {
  it('undoes a first mark by clearing it in the core', async () => {
    const core = fakeCore();
    render(SessionView, { id: 'ses-1', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getAllByTestId('attendance-row')).toHaveLength(2));
    await click('Daan de Vries', 'Aanwezig');
    await vi.waitFor(() => expect(row('Daan de Vries').dataset.status).toBe('present'));
    expect(core.marks.get('enr-daan')?.status).toBe('present');

    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await vi.waitFor(() => expect(row('Daan de Vries').dataset.status).toBe(''));
    expect(core.marks.has('enr-daan')).toBe(false);
    expect(core.calls.at(-1)).toMatchObject({
      cmd: 'clear_attendance',
      args: { sessionId: 'ses-1', enrolmentId: 'enr-daan', person: 'child' },
    });
    expect(screen.getByText('Ongedaan gemaakt')).toBeTruthy();
  });

  it('undoes a change by putting the earlier mark back', async () => {
    const core = fakeCore();
    render(SessionView, { id: 'ses-1', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getAllByTestId('attendance-row')).toHaveLength(2));
    await click('Sara El Amrani', 'Aanwezig');
    await vi.waitFor(() => expect(row('Sara El Amrani').dataset.status).toBe('present'));
    await click('Sara El Amrani', 'Te laat');
    await vi.waitFor(() => expect(row('Sara El Amrani').dataset.status).toBe('late'));
    await fireEvent.click(screen.getByRole('button', { name: 'Ongedaan maken' }));
    await vi.waitFor(() => expect(row('Sara El Amrani').dataset.status).toBe('present'));
    expect(core.marks.get('enr-sara')?.status).toBe('present');
  });

  it('shows the core refusal and keeps the row as it was', async () => {
    mockIPC((cmd) => {
      if (cmd === 'session_sheet') return structuredClone(sheet);
      throw { code: 'indication_missing', message: 'Dit kan nog niet: de indicatie ontbreekt.' };
    });
    render(SessionView, { id: 'ses-1', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getAllByTestId('attendance-row')).toHaveLength(2));
    await click('Daan de Vries', 'Aanwezig');
    await vi.waitFor(() => expect(screen.getByTestId('session-error').textContent).toContain('indicatie'));
    expect(row('Daan de Vries').dataset.status).toBe('');
  });
});

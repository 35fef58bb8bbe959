// A group's page: its sessions, participants and attendance grid as the
// core sends them, enrolling an existing child, and the batch export with
// its progress.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttendanceGrid, EnrolmentSummary, Run, Session } from '../bindings';
import { stop47 } from '../programmes/fixtures';
import RunView from './RunView.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const run: Run = {
  id: 'run-1',
  programme_id: 'stop-4-7',
  name: 'STOP 4-7 najaar 2026',
  start_date: '2026-09-02',
  weekday: 3,
  region: 'midden',
  location: 'De Regenboog',
  school_id: null,
  variant: null,
};

const session = (n: number, status: Session['status']): Session => ({
  id: `ses-${n}`,
  run_id: 'run-1',
  track: 'child',
  number: n,
  date: `2026-09-0${n + 1}`,
  start_time: null,
  title: `Bijeenkomst ${n}`,
  theme: '',
  status,
  cancel_reason: null,
});

const daan: EnrolmentSummary = {
  id: 'enr-daan',
  run_id: 'run-1',
  participant_id: 'p-daan',
  participant: 'Daan de Vries',
  programme: 'STOP 4-7',
  run: run.name,
  status: 'active',
  indication: true,
};

const grid: AttendanceGrid = {
  sessions: [session(1, 'held'), session(2, 'planned')],
  rows: [{ enrolment_id: 'enr-daan', name: 'Daan de Vries', cells: ['present', null] }],
};

function core(enrolled: EnrolmentSummary[]) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_runs':
        return [run];
      case 'run_sessions':
        return grid.sessions;
      case 'run_warnings':
        return [{ kind: 'group_too_small', size: enrolled.length, min: 6 }];
      case 'attendance_grid':
        return grid;
      case 'list_enrolments':
        return enrolled;
      case 'search_participants':
        return [{ id: 'p-sem', name: 'Sem Bakker', birth_date: '2021-05-01' }];
      case 'enrol':
        enrolled.push({ ...daan, id: 'enr-sem', participant_id: 'p-sem', participant: 'Sem Bakker' });
        return { id: 'enr-sem' };
      default:
        throw { code: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('RunView', () => {
  it('shows the sessions, the warnings and the grid the core sent', async () => {
    core([daan]);
    render(RunView, { id: 'run-1', programmes: [stop47], today: '2026-09-10' });
    await vi.waitFor(() => expect(screen.getByTestId('run-name').textContent).toBe(run.name));
    expect(screen.getAllByTestId('session-row')).toHaveLength(2);
    expect(screen.getByTestId('run-warnings').textContent).toContain('6');
    await fireEvent.click(screen.getByTestId('tab-grid'));
    const cells = screen.getByTestId('attendance-grid').querySelectorAll('td');
    expect([...cells].map((c) => [c.classList.contains('present'), c.classList.contains('none')])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('stays on the tab the trainer chose when the programmes arrive after it (issue 15)', async () => {
    core([daan]);
    const { rerender } = render(RunView, { id: 'run-1', programmes: [], today: '2026-09-10' });
    await vi.waitFor(() => expect(screen.getByTestId('run-name').textContent).toBe(run.name));
    await fireEvent.click(screen.getByTestId('tab-participants'));
    await vi.waitFor(() => expect(screen.getByTestId('enrolment-list').textContent).toContain('Daan'));
    await rerender({ id: 'run-1', programmes: [stop47], today: '2026-09-10' });
    expect(screen.getByTestId('tab-participants').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('enrolment-list').textContent).toContain('Daan');
  });

  it('enrols an existing child found by name', async () => {
    const calls = core([daan]);
    render(RunView, { id: 'run-1', tab: 'participants', programmes: [stop47], today: '2026-09-10' });
    await vi.waitFor(() => expect(screen.getByTestId('enrolment-list').textContent).toContain('Daan'));
    await fireEvent.input(screen.getByTestId('enrol-search'), { target: { value: 'Sem' } });
    await vi.waitFor(() => expect(screen.getByText('Sem Bakker')).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Toevoegen' }));
    await vi.waitFor(() => expect(screen.getByTestId('enrolment-list').textContent).toContain('Sem Bakker'));
    expect(calls.find((c) => c.cmd === 'enrol')?.args).toMatchObject({
      enrolment: { run_id: 'run-1', participant_id: 'p-sem', referral_date: '2026-09-10' },
    });
  });

  it('says why the page cannot be shown', async () => {
    mockIPC(() => {
      throw { code: 'store_failed', message: 'Opslaan of lezen is mislukt.' };
    });
    render(RunView, { id: 'run-1', programmes: [stop47], today: '2026-09-10' });
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('mislukt'));
  });
});

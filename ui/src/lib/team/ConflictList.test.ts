// A conflict reads as the trainer's words ("Anouk: aanwezig · Mehmet: te
// laat"), and a choice goes to the core as that choice, nothing else.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictView } from '../bindings';
import ConflictList from './ConflictList.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const conflict: ConflictView = {
  id: 'c0ffee0001',
  table: 'attendance',
  record: 'att-1',
  field: 'status',
  about: 'Aanwezigheid · Bram de Vries · bijeenkomst 3 (12-10-2026)',
  enrolment: 'enr-1',
  current: { value: 'late', text: 'late', who: 'Mehmet', when: '2026-10-12 14:05', mine: false },
  other: { value: 'present', text: 'present', who: 'Anouk', when: '2026-10-12 14:03', mine: true },
};

describe('ConflictList', () => {
  it('shows both values side by side with who made them', () => {
    render(ConflictList, { conflicts: [conflict], onResolved: () => {} });
    expect(screen.getByTestId('conflict-summary').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Mehmet: te laat · Anouk: aanwezig',
    );
    const buttons = screen.getAllByTestId('conflict-take').map((b) => b.textContent);
    expect(buttons).toEqual(['Kies “te laat”', 'Kies “aanwezig”']);
  });

  it('sends the choice and tells the page, or keeps the refusal', async () => {
    const calls: unknown[] = [];
    let refuse = false;
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (refuse) throw { code: 'sync_failed', message: "Er is geen open conflict 'c0ffee0001' (meer)." };
      return null;
    });
    const onResolved = vi.fn();
    render(ConflictList, { conflicts: [conflict], onResolved });
    await fireEvent.click(screen.getAllByTestId('conflict-take')[1]!);
    expect(calls).toEqual([['resolve_conflict', { id: 'c0ffee0001', take: { take: 'other' } }]]);
    await vi.waitFor(() => expect(onResolved).toHaveBeenCalledOnce());

    refuse = true;
    await fireEvent.click(screen.getByText('Andere waarde…'));
    await fireEvent.input(screen.getByTestId('conflict-value'), { target: { value: 'absent_excused' } });
    await fireEvent.click(screen.getByText('Bewaren'));
    expect(calls[1]).toEqual(['resolve_conflict', { id: 'c0ffee0001', take: { take: 'value', value: 'absent_excused' } }]);
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('geen open conflict'));
    expect((screen.getByTestId('conflict-value') as HTMLInputElement).value).toBe('absent_excused');
    expect(onResolved).toHaveBeenCalledOnce();
  });
});

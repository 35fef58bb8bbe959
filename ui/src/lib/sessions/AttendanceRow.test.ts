import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AttendanceRow from './AttendanceRow.svelte';

afterEach(cleanup);

describe('AttendanceRow', () => {
  it('shows five large toggles (sick too) with the current status checked', () => {
    render(AttendanceRow, { name: 'Daan de Vries', status: 'late', note: '', onStatus: () => {}, onNote: () => {} });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.textContent)).toEqual(['Aanwezig', 'Te laat', 'Afgemeld', 'Afwezig', 'Ziek']);
    expect(radios.map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'true', 'false', 'false', 'false']);
    expect(screen.getByRole('group', { name: 'Daan de Vries' }).dataset.status).toBe('late');
  });

  it('reports a click as a status, and a changed note', async () => {
    const onStatus = vi.fn();
    const onNote = vi.fn();
    render(AttendanceRow, { name: 'Sara', status: null, note: '', onStatus, onNote });
    await fireEvent.click(screen.getByRole('radio', { name: 'Afgemeld' }));
    expect(onStatus).toHaveBeenCalledWith('absent_excused');
    const note = screen.getByPlaceholderText('Korte notitie (alleen voor trainers)');
    await fireEvent.change(note, { target: { value: 'Ziek' } });
    expect(onNote).toHaveBeenCalledWith('Ziek');
  });

  it('shows why a child may not be marked present', () => {
    render(AttendanceRow, {
      name: 'Noah',
      status: null,
      note: '',
      warning: 'Indicatie ontbreekt',
      onStatus: () => {},
      onNote: () => {},
    });
    expect(screen.getByText('Indicatie ontbreekt')).toBeTruthy();
  });
});

// The passphrase screen at start: choosing one asks it twice; a wrong one
// is told and the screen stays; damage found once opened goes to the
// damage screen.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import UnlockFolderView from './UnlockFolderView.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const type = (id: string, value: string) => fireEvent.input(screen.getByTestId(id), { target: { value } });

describe('UnlockFolderView', () => {
  it('asks a new passphrase twice before anything is encrypted', async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(`${cmd} ${(args as { passphrase: string }).passphrase}`);
      return { language: 'nl' };
    });
    const onOpened = vi.fn();
    render(UnlockFolderView, { mode: 'choose', message: 'Kies eerst een herstelwachtwoord', onOpened, onDamaged: vi.fn() });
    await type('unlock-passphrase', 'vier losse woorden hier');
    await type('unlock-repeat', 'vier losse woorden daar');
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect(screen.getByRole('alert').textContent).toContain('niet gelijk');
    expect(calls).toEqual([]);
    await type('unlock-repeat', 'vier losse woorden hier');
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await vi.waitFor(() => expect(onOpened).toHaveBeenCalled());
    expect(calls).toEqual(['unlock_folder vier losse woorden hier']);
  });

  it('tells a wrong passphrase and sends damage to the damage screen', async () => {
    let answer = { code: 'wrong_passphrase', message: 'Dat is niet het herstelwachtwoord van deze gegevens.' };
    mockIPC(() => {
      throw answer;
    });
    const onDamaged = vi.fn();
    render(UnlockFolderView, { mode: 'open', message: 'Geef het herstelwachtwoord', onOpened: vi.fn(), onDamaged });
    expect(screen.queryByTestId('unlock-repeat')).toBeNull();
    await type('unlock-passphrase', 'niet het goede');
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await vi.waitFor(() => expect(screen.getByText(/niet het herstelwachtwoord/)).toBeTruthy());
    answer = { code: 'database_damaged', message: 'Het gegevensbestand is beschadigd' };
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await vi.waitFor(() => expect(onDamaged).toHaveBeenCalledWith('Het gegevensbestand is beschadigd'));
  });
});

// Erasing a dossier takes two steps and the child's name typed again; the
// access request sends the items the trainer ticked to be left out.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DossierPrivacyCard from './DossierPrivacyCard.svelte';
import type { Call } from '../mockCore.test-helpers';

afterEach(() => {
  cleanup();
  clearMocks();
});

const participant = {
  id: 'p-1',
  given_name: 'Daan',
  family_name: 'de Vries',
  birth_date: '2020-08-12',
  school_id: null,
  class_name: 'groep 3',
};

function core(): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === 'inzage_items') {
      return [{ id: 'g-1', kind: 'guardian', date: null, text: 'Marloes de Vries (moeder) 06-12345678' }];
    }
    if (cmd === 'export_inzage') return { pdf: '/data/verslagen/inzage.pdf', json: '/data/verslagen/inzage.json', withheld: 1 };
    // The folder dialog: she chooses a folder of her own.
    if (cmd === 'ask_save_in_folder') {
      const paths = (args as { paths: string[] }).paths;
      return { folder: '/home/anouk/Inzage', files: paths.map((p) => p.replace('/data/verslagen', '/home/anouk/Inzage')) };
    }
    if (cmd === 'erase_dossier') return { erasure: {}, records: 42, files: [], backups: 2, unreached: [] };
    return [];
  });
  return calls;
}

describe('DossierPrivacyCard', () => {
  it('erases only after a reason, a second step and the typed name', async () => {
    const calls = core();
    const onErased = vi.fn();
    render(DossierPrivacyCard, { participant, today: '2026-11-29', onErased });
    await fireEvent.click(screen.getByTestId('open-erase'));
    await fireEvent.input(screen.getByTestId('erase-reason'), { target: { value: 'Verzoek van moeder per e-mail' } });
    await fireEvent.click(screen.getByTestId('erase-next'));
    const confirm = screen.getByTestId('erase-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(screen.getByTestId('erase-step-2').textContent).toContain('Daan de Vries');
    await fireEvent.input(screen.getByTestId('erase-confirm-name'), { target: { value: 'Daan de Vries' } });
    await fireEvent.click(confirm);
    await vi.waitFor(() => expect(onErased).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'erase_dossier')?.args).toMatchObject({
      request: {
        participant_id: 'p-1',
        kind: 'request',
        reason: 'Verzoek van moeder per e-mail',
        requested_on: '2026-11-29',
        confirm: 'Daan de Vries',
      },
    });
  });

  it('leaves out what was ticked in the access request', async () => {
    const calls = core();
    render(DossierPrivacyCard, { participant, today: '2026-11-29', onErased: () => {} });
    await fireEvent.click(screen.getByTestId('open-inzage'));
    await vi.waitFor(() => expect(screen.getByTestId('inzage-exclude')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('inzage-exclude'));
    await fireEvent.click(screen.getByTestId('make-inzage'));
    await vi.waitFor(() => expect(screen.getByTestId('inzage-made').textContent).toContain('/home/anouk/Inzage/inzage.pdf'));
    expect(calls.find((c) => c.cmd === 'export_inzage')?.args).toMatchObject({ participantId: 'p-1', exclude: ['g-1'] });
    // Both files go to the folder dialog together.
    expect(calls.find((c) => c.cmd === 'ask_save_in_folder')?.args).toMatchObject({
      paths: ['/data/verslagen/inzage.pdf', '/data/verslagen/inzage.json'],
    });
    expect(screen.getByTestId('saved-file')).toBeTruthy();
  });

  it('says so when the folder dialog is cancelled, and shows no file', async () => {
    mockIPC((cmd) => {
      if (cmd === 'inzage_items') return [];
      if (cmd === 'export_inzage') return { pdf: '/data/verslagen/inzage.pdf', json: '/data/verslagen/inzage.json', withheld: 0 };
      if (cmd === 'ask_save_in_folder') return null;
      return [];
    });
    render(DossierPrivacyCard, { participant, today: '2026-11-29', onErased: () => {} });
    await fireEvent.click(screen.getByTestId('open-inzage'));
    await vi.waitFor(() => expect(screen.getByTestId('make-inzage')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('make-inzage'));
    await vi.waitFor(() => expect(screen.getByTestId('inzage-not-saved')).toBeTruthy());
    expect(screen.queryByTestId('inzage-made')).toBeNull();
  });
});

// An import in the window: first the review (nothing changes), the
// sensitive lines apart, and only a click on Inlezen imports.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '@tauri-apps/api/core';
import type { ImportReview, Progress } from '../bindings';
import ImportCard from './ImportCard.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const review = (applied: boolean): ImportReview => ({
  applied,
  changed: 2,
  conflicts: 0,
  tables: [
    { table: 'consent', label: 'Toestemmingen', new: 1, changed: 0, deleted: 0 },
    { table: 'observation', label: 'Observaties', new: 0, changed: 1, deleted: 0 },
  ],
  widened: ['Observatie van 12-10-2026 (Daan de Vries): alleen trainers → de ouders'],
  consents: ['Toestemming toegevoegd: Daan de Vries, delen met de school, gegeven door vader'],
  programmes: [],
});

describe('ImportCard', () => {
  it('shows what would change and imports only after the click', async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(`${cmd} ${(args as { path: string }).path}`);
      return review(cmd === 'import_file');
    });
    render(ImportCard);
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/tmp/anouk.json' } });
    await fireEvent.click(screen.getByTestId('import-look'));
    await vi.waitFor(() => expect(screen.getByTestId('import-review')).toBeTruthy());
    expect(calls).toEqual(['review_import /tmp/anouk.json']);
    const rows = screen.getAllByTestId('import-table').map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Toestemmingen', '1', '0', '0'],
      ['Observaties', '0', '1', '0'],
    ]);
    expect(screen.getByTestId('import-widened').textContent).toContain('alleen trainers → de ouders');
    expect(screen.getByTestId('import-consents').textContent).toContain('Toestemming toegevoegd');
    expect(screen.queryByTestId('import-programmes')).toBeNull();

    await fireEvent.click(screen.getByTestId('import-apply'));
    await vi.waitFor(() => expect(screen.getByTestId('import-done').textContent).toContain('2 records veranderd'));
    expect(calls).toEqual(['review_import /tmp/anouk.json', 'import_file /tmp/anouk.json']);
    expect(screen.queryByTestId('import-review')).toBeNull();
  });

  it('keeps the path and shows the refusal', async () => {
    mockIPC(() => {
      throw { code: 'import_invalid', message: 'Het bestand is niet ingelezen: bij records.runs[0] klopt iets niet.' };
    });
    render(ImportCard);
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/tmp/kapot.json' } });
    await fireEvent.click(screen.getByTestId('import-look'));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('records.runs[0]'));
    expect((screen.getByTestId('import-path') as HTMLInputElement).value).toBe('/tmp/kapot.json');
    expect(screen.queryByTestId('import-apply')).toBeNull();
  });

  it('asks the passphrase of an encrypted file and sends it', async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      const { passphrase } = args as { passphrase: string | null };
      calls.push(`${cmd} ${passphrase}`);
      if (passphrase !== 'het wachtwoord van anouk')
        throw { code: 'export_passphrase_needed', message: 'Dit bestand is versleuteld.' };
      return review(cmd === 'import_file');
    });
    render(ImportCard);
    expect(screen.queryByTestId('import-passphrase')).toBeNull();
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/tmp/anouk.json.age' } });
    await fireEvent.click(screen.getByTestId('import-look'));
    await vi.waitFor(() => expect(screen.getByText('Dit bestand is versleuteld.')).toBeTruthy());
    await fireEvent.input(screen.getByTestId('import-passphrase'), { target: { value: 'het wachtwoord van anouk' } });
    await fireEvent.click(screen.getByTestId('import-look'));
    await vi.waitFor(() => expect(screen.getByTestId('import-review')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('import-apply'));
    await vi.waitFor(() => expect(screen.getByTestId('import-done')).toBeTruthy());
    expect(calls).toEqual([
      'review_import null',
      'review_import het wachtwoord van anouk',
      'import_file het wachtwoord van anouk',
    ]);
  });

  it('shows how far a long review is while it runs, and no bar once done (issue 15, item 11)', async () => {
    let finish: (r: ImportReview) => void = () => {};
    mockIPC((_cmd, args) => {
      const progress = (args as { onProgress: Channel<Progress> }).onProgress;
      progress.onmessage({ stage: 'checking', done: 120000, total: 120000 });
      progress.onmessage({ stage: 'merging', done: 30000, total: 120000 });
      return new Promise<ImportReview>((resolve) => (finish = resolve));
    });
    render(ImportCard);
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/tmp/tien-jaar.json' } });
    await fireEvent.click(screen.getByTestId('import-look'));
    const bar = await screen.findByTestId('job-progress');
    expect(bar.textContent).toContain('Inlezen');
    expect(bar.textContent?.replace(/\s/g, ' ')).toContain('30.000 van 120.000');
    expect(bar.querySelector('progress')?.value).toBe(30000);
    finish(review(false));
    await vi.waitFor(() => expect(screen.getByTestId('import-review')).toBeTruthy());
    expect(screen.queryByTestId('job-progress')).toBeNull();
  });
});

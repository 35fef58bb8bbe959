import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnrolmentOverview, LibraryTip, Tip } from '../bindings';
import { stop47 } from '../programmes/fixtures';
import ReportEditor from './ReportEditor.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const library: LibraryTip[] = [
  {
    id: 'tot-tien-tellen',
    title: 'Tot tien tellen',
    text: 'Herinner rustig aan het tellen.',
    audience: 'school',
    tool: null,
    programmes: ['stop-4-7'],
  },
  {
    id: 'korte-opdrachten',
    title: 'Korte, duidelijke opdrachten',
    text: 'Eén opdracht tegelijk.',
    audience: 'school',
    tool: null,
    programmes: [],
  },
];

/** Only the fields the editor reads; the rest of the overview is not needed here. */
function overview(tips: Tip[], consent: boolean, withoutIndication = false): EnrolmentOverview {
  return {
    participant: { given_name: 'Daan', family_name: 'de Vries' },
    programme_id: 'stop-4-7',
    programme_name: 'STOP 4-7',
    run_name: 'STOP 4-7 najaar',
    consents: consent ? [{ id: 'c', audience: 'school', withdrawn_on: null }] : [],
    shares_with_school: consent,
    flags: withoutIndication ? [{ kind: 'attendance_without_indication', sessions: 2, first: '2026-09-30' }] : [],
    tips,
    timeline: [
      {
        type: 'observation',
        observation: {
          id: 'obs-1',
          enrolment_id: 'enr-1',
          date: '2026-10-07',
          text: 'Vertrouwelijk gesprek',
          audience: 'trainers',
        },
      },
    ],
  } as unknown as EnrolmentOverview;
}

/** A small fake core that keeps the selected tips, and records every call. */
function fakeCore(consent: boolean, withoutIndication = false, saveTo: string | null = null) {
  const tips: Tip[] = [];
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'enrolment_overview':
        return overview([...tips], consent, withoutIndication);
      case 'tip_library':
        return library;
      case 'final_reports':
        return [];
      case 'report_preview':
        if (args.audience === 'school' && !consent)
          throw { code: 'consent_missing', message: 'Er is geen toestemming vastgelegd.' };
        return ['<svg xmlns="http://www.w3.org/2000/svg"></svg>'];
      case 'select_library_tip': {
        const tip: Tip = {
          id: `tip-${tips.length}`,
          enrolment_id: 'enr-1',
          source: String(args.tipId),
          text: library.find((t) => t.id === args.tipId)?.text ?? '',
          audience: 'school',
        };
        tips.push(tip);
        return tip;
      }
      case 'save_observation':
        return (args as { record: object }).record;
      case 'export_end_report':
        return '/data/verslagen/eindverslag-ouders-daan-de-vries-2026-11-29.pdf';
      case 'ask_save_as':
        return saveTo;
      case 'open_file':
      case 'show_in_folder':
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

describe('ReportEditor', () => {
  it('shows the real pages and selects a library tip, then renders again', async () => {
    const calls = fakeCore(true);
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(1));
    expect(screen.getByText('Korte, duidelijke opdrachten')).toBeTruthy();
    const previews = () => calls.filter((c) => c.cmd === 'report_preview').length;
    const before = previews();
    await fireEvent.click(screen.getByTestId('library-tot-tien-tellen'));
    await vi.waitFor(() => expect(screen.getAllByTestId('chosen-tip')).toHaveLength(1));
    expect(calls.find((c) => c.cmd === 'select_library_tip')?.args).toMatchObject({
      enrolmentId: 'enr-1',
      tipId: 'tot-tien-tellen',
    });
    expect(screen.getByTestId('chosen-tip').textContent).toContain('Tot tien tellen');
    await vi.waitFor(() => expect(previews()).toBeGreaterThan(before));
  });

  it('warns of attendance recorded without a valid indication (issue 15, item 8)', async () => {
    fakeCore(true, true);
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    const warning = await screen.findByTestId('report-without-indication');
    expect(warning.textContent).toContain('Aanwezigheid zonder geldige indicatie: 2×');
  });

  it('says what is missing instead of a preview when the school has no consent', async () => {
    fakeCore(false);
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getByTestId('preview-error').textContent).toContain('toestemming'));
    expect(screen.getByTestId('report-consent-missing')).toBeTruthy();
    expect(screen.queryAllByRole('img')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('report-for-parents'));
    await vi.waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(1));
  });

  it('marks an observation for the school only when the trainer chooses so', async () => {
    const calls = fakeCore(true);
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    const select = (await screen.findByTestId('observation-audience')) as HTMLSelectElement;
    expect(select.value).toBe('trainers');
    await fireEvent.change(select, { target: { value: 'school' } });
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === 'save_observation')).toBe(true));
    expect(calls.find((c) => c.cmd === 'save_observation')?.args).toMatchObject({
      record: { id: 'obs-1', audience: 'school', text: 'Vertrouwelijk gesprek' },
    });
  });

  it('asks where to save the PDF, then opens it or shows its folder', async () => {
    const calls = fakeCore(true, false, '/home/juf/Documenten/Eindverslag Daan.pdf');
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    await fireEvent.click(await screen.findByTestId('save-pdf'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('report-notice').textContent).toBe('Opgeslagen in /home/juf/Documenten/Eindverslag Daan.pdf'),
    );
    expect(calls.find((c) => c.cmd === 'ask_save_as')?.args).toEqual({
      path: '/data/verslagen/eindverslag-ouders-daan-de-vries-2026-11-29.pdf',
      title: 'Eindverslag opslaan',
    });
    await fireEvent.click(screen.getByTestId('open-file'));
    await fireEvent.click(screen.getByTestId('show-in-folder'));
    await vi.waitFor(() => expect(calls.filter((c) => c.cmd === 'show_in_folder')).toHaveLength(1));
    expect(calls.find((c) => c.cmd === 'open_file')?.args).toEqual({ path: '/home/juf/Documenten/Eindverslag Daan.pdf' });
  });

  it('says so when the save is cancelled, and offers nothing to open', async () => {
    fakeCore(true, false, null);
    render(ReportEditor, { id: 'enr-1', programmes: [stop47] });
    await fireEvent.click(await screen.findByTestId('save-pdf'));
    await vi.waitFor(() => expect(screen.getByTestId('report-notice').textContent).toBe('Niet opgeslagen.'));
    expect(screen.queryByTestId('open-file')).toBeNull();
  });
});

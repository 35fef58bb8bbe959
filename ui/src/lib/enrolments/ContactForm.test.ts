import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ContactForm from './ContactForm.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const props = { runId: 'run-1', enrolmentId: 'enr-1', date: '2026-10-01', onCancel: () => {} };

describe('ContactForm', () => {
  it('shows the core refusal of an empty summary and saves nothing else', async () => {
    const ipc = vi.fn(() => {
      throw { code: 'invalid_input', message: 'Vul de samenvatting in.' };
    });
    mockIPC(ipc);
    const onSaved = vi.fn();
    render(ContactForm, { ...props, onSaved });
    await fireEvent.input(screen.getByLabelText('Wie waren erbij'), { target: { value: 'moeder' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Vul de samenvatting in'));
    expect(ipc).toHaveBeenCalledTimes(1);
    expect(onSaved).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Wie waren erbij') as HTMLInputElement).value).toBe('moeder');
  });

  it('saves a home visit, confidential by default', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return (args as { record: object }).record;
    });
    const onSaved = vi.fn();
    render(ContactForm, { ...props, onSaved });
    await fireEvent.input(screen.getByLabelText('Samenvatting'), { target: { value: 'Intake aan huis' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]?.cmd).toBe('save_contact');
    expect(calls[0]?.args).toMatchObject({
      record: { kind: 'home_visit', audience: 'trainers', summary: 'Intake aan huis', date: '2026-10-01' },
    });
  });

  it('keeps what was typed when the core refuses', async () => {
    mockIPC(() => {
      throw { code: 'store_failed', message: 'Opslaan is mislukt. Probeer het opnieuw.' };
    });
    render(ContactForm, { ...props, onSaved: () => {} });
    const summary = screen.getByLabelText('Samenvatting') as HTMLTextAreaElement;
    await fireEvent.input(summary, { target: { value: 'Belangrijk gesprek' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Opslaan is mislukt'));
    expect(summary.value).toBe('Belangrijk gesprek');
  });
});

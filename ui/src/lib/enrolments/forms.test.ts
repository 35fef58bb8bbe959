// The enrolment page's forms: each sends what was typed to the right
// command (the core trims and checks it), shows a refusal beside the form,
// and keeps the draft.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ConsentForm from './ConsentForm.svelte';
import GoalForm from './GoalForm.svelte';
import IndicationForm from './IndicationForm.svelte';
import ObservationForm from './ObservationForm.svelte';
import ScoreForm from './ScoreForm.svelte';
import StatusForm from './StatusForm.svelte';
import { emptyGoal } from './drafts';
import { countingGoal, mother } from './fixtures';
import { recordingCore, refusingCore } from '../mockCore.test-helpers';

afterEach(() => {
  cleanup();
  clearMocks();
});

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));

describe('ObservationForm', () => {
  it('saves the observation with its audience and clears the text', async () => {
    const calls = recordingCore();
    const draft = { text: 'Daan hielp Sem.', audience: 'school' as const, date: '2026-10-07' };
    const onSaved = vi.fn();
    render(ObservationForm, { enrolmentId: 'enr-1', draft, onSaved, onCancel: () => {} });
    await save();
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      cmd: 'save_observation',
      args: { record: { enrolment_id: 'enr-1', text: 'Daan hielp Sem.', audience: 'school', date: '2026-10-07' } },
    });
  });

  it('keeps the text when the core refuses', async () => {
    refusingCore('Vul de observatie in.');
    render(ObservationForm, {
      enrolmentId: 'enr-1',
      draft: { text: '   ', audience: 'trainers', date: '2026-10-07' },
      onSaved: () => {},
      onCancel: () => {},
    });
    await save();
    await vi.waitFor(() => expect(screen.getByTestId('form-error').textContent).toBe('Vul de observatie in.'));
    expect((screen.getByLabelText('Wat zag je?') as HTMLTextAreaElement).value).toBe('   ');
  });
});

describe('GoalForm', () => {
  it('sends the five levels in order and the weight', async () => {
    const calls = recordingCore();
    const draft = {
      title: 'Tot tien tellen',
      levels: ['nooit', 'soms', 'meestal', 'vaak', 'altijd'],
      weight: 2,
      audience: 'school' as const,
    };
    const onSaved = vi.fn();
    render(GoalForm, { enrolmentId: 'enr-1', today: '2026-10-07', draft, onSaved, onCancel: () => {} });
    await fireEvent.click(screen.getByTestId('goal-save'));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]?.args.record).toMatchObject({
      title: 'Tot tien tellen',
      level_minus2: 'nooit',
      level_0: 'meestal',
      level_plus2: 'altijd',
      weight: 2,
      set_on: '2026-10-07',
      audience: 'school',
    });
  });

  it('shows the refusal and keeps the goal', async () => {
    refusingCore('Opslaan of lezen is mislukt. Er is niets half opgeslagen; probeer het opnieuw.');
    render(GoalForm, {
      enrolmentId: 'enr-1',
      today: '2026-10-07',
      draft: { ...emptyGoal(), title: 'Rustig blijven', levels: ['a', 'b', 'c', 'd', 'e'] },
      onSaved: () => {},
      onCancel: () => {},
    });
    await fireEvent.click(screen.getByTestId('goal-save'));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('niets half opgeslagen'));
    expect((screen.getByTestId('goal-title') as HTMLInputElement).value).toBe('Rustig blijven');
  });
});

describe('ScoreForm', () => {
  const goal = countingGoal([]);

  it('shows each level with its description and scores the chosen one', async () => {
    const calls = recordingCore();
    const onSaved = vi.fn();
    render(ScoreForm, { goal, draft: { level: 0, date: '2026-10-07', note: '' }, onSaved, onCancel: () => {} });
    expect(screen.getByText('altijd')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('score-1'));
    await fireEvent.click(screen.getByTestId('score-save'));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ cmd: 'score_goal', args: { goalId: 'goal-1', level: 1, note: null } });
  });
});

describe('IndicationForm', () => {
  it('records the indication, an empty end date as none', async () => {
    const calls = recordingCore();
    const onSaved = vi.fn();
    const draft = { number: 'BJZ-1', issuer: 'Bureau Jeugdzorg', from: '2026-09-01', until: '' };
    render(IndicationForm, { enrolmentId: 'enr-1', draft, onSaved, onCancel: () => {} });
    await fireEvent.click(screen.getByTestId('indication-save'));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      cmd: 'record_indication',
      args: { enrolmentId: 'enr-1', number: 'BJZ-1', from: '2026-09-01', until: null },
    });
  });

  it('says what is missing when the core refuses', async () => {
    refusingCore('Vul het nummer van de indicatie in.');
    const onSaved = vi.fn();
    const draft = { number: '', issuer: '', from: '2026-09-01', until: '' };
    render(IndicationForm, { enrolmentId: 'enr-1', draft, onSaved, onCancel: () => {} });
    await fireEvent.click(screen.getByTestId('indication-save'));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('nummer van de indicatie'));
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('ConsentForm', () => {
  it('records the consent of the parent chosen, for the chosen audience', async () => {
    const calls = recordingCore();
    const onSaved = vi.fn();
    const draft = { who: '', givenBy: '', audience: 'school' as const, scope: 'eindverslag', date: '2026-09-01' };
    render(ConsentForm, { enrolmentId: 'enr-1', child: 'Daan', guardians: [mother], draft, onSaved, onCancel: () => {} });
    await save();
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      cmd: 'save_consent',
      args: {
        record: { giver: 'guardian', guardian_id: 'g-1', audience: 'school', scope: 'eindverslag', withdrawn_on: null },
      },
    });
  });

  it("records the child's own consent without a parent", async () => {
    const calls = recordingCore();
    const draft = { who: 'child', givenBy: '', audience: 'school' as const, scope: 'eindverslag', date: '2026-09-01' };
    render(ConsentForm, {
      enrolmentId: 'enr-1',
      child: 'Daan',
      guardians: [mother],
      draft,
      onSaved: () => {},
      onCancel: () => {},
    });
    expect(screen.getByTestId('consent-who').textContent).toContain('Daan zelf');
    await save();
    await vi.waitFor(() => expect(calls.length).toBe(1));
    expect(calls[0]).toMatchObject({ args: { record: { giver: 'child', guardian_id: null } } });
  });
});

describe('StatusForm', () => {
  it('sends the new status and an empty reason as none', async () => {
    const calls = recordingCore();
    const onSaved = vi.fn();
    render(StatusForm, { enrolmentId: 'enr-1', draft: { status: 'completed', reason: '' }, onSaved, onCancel: () => {} });
    await fireEvent.click(screen.getByTestId('status-save'));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ cmd: 'set_enrolment_status', args: { status: 'completed', reason: null } });
  });

  it('shows why stopping is refused without a reason', async () => {
    refusingCore('Geef een reden waarom het traject stopt.');
    const onCancel = vi.fn();
    render(StatusForm, { enrolmentId: 'enr-1', draft: { status: 'stopped', reason: '' }, onSaved: () => {}, onCancel });
    await fireEvent.click(screen.getByTestId('status-save'));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('reden'));
    await fireEvent.click(screen.getByRole('button', { name: 'Annuleren' }));
    expect(onCancel).toHaveBeenCalled();
  });
});

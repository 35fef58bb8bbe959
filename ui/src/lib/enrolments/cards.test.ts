// The enrolment page's cards show what the core computed (figures,
// checklist, consent, flags); none of them computes a rule of its own.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnrolmentOverview } from '../bindings';
import { countingGoal, mother } from './fixtures';
import { recordingCore } from '../mockCore.test-helpers';
import { stop47 } from '../programmes/fixtures';
import AttendanceCard from './AttendanceCard.svelte';
import ChecklistCard from './ChecklistCard.svelte';
import EnrolmentView from './EnrolmentView.svelte';
import GoalsCard from './GoalsCard.svelte';
import IndicationConsentCard from './IndicationConsentCard.svelte';
import MeasurementsCard from './MeasurementsCard.svelte';
import ReportCard from './ReportCard.svelte';
import TimelineCard from './TimelineCard.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const goal = countingGoal([{ id: 's1', goal_id: 'goal-1', date: '2026-10-07', level: 1, note: null }]);
const motherNeeded = { who: 'guardian' as const, id: 'g-1', name: 'Marloes de Vries', relation: 'moeder' };

function overview(sharesWithSchool: boolean): EnrolmentOverview {
  return {
    enrolment: {
      id: 'enr-1',
      run_id: 'run-1',
      participant_id: 'p-1',
      referral_by: 'school',
      referral_date: '2026-08-01',
      indication_number: 'BJZ-1',
      indication_issuer: 'Bureau Jeugdzorg Utrecht',
      indication_from: '2026-08-15',
      indication_until: null,
      status: 'active',
      status_reason: null,
      outcome: null,
    },
    participant: {
      id: 'p-1',
      given_name: 'Daan',
      family_name: 'de Vries',
      birth_date: '2021-03-01',
      school_id: null,
      class_name: 'groep 2',
    },
    run_name: 'STOP 4-7 najaar 2026',
    programme_id: 'stop-4-7',
    programme_name: 'STOP 4-7',
    attendance: [
      { track: 'child', figures: { held: 4, present: 2, late: 1, excused: 1, unexcused: 0, sick: 0, unrecorded: 0, before_start: 0 } },
    ],
    checklist: [{ kind: 'home_visit', moment: 'before_start', required: 1, done: 0, deadline: null, state: 'missing' }],
    flags: [{ kind: 'contact_overdue', contact: 'home_visit' }],
    goals: [goal],
    t_score: 60,
    consents: [],
    guardians: [mother],
    school_consent: {
      audience: 'school',
      on: '2026-11-29',
      age: 5,
      needed: [motherNeeded],
      missing: sharesWithSchool ? [] : [motherNeeded],
    },
    shares_with_school: sharesWithSchool,
    tips: [],
    measurements: [],
    timeline: [
      {
        type: 'observation',
        observation: { id: 'o1', enrolment_id: 'enr-1', date: '2026-10-07', text: 'Vertrouwelijk', audience: 'trainers' },
      },
      { type: 'goal_score', goal: 'Tot tien tellen', score: goal.scores[0]! },
    ],
  };
}

describe('AttendanceCard', () => {
  it('shows attended of held per track, late counted as attended', () => {
    render(AttendanceCard, { attendance: overview(true).attendance });
    expect(screen.getByTestId('attended').textContent).toBe('3 van 4 bijgewoond');
    expect(screen.getByRole('meter').getAttribute('aria-valuenow')).toBe('75');
    expect(screen.queryByTestId('before-start')).toBeNull();
  });

  it('shows a late joiner from the start, with the unrecorded sessions named (issue 15, item 7)', () => {
    render(AttendanceCard, {
      attendance: [
        {
          track: 'child',
          figures: { held: 2, present: 2, late: 0, excused: 0, unexcused: 0, sick: 0, unrecorded: 0, before_start: 8 },
        },
        {
          track: 'parent',
          figures: { held: 3, present: 2, late: 0, excused: 0, unexcused: 0, sick: 0, unrecorded: 1, before_start: 0 },
        },
      ],
    });
    expect(screen.getAllByTestId('attended')[0]!.textContent).toBe('2 van 2 bijgewoond');
    expect(screen.getByTestId('before-start').textContent).toContain('Begonnen na bijeenkomst 8');
    expect(screen.getByTestId('unrecorded').textContent).toBe('niet geregistreerd: 1');
  });
});

describe('GoalsCard', () => {
  it('shows the T-score, the latest level with its text, and asks to score', async () => {
    const onScore = vi.fn();
    render(GoalsCard, { goals: [goal], tScore: 60, onAdd: () => {}, onScore });
    expect(screen.getByTestId('t-score').textContent).toBe('T-score 60.0');
    expect(screen.getByTestId('goal-latest').textContent).toContain('+1');
    expect(screen.getByTestId('goal-latest').textContent).toContain('vaak');
    await fireEvent.click(screen.getByTestId('score-goal'));
    expect(onScore).toHaveBeenCalledWith(goal);
  });
});

describe('audiences of goals and measurements', () => {
  it('shares a goal with the school by saving it with that audience', async () => {
    const calls = recordingCore();
    const onChanged = vi.fn();
    render(GoalsCard, { goals: [goal], tScore: 60, onAdd: () => {}, onScore: () => {}, onChanged });
    const select = screen.getByTestId('goal-audience') as HTMLSelectElement;
    expect(select.value).toBe('school');
    await fireEvent.change(select, { target: { value: 'trainers' } });
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ cmd: 'save_goal', args: { record: { id: 'goal-1', audience: 'trainers' } } });
  });

  it('adds a measurement for the trainers only unless chosen otherwise', async () => {
    const calls = recordingCore();
    const onChanged = vi.fn();
    render(MeasurementsCard, { enrolmentId: 'enr-1', measurements: [], today: '2026-11-29', onChanged });
    await fireEvent.click(screen.getByTestId('add-measurement'));
    await fireEvent.input(screen.getByTestId('measurement-instrument'), { target: { value: 'SDQ totaal' } });
    await fireEvent.click(screen.getByTestId('measurement-save'));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      cmd: 'save_measurement',
      args: { record: { instrument: 'SDQ totaal', phase: 'pre', date: '2026-11-29', audience: 'trainers' } },
    });
  });
});

describe('ChecklistCard', () => {
  it('marks a missing contact as missing', () => {
    render(ChecklistCard, { checklist: overview(true).checklist });
    const item = screen.getByTestId('checklist').querySelector('li');
    expect(item?.dataset.state).toBe('missing');
    expect(item?.textContent).toContain('0 van 1');
    expect(item?.textContent).toContain('Ontbreekt');
  });
});

describe('IndicationConsentCard', () => {
  const consent = {
    id: 'c1',
    enrolment_id: 'enr-1',
    giver: 'guardian' as const,
    guardian_id: 'g-1',
    given_by: 'moeder (Marloes de Vries)',
    audience: 'school' as const,
    scope: 'eindverslag',
    given_on: '2026-09-01',
    withdrawn_on: null,
  };

  it('shows the indication and a withdrawn consent as withdrawn', () => {
    const o = overview(false);
    render(IndicationConsentCard, {
      enrolment: o.enrolment,
      consents: [{ ...consent, withdrawn_on: '2026-10-01' }],
      check: o.school_consent,
      child: 'Daan',
      today: '2026-11-29',
      onIndication: () => {},
      onConsent: () => {},
      onChanged: () => {},
    });
    expect(screen.getByTestId('indication').textContent).toContain('BJZ-1');
    expect(screen.getByTestId('consent').textContent).toContain('ingetrokken');
  });

  it('names whose consent the core says is missing and opens the form for her', async () => {
    const o = overview(false);
    const onConsent = vi.fn();
    render(IndicationConsentCard, {
      enrolment: o.enrolment,
      consents: [],
      check: o.school_consent,
      child: 'Daan',
      today: '2026-11-29',
      onIndication: () => {},
      onConsent,
      onChanged: () => {},
    });
    const needed = screen.getByTestId('consent-needed');
    expect(needed.textContent).toContain('5-jarige');
    expect(needed.textContent).toContain('moeder (Marloes de Vries)');
    await fireEvent.click(screen.getByTestId('consent-missing'));
    expect(onConsent).toHaveBeenCalledWith('g-1');
  });

  it('withdraws a consent from the chosen day', async () => {
    const calls = recordingCore();
    const o = overview(true);
    const onChanged = vi.fn();
    render(IndicationConsentCard, {
      enrolment: o.enrolment,
      consents: [consent],
      check: o.school_consent,
      child: 'Daan',
      today: '2026-11-29',
      onIndication: () => {},
      onConsent: () => {},
      onChanged,
    });
    await fireEvent.click(screen.getByTestId('consent-withdraw'));
    await fireEvent.click(screen.getByTestId('consent-withdraw-confirm'));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({ cmd: 'save_consent', args: { record: { id: 'c1', withdrawn_on: '2026-11-29' } } });
  });
});

describe('ReportCard', () => {
  it('follows the core on consent: missing until the core says the school may read it', () => {
    const { unmount } = render(ReportCard, { overview: overview(false), schoolReport: true, latestFinal: undefined });
    expect(screen.getByTestId('report-consent-missing')).toBeTruthy();
    unmount();
    render(ReportCard, { overview: overview(true), schoolReport: true, latestFinal: undefined });
    expect(screen.queryByTestId('report-consent-missing')).toBeNull();
  });
});

describe('TimelineCard', () => {
  it('marks confidential observations and shows goal scores', () => {
    render(TimelineCard, { timeline: overview(true).timeline });
    const items = screen.getByTestId('timeline').querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Vertrouwelijk');
    expect(items[1]?.textContent).toContain('Tot tien tellen: +1');
  });
});

describe('EnrolmentView', () => {
  it('loads the page, opens a form and keeps its draft after a refusal', async () => {
    let refuse = true;
    mockIPC((cmd) => {
      if (cmd === 'enrolment_overview') return overview(true);
      if (cmd === 'final_reports') return [];
      if (cmd === 'save_observation' && refuse) throw { code: 'invalid_input', message: 'Vul de observatie in.' };
      return { id: 'x' };
    });
    render(EnrolmentView, { id: 'enr-1', today: '2026-10-07', programmes: [stop47] });
    await vi.waitFor(() => expect(screen.getByTestId('enrolment-name').textContent).toBe('Daan de Vries'));
    expect(screen.getByTestId('enrolment-flags').textContent).toContain('huisbezoek');
    await fireEvent.click(screen.getByRole('button', { name: 'Observatie' }));
    const text = screen.getByLabelText('Wat zag je?') as HTMLTextAreaElement;
    await fireEvent.input(text, { target: { value: 'Speelde mee' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await vi.waitFor(() => expect(screen.getByTestId('form-error').textContent).toBe('Vul de observatie in.'));
    // Closing and reopening the form keeps what was typed.
    await fireEvent.click(screen.getByRole('button', { name: 'Annuleren' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Observatie' }));
    expect((screen.getByLabelText('Wat zag je?') as HTMLTextAreaElement).value).toBe('Speelde mee');
    refuse = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await vi.waitFor(() => expect(screen.queryByLabelText('Wat zag je?')).toBeNull());
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ProgrammeCard from './ProgrammeCard.svelte';
import ProgrammeDetail from './ProgrammeDetail.svelte';
import { stop47, time4you } from './fixtures';

afterEach(cleanup);

describe('ProgrammeCard', () => {
  it('shows name, target group, tags and the sessions per track', () => {
    render(ProgrammeCard, { programme: stop47, onOpen: () => {} });
    expect(screen.getByRole('heading', { name: 'STOP 4-7' })).toBeTruthy();
    expect(screen.getByText('Kinderen van 4 tot 7 jaar.')).toBeTruthy();
    expect(screen.getByText('Basisonderwijs')).toBeTruthy();
    expect(screen.getByText('Indicatie nodig')).toBeTruthy();
    const tracks = screen.getByRole('list', { name: 'Trajecten' });
    const items = [...tracks.querySelectorAll('li')].map((li) =>
      [...li.querySelectorAll('span')].map((span) => span.textContent).join(' '),
    );
    expect(items).toEqual(['Kind 10', 'Ouder 10', 'Leerkracht 4']);
  });

  it('opens when clicked', async () => {
    const onOpen = vi.fn();
    render(ProgrammeCard, { programme: stop47, onOpen });
    await fireEvent.click(screen.getByRole('button', { name: /STOP 4-7/ }));
    expect(onOpen).toHaveBeenCalledOnce();
  });

  it('marks a user-defined programme without an indication tag', () => {
    render(ProgrammeCard, { programme: time4you, onOpen: () => {} });
    expect(screen.getByText('Eigen programma')).toBeTruthy();
    expect(screen.queryByText('Indicatie nodig')).toBeNull();
  });
});

describe('ProgrammeDetail', () => {
  it('lists each track with its sessions and the total', () => {
    render(ProgrammeDetail, { programme: stop47, onBack: () => {} });
    const rows = screen.getAllByTestId('track-row');
    expect(rows.map((r) => r.dataset.track)).toEqual(['child', 'parent', 'teacher']);
    expect(screen.getAllByTestId('track-sessions').map((c) => c.textContent)).toEqual([
      '10',
      '10',
      '4',
    ]);
    expect(screen.getByText('Totaal').nextElementSibling?.textContent).toBe('24');
  });

  it('goes back', async () => {
    const onBack = vi.fn();
    render(ProgrammeDetail, { programme: stop47, onBack });
    await fireEvent.click(screen.getByTestId('back'));
    expect(onBack).toHaveBeenCalledOnce();
  });
});

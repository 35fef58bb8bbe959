import { describe, expect, it } from 'vitest';
import { MARGIN, PAGE, pagesToLoad, rowsOf, visibleRows } from './pages';

describe('the participants list, a page at a time', () => {
  it('asks for the pages the visible rows lie on, with a margin, not those it holds', () => {
    const none = () => false;
    expect(pagesToLoad(0, 12, 20_000, none)).toEqual([0]);
    expect(pagesToLoad(PAGE - 5, PAGE + 5, 20_000, none)).toEqual([0, 1]);
    expect(pagesToLoad(PAGE + MARGIN, PAGE + 40, 20_000, none)).toEqual([1]);
    expect(pagesToLoad(PAGE + MARGIN - 1, PAGE + 40, 20_000, none)).toEqual([0, 1]);
    expect(pagesToLoad(5 * PAGE, 5 * PAGE + 10, 20_000, (p) => p === 5)).toEqual([4]);
    expect(pagesToLoad(19_990, 20_010, 20_000, none)).toEqual([199]);
    expect(pagesToLoad(0, 10, 0, none)).toEqual([]);
  });

  it('shows a loaded row where it belongs and nothing where its page is not loaded', () => {
    const pages = new Map([
      [0, ['a', 'b']],
      [2, ['x', 'y', 'z']],
    ]);
    const rows = rowsOf(2 * PAGE + 2, pages);
    expect(rows.length).toBe(2 * PAGE + 2);
    expect(rows.slice(0, 3)).toEqual(['a', 'b', null]);
    expect(rows.slice(-2)).toEqual(['x', 'y']);
  });

  it('counts the rows a scrolled list shows', () => {
    expect(visibleRows(0, 520, 52)).toEqual([0, 10]);
    expect(visibleRows(5200, 500, 52)).toEqual([100, 110]);
    expect(visibleRows(-10, 0, 52)).toEqual([0, 1]);
  });
});

// The participants list is read a page at a time: SQL sorts and filters,
// the window keeps the pages it has seen and asks for those the visible rows
// lie on. Pure, so it is tested apart.

/** Rows a page: about four screens of a school laptop. */
export const PAGE = 100;

/** Rows read beyond what is visible, above and below. */
export const MARGIN = 30;

/**
 * The pages that the rows `first`..`last` (with a margin) lie on and that are
 * neither loaded nor on their way, in the order they are needed.
 */
export function pagesToLoad(first: number, last: number, total: number, held: (page: number) => boolean): number[] {
  if (total <= 0) return [];
  const from = Math.max(0, Math.min(first, last) - MARGIN);
  const to = Math.min(total - 1, Math.max(first, last) + MARGIN);
  const out: number[] = [];
  for (let page = Math.floor(from / PAGE); page <= Math.floor(to / PAGE); page++) {
    if (!held(page)) out.push(page);
  }
  return out;
}

/** The whole list as the virtual list sees it: a row where its page is loaded, else null. */
export function rowsOf<T>(total: number, pages: ReadonlyMap<number, readonly T[]>): (T | null)[] {
  const out: (T | null)[] = new Array<T | null>(total).fill(null);
  for (const [page, rows] of pages) {
    rows.forEach((row, i) => {
      const at = page * PAGE + i;
      if (at < total) out[at] = row;
    });
  }
  return out;
}

/** The rows visible in a list scrolled `offset` pixels, `height` high, of rows `itemSize` high. */
export function visibleRows(offset: number, height: number, itemSize: number): [number, number] {
  const first = Math.max(0, Math.floor(offset / itemSize));
  return [first, first + Math.max(1, Math.ceil(height / itemSize))];
}

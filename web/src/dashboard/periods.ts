// The period picker's quick choices, as from/to dates in the browser's own calendar (the line's, in practice), and
// the series granularity that reads well for each.

export type Granularity = 'day' | 'week' | 'month';
export interface PeriodChoice {
  from: string;
  to: string;
  granularity: Granularity;
}
export type QuickChoice = 'lastMonth' | 'lastQuarter' | 'lastYear' | 'yearToDate';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** The last day of month `m` (1–12) of year `y`. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function quickPeriod(choice: QuickChoice, today: Date): PeriodChoice {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  switch (choice) {
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: iso(py, pm, 1), to: iso(py, pm, lastDay(py, pm)), granularity: 'day' };
    }
    case 'lastQuarter': {
      const q = Math.ceil(m / 3);
      const [qy, qq] = q === 1 ? [y - 1, 4] : [y, q - 1];
      const first = qq * 3 - 2;
      return { from: iso(qy, first, 1), to: iso(qy, first + 2, lastDay(qy, first + 2)), granularity: 'week' };
    }
    case 'lastYear':
      return { from: iso(y - 1, 1, 1), to: iso(y - 1, 12, 31), granularity: 'month' };
    case 'yearToDate':
      return { from: iso(y, 1, 1), to: iso(y, m, today.getDate()), granularity: m <= 2 ? 'day' : 'week' };
  }
}

/** The query the page sends to GET /api/stats, and the CSV link repeats. */
export function statsQueryString(p: PeriodChoice): string {
  return new URLSearchParams({ from: p.from, to: p.to, granularity: p.granularity }).toString();
}

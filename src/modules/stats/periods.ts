// Calendar periods of the case-mix: months (2025-03), quarters (2025-Q1) and years (2025), as dates.

export type Grain = 'month' | 'quarter' | 'year';

export interface Period {
  readonly id: string;
  readonly grain: Grain;
  readonly year: number;
  /** First and last date, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  /** Months 1–12 it covers. */
  readonly months: readonly number[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function monthPeriod(year: number, month: number): Period {
  return { id: `${year}-${pad(month)}`, grain: 'month', year, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}`, months: [month] };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = quarter * 3 - 2;
  return { id: `${year}-Q${quarter}`, grain: 'quarter', year, from: monthPeriod(year, first).from, to: monthPeriod(year, first + 2).to, months: [first, first + 1, first + 2] };
}

export function yearPeriod(year: number): Period {
  return { id: String(year), grain: 'year', year, from: `${year}-01-01`, to: `${year}-12-31`, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The whole periods of a grain that lie inside from … to, in order. */
export function periodsWithin(from: string, to: string, grain: Grain): Period[] {
  const result: Period[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const candidates = grain === 'year' ? [yearPeriod(year)]
      : grain === 'quarter' ? [1, 2, 3, 4].map((q) => quarterPeriod(year, q))
        : Array.from({ length: 12 }, (_, m) => monthPeriod(year, m + 1));
    for (const p of candidates) if (p.from >= from && p.to <= to) result.push(p);
  }
  return result;
}

/** The grain that fits from … to exactly (one year, or one quarter), else months. */
export function naturalGrain(from: string, to: string): Grain {
  const year = Number(from.slice(0, 4));
  if (from === yearPeriod(year).from && to === yearPeriod(year).to) return 'year';
  const quarter = Math.ceil(Number(from.slice(5, 7)) / 3);
  const q = quarterPeriod(year, quarter);
  if (from === q.from && to === q.to) return 'quarter';
  return 'month';
}

/** The first day a period's case-mix may be read: after it ended and `settleDays` more for late outcomes. */
export function availableFrom(period: Period, settleDays: number): string {
  return addDays(period.to, settleDays + 1);
}

/** The years whose snapshots a request needs: those with a period in from … to that is available today. */
export function yearsNeeded(from: string, to: string, grain: Grain, today: string, settleDays: number): number[] {
  return [...new Set(periodsWithin(from, to, grain).filter((p) => today >= availableFrom(p, settleDays)).map((p) => p.year))];
}

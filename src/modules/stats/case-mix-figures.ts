// The case-mix part of a statistics response, computed from the month snapshots alone: the steps protected (or taken
// from the chains' cache), the tables of each period, and the audit every response gets. Pure and CPU-bound, so it
// runs in the protection worker (protection-worker.ts), never on the server's event loop.
import { CaseMixChain, coveringStep, freshStep, type PeriodLayout, type StepPattern } from './case-mix.js';
import { publishedRate, type CellId, type PublishedValue } from './disclosure/index.js';
import type { MonthCounts } from './month-counts.js';
import { availableFrom, periodsWithin, type Grain, type Period } from './periods.js';
import type { CaseMixPeriod, CaseMixTable, Count, CountCell } from './service.js';

export interface CaseMixRequest {
  from: string;
  to: string;
  grain: Grain;
  crossings: readonly string[];
  today: string;
  settleDays: number;
  minCell: number;
  /**
   * Per year asked about: its snapshots and its stored step patterns (read by the main thread), and how many of its
   * months are available today.
   */
  years: ReadonlyMap<number, { months: ReadonlyMap<number, MonthCounts>; stored: ReadonlyMap<number, StepPattern>; available: number }>;
}

export interface CaseMixFigures {
  hiddenCells: number; smallCells: number; protectingCells: number; lpsSolved: number; stepsComputed: number; protectMs: number; auditMs: number;
}

export interface CaseMixOutcome {
  periods: CaseMixPeriod[];
  audit: CaseMixFigures;
  /** Steps protected for this request, for the main thread to store. */
  computedSteps: { year: number; step: number; pattern: StepPattern }[];
}

/**
 * The chains of protected steps, one per year, kept between requests (the cache that makes repeats fast). Snapshots
 * never change once taken, so a chain stays valid as months are added; `clear` forgets them all.
 */
export class CaseMixChains {
  private readonly chains = new Map<string, CaseMixChain>();

  clear(): void {
    this.chains.clear();
  }

  /** The year's chain, with the given months and stored steps added. */
  chain(year: number, minCell: number, months: ReadonlyMap<number, MonthCounts>, stored: ReadonlyMap<number, StepPattern>): CaseMixChain {
    const key = `${year}|${minCell}`;
    let chain = this.chains.get(key);
    if (!chain) this.chains.set(key, (chain = new CaseMixChain(year, new Map(), minCell)));
    chain.addMonths(months);
    chain.addStored(stored);
    return chain;
  }

  figures(q: CaseMixRequest): CaseMixOutcome {
    const figures: CaseMixFigures = { hiddenCells: 0, smallCells: 0, protectingCells: 0, lpsSolved: 0, stepsComputed: 0, protectMs: 0, auditMs: 0 };
    const computedSteps: CaseMixOutcome['computedSteps'] = [];
    const periods = periodsWithin(q.from, q.to, q.grain);
    const out: CaseMixPeriod[] = [];
    const years = new Map<number, { chain: CaseMixChain; available: number }>();
    for (const period of periods) {
      const from = availableFrom(period, q.settleDays);
      if (q.today < from) {
        out.push({ period: period.id, from: period.from, to: period.to, available: false, reason: q.today <= period.to ? 'not_ended' : 'settling', availableFrom: from });
        continue;
      }
      let year = years.get(period.year);
      if (!year) {
        const sent = q.years.get(period.year);
        if (!sent) throw new Error(`no snapshots were sent for ${period.year}`);
        years.set(period.year, (year = { chain: this.chain(period.year, q.minCell, sent.months, sent.stored), available: sent.available }));
      }
      const step = year.chain.step(freshStep(period));
      out.push(periodTables(period, step.layouts.get(period.id)!, step.values, step.withheld, q.crossings));
    }
    // Every response is audited before it leaves: the widest published step around each period served.
    for (const [, { chain, available }] of years) {
      const covering = new Set(periods.filter((p) => p.year === chain.year && q.today >= availableFrom(p, q.settleDays)).map((p) => coveringStep(p, available)));
      for (const month of covering) {
        const step = chain.step(month);
        const report = chain.reaudit(month);
        figures.lpsSolved += report.lpsSolved;
        figures.auditMs += report.ms;
        for (const s of step.suppressed.values()) {
          figures.hiddenCells++;
          if (s === 'small') figures.smallCells++;
          else figures.protectingCells++;
        }
      }
      for (const computed of chain.takeComputed()) {
        figures.stepsComputed++;
        figures.lpsSolved += computed.audit.lpsSolved;
        figures.protectMs += computed.audit.ms;
        computedSteps.push({ year: chain.year, step: computed.month, pattern: computed.pattern });
      }
    }
    return { periods: out, audit: figures, computedSteps };
  }
}

function periodTables(period: Period, layout: PeriodLayout, values: ReadonlyMap<CellId, PublishedValue>, withheld: ReadonlySet<CellId>, crossings: readonly string[]): CaseMixPeriod {
  const count = (id: CellId): Count => (withheld.has(id) ? null : (values.get(id) ?? null));
  const cell = (id: CellId, base: CellId): CountCell => {
    const c = count(id);
    const b = count(base);
    return { count: c, percent: c === null || b === null ? null : publishedRate(c, b) };
  };
  const total = count(layout.total);
  const tables: CaseMixTable[] = [
    ...layout.single.map((t): CaseMixTable => ({ table: t.attribute, kind: 'one-way', attribute: t.attribute, rows: t.rows.map((r) => ({ value: r.value, ...cell(r.id, t.total) })), total: count(t.total) })),
    ...layout.sets.map((t): CaseMixTable => ({ table: t.attribute, kind: 'set', attribute: t.attribute, rows: t.rows.map((r) => ({ value: r.value, ...cell(r.id, t.total) })), total: count(t.total) })),
    {
      table: 'riskFlags', kind: 'flags', attribute: 'riskFlags', total,
      rows: layout.flags.map(({ flag, layout: f }) => ({ value: flag, yes: cell(f.rows[0]!.id, f.total), no: cell(f.rows[1]!.id, f.total), unknown: cell(f.rows[2]!.id, f.total) })),
    },
    ...layout.crossings.filter((c) => crossings.includes(c.name)).map(({ name, layout: t }): CaseMixTable => ({
      table: name, kind: 'two-way', rowAttribute: t.rowAttribute, columnAttribute: t.columnAttribute,
      rowValues: [...t.rowValues], columnValues: [...t.columnValues],
      cells: t.cells.map((row, i) => row.map((id) => cell(id, t.rowTotals[i]!))),
      rowTotals: t.rowTotals.map(count), columnTotals: t.columnTotals.map(count), total: count(t.total),
    })),
  ];
  return { period: period.id, from: period.from, to: period.to, available: true, total, tables };
}

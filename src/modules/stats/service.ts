// The statistics a supervisor reads (docs/architecture.md, "Statistics and disclosure control"): operational figures
// for any period, case-mix for whole periods that have ended, disclosure control and its audit on every response.
import type { Database } from '../../infra/db/database.js';
import { isPublicHoliday } from '../../infra/danish-holidays.js';
import { callHeatMap, operationalCounts, type Granularity, type OperationalRow } from '../calls/index.js';
import { followupFigures, type FollowupFigures } from '../followups/index.js';
import { CaseMixChain, coveringStep, freshStep, type PeriodLayout } from './case-mix.js';
import { CROSSING_NAMES } from './catalogue.js';
import { publishedRate, publishedStatistic, type CellId, type PublishedValue } from './disclosure/index.js';
import { addDays, availableFrom, monthPeriod, periodsWithin, type Grain, type Period } from './periods.js';
import { monthSnapshots } from './snapshots.js';

export interface StatsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  /** The grain of the case-mix periods inside from … to; `none` leaves case-mix out. */
  caseMix: Grain | 'none';
  /** Which crossings to include: all (default), none, or one by name. */
  cross: 'all' | 'none' | string;
}

export type Count = PublishedValue | null;
export type Figure = number | 'x' | null;
export interface CountCell { count: Count; percent: Figure }

export interface OperationalFigures {
  bucket: string;
  calls: number;
  answered: number;
  missed: number;
  queueTimeout: number;
  closed: number;
  blocked: number;
  abandonedBeforeAnswer: number;
  abandonedInQueue: number;
  inProgress: number;
  /** Offered to a psychologist: answered, missed, queue timeouts and both kinds of abandoned calls. */
  offered: number;
  abandonRate: Figure;
  answerRate: Figure;
  timeToAnswer: { n: number; meanSeconds: Figure; p90Seconds: Figure };
  queueTime: { queued: number; bands: Record<string, number>; p90Band: string | 'x' | null };
  durationBands: Record<string, number>;
}

export type CaseMixTable =
  | { table: string; kind: 'one-way' | 'set'; attribute: string; rows: Array<{ value: string } & CountCell>; total: Count }
  | { table: string; kind: 'flags'; attribute: string; rows: Array<{ value: string; yes: CountCell; no: CountCell; unknown: CountCell }>; total: Count }
  | {
    table: string; kind: 'two-way'; rowAttribute: string; columnAttribute: string; rowValues: string[]; columnValues: string[];
    /** cells[i][j], percent of the row total. */
    cells: CountCell[][]; rowTotals: Count[]; columnTotals: Count[]; total: Count;
  };

export type CaseMixPeriod =
  | { period: string; from: string; to: string; available: true; total: Count; tables: CaseMixTable[] }
  | { period: string; from: string; to: string; available: false; reason: 'not_ended' | 'settling'; availableFrom: string };

export interface StatsResult {
  period: { from: string; to: string; granularity: Granularity };
  minCell: number;
  smallLabel: string;
  method: string;
  operational: {
    total: OperationalFigures;
    series: OperationalFigures[];
    /** heatMap.calls[weekday 0 = Monday][hour], and the same for calls nobody took. */
    heatMap: { calls: number[][]; unanswered: number[][] };
  };
  followups: Omit<FollowupFigures, 'medianWorkingDaysToFirstContact'> & { medianWorkingDaysToFirstContact: Figure };
  caseMix: { grain: Grain | 'none'; crossings: string[]; periods: CaseMixPeriod[] };
  audit: { hiddenCells: number; smallCells: number; protectingCells: number; lpsSolved: number; stepsComputed: number; ms: number; auditMs: number };
}

export const METHOD = 'primary suppression of counts 1 to minCell−1, secondary suppression (x) chosen by audit, every hidden cell audited by linear programming over all published tables, margins and overlapping periods';

const DURATION_BANDS = ['<5', '5-15', '15-30', '>30'] as const;
const QUEUE_BANDS = ['<1', '1-3', '3-5', '>5'] as const;

export interface StatsServiceDeps {
  db: Database;
  minCell: number;
  settleDays: number;
  today(): string;
  closures(): Promise<readonly string[]>;
}

export class StatsService {
  private readonly chains = new Map<number, CaseMixChain>();

  constructor(private readonly deps: StatsServiceDeps) {}

  /** Forgets the protected case-mix (a benchmark's cold runs; tests that clear the snapshots). */
  clearCache(): void {
    this.chains.clear();
  }

  async figures(q: StatsQuery): Promise<StatsResult> {
    const started = performance.now();
    const { db, minCell } = this.deps;
    const today = this.deps.today();
    const [rows, heat, followups] = await Promise.all([
      operationalCounts(db, q),
      callHeatMap(db, q),
      this.followups(q, today),
    ]);
    const caseMix = await this.caseMix(q, today);
    const operational = this.operational(q, rows, heat);
    return {
      period: { from: q.from, to: q.to, granularity: q.granularity },
      minCell,
      smallLabel: `<${minCell}`,
      method: METHOD,
      operational,
      followups,
      caseMix: caseMix.result,
      audit: { ...caseMix.audit, ms: performance.now() - started },
    };
  }

  private operational(q: StatsQuery, rows: OperationalRow[], heat: Awaited<ReturnType<typeof callHeatMap>>): StatsResult['operational'] {
    const empty = (bucket: string): OperationalRow => ({
      bucket, calls: 0, answered: 0, missed: 0, queueTimeout: 0, closed: 0, blocked: 0, abandoned: 0, abandonedInQueue: 0, inProgress: 0,
      answerTimes: 0, answerMeanSeconds: null, answerP90Seconds: null,
      durationBands: { '<5': 0, '5-15': 0, '15-30': 0, '>30': 0 }, queueBands: { '<1': 0, '1-3': 0, '3-5': 0, '>5': 0 },
    });
    const byBucket = new Map(rows.filter((r) => r.bucket !== null).map((r) => [r.bucket!, r]));
    const total = rows.find((r) => r.bucket === null) ?? empty('total');
    const calls = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    const unanswered = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    for (const h of heat) {
      calls[h.weekday - 1]![h.hour] = h.calls;
      unanswered[h.weekday - 1]![h.hour] = h.unanswered;
    }
    return {
      total: this.derive({ ...total, bucket: 'total' }),
      series: buckets(q.from, q.to, q.granularity).map((b) => this.derive(byBucket.get(b) ?? empty(b))),
      heatMap: { calls, unanswered },
    };
  }

  private derive(r: OperationalRow): OperationalFigures {
    const { minCell } = this.deps;
    const offered = r.answered + r.missed + r.queueTimeout + r.abandoned + r.abandonedInQueue;
    const queued = QUEUE_BANDS.reduce((s, b) => s + r.queueBands[b], 0);
    const round = (v: number | null) => (v === null ? 0 : Math.round(v));
    return {
      bucket: r.bucket!,
      calls: r.calls, answered: r.answered, missed: r.missed, queueTimeout: r.queueTimeout, closed: r.closed, blocked: r.blocked,
      abandonedBeforeAnswer: r.abandoned, abandonedInQueue: r.abandonedInQueue, inProgress: r.inProgress, offered,
      abandonRate: publishedRate(r.abandoned + r.abandonedInQueue, offered),
      answerRate: publishedRate(r.answered, offered),
      timeToAnswer: {
        n: r.answerTimes,
        meanSeconds: publishedStatistic(r.answerTimes, minCell, () => round(r.answerMeanSeconds)),
        p90Seconds: publishedStatistic(r.answerTimes, minCell, () => round(r.answerP90Seconds)),
      },
      queueTime: {
        queued,
        bands: { ...r.queueBands },
        // The bands are all the record keeps of a wait: the 90th percentile is named by the band it falls in.
        p90Band: publishedStatistic(queued, minCell, () => 0) === 'x' ? 'x' : queued === 0 ? null : percentileBand(r.queueBands, 0.9),
      },
      durationBands: Object.fromEntries(DURATION_BANDS.map((b) => [b, r.durationBands[b]])),
    };
  }

  private async followups(q: StatsQuery, today: string): Promise<StatsResult['followups']> {
    const closures = await this.deps.closures();
    const nonWorkingDays: string[] = [...closures];
    // Holidays from the period's start to well after its end (first contacts come after creation).
    for (let d = q.from, end = addDays(q.to < today ? q.to : today, 60); d <= end; d = addDays(d, 1)) if (isPublicHoliday(d)) nonWorkingDays.push(d);
    const f = await followupFigures(this.deps.db, { from: q.from, to: q.to, today, nonWorkingDays });
    return { ...f, medianWorkingDaysToFirstContact: publishedStatistic(f.firstContacts, this.deps.minCell, () => f.medianWorkingDaysToFirstContact ?? 0) };
  }

  private async caseMix(q: StatsQuery, today: string) {
    const figures = { hiddenCells: 0, smallCells: 0, protectingCells: 0, lpsSolved: 0, stepsComputed: 0, auditMs: 0 };
    const crossings = q.cross === 'all' ? CROSSING_NAMES : q.cross === 'none' ? [] : [q.cross];
    if (q.caseMix === 'none') return { result: { grain: 'none' as const, crossings, periods: [] }, audit: figures };
    const periods = periodsWithin(q.from, q.to, q.caseMix);
    const out: CaseMixPeriod[] = [];
    const years = new Map<number, { chain: CaseMixChain; available: number }>();
    for (const period of periods) {
      const from = availableFrom(period, this.deps.settleDays);
      if (today < from) {
        out.push({ period: period.id, from: period.from, to: period.to, available: false, reason: today <= period.to ? 'not_ended' : 'settling', availableFrom: from });
        continue;
      }
      const { chain, available } = years.get(period.year) ?? (await this.chainFor(period.year, today));
      years.set(period.year, { chain, available });
      const step = chain.step(freshStep(period));
      out.push(this.periodTables(period, step.layouts.get(period.id)!, step.values, step.withheld, crossings));
    }
    // Every response is audited before it leaves: the widest published step around each period served.
    const started = performance.now();
    for (const [, { chain, available }] of years) {
      const covering = new Set(periods.filter((p) => years.has(p.year) && p.year === chain.year && today >= availableFrom(p, this.deps.settleDays)).map((p) => coveringStep(p, available)));
      for (const month of covering) {
        const step = chain.step(month);
        figures.lpsSolved += chain.reaudit(month).lpsSolved;
        for (const s of step.suppressed.values()) {
          figures.hiddenCells++;
          if (s === 'small') figures.smallCells++;
          else figures.protectingCells++;
        }
      }
      for (const computed of chain.takeComputed()) {
        figures.stepsComputed++;
        figures.lpsSolved += computed.lpsSolved;
      }
    }
    figures.auditMs = performance.now() - started;
    return { result: { grain: q.caseMix, crossings, periods: out }, audit: figures };
  }

  /** The year's chain, with the snapshots of every month of it that is available today. */
  private async chainFor(year: number, today: string): Promise<{ chain: CaseMixChain; available: number }> {
    const months = Array.from({ length: 12 }, (_, m) => m + 1).filter((m) => today >= availableFrom(monthPeriod(year, m), this.deps.settleDays));
    const snapshots = await monthSnapshots(this.deps.db, year, months, today);
    let chain = this.chains.get(year);
    if (!chain) this.chains.set(year, (chain = new CaseMixChain(year, new Map(), this.deps.minCell)));
    chain.addMonths(snapshots);
    return { chain, available: months.length };
  }

  private periodTables(period: Period, layout: PeriodLayout, values: ReadonlyMap<CellId, PublishedValue>, withheld: ReadonlySet<CellId>, crossings: readonly string[]): CaseMixPeriod {
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
}

/** The band holding the given share of the waits, counted from the shortest. */
function percentileBand(bands: Record<string, number>, share: number): string {
  const total = QUEUE_BANDS.reduce((s, b) => s + bands[b]!, 0);
  let seen = 0;
  for (const b of QUEUE_BANDS) {
    seen += bands[b]!;
    if (seen >= share * total) return b;
  }
  return QUEUE_BANDS.at(-1)!;
}

/** Every bucket of the period, in order, named as SQL names them. */
export function buckets(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  if (granularity === 'month') {
    for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((m = 1), y++) : m++) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
    }
    return out;
  }
  let day = from;
  if (granularity === 'week') {
    const weekday = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
    day = addDays(from, -weekday);
  }
  for (; day <= to; day = addDays(day, granularity === 'week' ? 7 : 1)) out.push(day);
  return out;
}

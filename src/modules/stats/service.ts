// The statistics a supervisor reads (docs/architecture.md, "Statistics and disclosure control"): operational figures
// for any period, case-mix for whole periods that have ended, disclosure control and its audit on every response.
import type { Database } from '../../infra/db/database.js';
import { isPublicHoliday } from '../../infra/danish-holidays.js';
import { callHeatMap, firstCallDate, operationalCounts, type Granularity, type OperationalRow } from '../calls/index.js';
import { followupFigures } from '../followups/index.js';
import type { CaseMixFigures } from './case-mix-figures.js';
import { CROSSING_NAMES } from './catalogue.js';
// Not the disclosure index: that loads the LP solver (WebAssembly, about 30 MB), which only the protection worker uses.
import { publishedRate, publishedStatistic } from './disclosure/derived-figures.js';
import type { StepPattern } from './case-mix.js';
import type { MonthCounts } from './month-counts.js';
import { addDays, availableFrom, monthPeriod, yearsNeeded, type Grain } from './periods.js';
import type { ProtectionPool } from './protection-pool.js';
import type { OperationalFigures, PublishedStats } from '../../shared/published-stats.js';
import { monthSnapshots } from './snapshots.js';
import { storedSteps, storeSteps } from './protected-steps.js';

export interface StatsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  /** The grain of the case-mix periods inside from … to; `none` leaves case-mix out. */
  caseMix: Grain | 'none';
  /** Which crossings to include: all (default), none, or one by name. */
  cross: 'all' | 'none' | string;
}

export type { CaseMixPeriod, CaseMixTable, Count, CountCell, Figure, OperationalFigures } from '../../shared/published-stats.js';

export interface StatsResult extends PublishedStats {
  /** For the debug log (not sent): cells hidden, programs solved, steps protected anew, and where the time went. */
  audit: {
    hiddenCells: number; smallCells: number; protectingCells: number; lpsSolved: number; stepsComputed: number;
    /** The whole request. */ ms: number;
    /** Suppression and audit of steps protected anew (cached steps cost nothing here). */ protectMs: number;
    /** The audit every response gets before it leaves. */ auditMs: number;
  };
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
  /** Where the case-mix is protected and audited: a worker thread, off the event loop. */
  protection: ProtectionPool;
}

export class StatsService {
  constructor(private readonly deps: StatsServiceDeps) {}

  /** Forgets the protected case-mix (a benchmark's cold runs; tests that clear the snapshots). */
  clearCache(): void {
    this.deps.protection.clear();
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

  /**
   * Takes the snapshots and protects the steps of every month that has become readable this year and last (the
   * nightly job, stats-jobs.ts), so that a supervisor's report finds them stored rather than computing them. Years
   * before the first call on record are left alone: a new installation does not freeze its empty past, into which
   * an operator may still import earlier records.
   */
  async prepare(): Promise<{ stepsComputed: number; ms: number }> {
    const started = performance.now();
    const today = this.deps.today();
    const year = Number(today.slice(0, 4));
    const first = await firstCallDate(this.deps.db);
    let stepsComputed = 0;
    for (const y of [year - 1, year].filter((y) => first !== null && y >= Number(first.slice(0, 4)))) {
      // Month by month covers every step: a quarter's and the year's are those of their last month.
      const q: StatsQuery = { from: `${y}-01-01`, to: `${y}-12-31`, granularity: 'month', caseMix: 'month', cross: 'all' };
      stepsComputed += (await this.caseMix(q, today)).audit.stepsComputed;
    }
    return { stepsComputed, ms: performance.now() - started };
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

  private async caseMix(q: StatsQuery, today: string): Promise<{ result: StatsResult['caseMix']; audit: CaseMixFigures }> {
    const crossings = q.cross === 'all' ? CROSSING_NAMES : q.cross === 'none' ? [] : [q.cross];
    if (q.caseMix === 'none') {
      return { result: { grain: 'none', crossings, periods: [] }, audit: { hiddenCells: 0, smallCells: 0, protectingCells: 0, lpsSolved: 0, stepsComputed: 0, protectMs: 0, auditMs: 0 } };
    }
    // The database is read here; the protection and the audit, pure CPU, run in the worker (protection-pool.ts).
    const { minCell, settleDays } = this.deps;
    const years = new Map<number, { months: Map<number, MonthCounts>; stored: Map<number, StepPattern>; available: number }>();
    for (const year of yearsNeeded(q.from, q.to, q.caseMix, today, settleDays)) {
      const months = Array.from({ length: 12 }, (_, m) => m + 1).filter((m) => today >= availableFrom(monthPeriod(year, m), settleDays));
      years.set(year, { months: await monthSnapshots(this.deps.db, year, months, today), stored: await storedSteps(this.deps.db, year, minCell), available: months.length });
    }
    const outcome = await this.deps.protection.figures({ from: q.from, to: q.to, grain: q.caseMix, crossings, today, settleDays, minCell, years });
    // Another instance may have stored a step first; then its pattern is the published one, and this worker's copy
    // is forgotten so the next request restores the stored one (they agree unless the two ran different versions).
    if (outcome.computedSteps.length > 0 && !(await storeSteps(this.deps.db, minCell, today, outcome.computedSteps))) this.deps.protection.clear();
    return { result: { grain: q.caseMix, crossings, periods: outcome.periods }, audit: outcome.audit };
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

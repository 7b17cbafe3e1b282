// Case-mix publications and their protection (docs/architecture.md, "Statistics and disclosure control").
//
// The periods of one year become readable one after another, and what was published for a month must stay exactly
// as it was when its quarter and year are published later: a month shown with other hidden cells before its year
// ended would, beside the year, give away what the later pattern hides. So the year is protected as a chain of
// steps in the order its periods become readable — January, February, March with the first quarter, …, December
// with the fourth quarter and the year — and each step keeps every earlier cell as published (fixed), hiding only
// new cells to protect old ones. Each step is a pure function of the month snapshots; it is computed once and its
// pattern stored (protected-steps.ts), and a stored pattern is restored rather than computed again, so what was
// published stays as it was across instances, restarts and upgrades. Steps are also cached in memory.
import {
  audit, cellKey, DisclosureError, protect, PublicationBuilder, publishedValues, type AuditFigures, type CellId, type OneWayLayout,
  type Publication, type PublishedValue, type Suppression, type TwoWayLayout,
} from './disclosure/index.js';
import { ATTRIBUTES, ATTRIBUTE_VALUES, CROSSINGS, crossingName, FLAG_ANSWERS, FLAGS, SET_MEMBERS, SETS } from './catalogue.js';
import { monthPeriod, quarterPeriod, yearPeriod, type Period } from './periods.js';
import { sumMonths, type MonthCounts } from './month-counts.js';

const POPULATION = 'calls';

export interface SetLayout {
  readonly attribute: string;
  readonly rows: readonly { readonly value: string; readonly id: CellId }[];
  readonly total: CellId;
}

export interface PeriodLayout {
  readonly period: Period;
  readonly total: CellId;
  readonly single: readonly OneWayLayout[];
  readonly sets: readonly SetLayout[];
  readonly flags: readonly { readonly flag: string; readonly layout: OneWayLayout }[];
  readonly crossings: readonly { readonly name: string; readonly layout: TwoWayLayout }[];
}

/** Adds one period's tables to the builder: the attributes, the sets' members, the flags, and (quarters, years) the crossings. */
export function addPeriodTables(b: PublicationBuilder, period: Period, counts: MonthCounts): PeriodLayout {
  const single = ATTRIBUTES.map((attribute) =>
    b.oneWay({ population: POPULATION, period: period.id, attribute, values: ATTRIBUTE_VALUES[attribute], counts: counts.single[attribute] ?? {} }));
  const total = cellKey({ population: POPULATION, period: period.id, coords: {} });
  b.cell(total, counts.total, true, { population: POPULATION, period: period.id, coords: {} });
  // A member of a set: the calls with it are published, those without it are a structural count (never shown), so
  // the only equation is total = with + without.
  const sets = SETS.map((attribute): SetLayout => ({
    attribute,
    total,
    rows: SET_MEMBERS[attribute].map((member) => {
      const name = `${attribute}.${member}`;
      const yes = counts.sets[attribute]?.[member] ?? 0;
      const address = (value: string) => ({ population: POPULATION, period: period.id, coords: { [name]: value } });
      const id = b.cell(cellKey(address('yes')), yes, true, address('yes'));
      const without = b.cell(cellKey(address('no')), counts.total - yes, false, address('no'));
      b.equation(total, [id, without]);
      return { value: member, id };
    }),
  }));
  const flags = FLAGS.map((flag) => {
    const { yes, no } = counts.flags[flag] ?? { yes: 0, no: 0 };
    const layout = b.oneWay({ population: POPULATION, period: period.id, attribute: `riskFlags.${flag}`, values: FLAG_ANSWERS, counts: { yes, no, unknown: counts.total - yes - no } });
    return { flag, layout };
  });
  const crossings = !hasCrossings(period, counts) ? [] : CROSSINGS.map((pair) => {
    const [a, c] = pair;
    const raw = counts.pairs[`${a}|${c}`] ?? {};
    const grid: Record<string, Record<string, number>> = {};
    for (const [key, n] of Object.entries(raw)) {
      const [va, vc] = key.split('|') as [string, string];
      (grid[va] ??= {})[vc] = n;
    }
    const layout = b.twoWay({ population: POPULATION, period: period.id, rows: { attribute: a, values: ATTRIBUTE_VALUES[a] }, columns: { attribute: c, values: ATTRIBUTE_VALUES[c] }, counts: grid });
    return { name: crossingName(pair), layout };
  });
  return { period, total, single, sets, flags, crossings };
}

/**
 * Crossings are published for years of at least CROSSING_MIN_TOTAL calls. In a smaller period nearly every cell of a
 * crossing is small, and the labels alone then give margins away (four small cells of a small margin); the hidden
 * cells of crossings in months and quarters also join into one system linked to every month: with crossings in
 * every period of over 1,000 calls, a year of 1,000–1,500 calls a month took 22 s to protect and 1 s to audit per
 * response (without: 0.2 s and 5 ms). The rule depends only on the year's total, which the publication shows anyway.
 */
export const CROSSING_MIN_TOTAL = 1000;

export function hasCrossings(period: Period, counts: MonthCounts): boolean {
  return period.grain === 'year' && counts.total >= CROSSING_MIN_TOTAL;
}

export interface ProtectedStep {
  /** The step's month: the last month it covers. */
  readonly month: number;
  readonly publication: Publication;
  readonly values: ReadonlyMap<CellId, PublishedValue>;
  readonly suppressed: ReadonlyMap<CellId, Suppression>;
  /** Cells left out altogether because no suppression could protect them (rare): shown as not published. */
  readonly withheld: ReadonlySet<CellId>;
  readonly layouts: ReadonlyMap<string, PeriodLayout>;
  readonly audit: AuditFigures;
}

/** What is stored of a protected step: the cells hidden and the cells withheld. The rest follows from the snapshots. */
export interface StepPattern {
  readonly suppressed: readonly (readonly [CellId, Suppression])[];
  readonly withheld: readonly CellId[];
}

/** A step computed (not restored): its figures for the debug log and its pattern to store. */
export interface ComputedStep {
  readonly month: number;
  readonly pattern: StepPattern;
  readonly audit: AuditFigures;
}

/** The periods that become readable with month m, and all the periods its publication must contain. */
export function stepPeriods(year: number, month: number): { fresh: Period[]; family: Period[] } {
  const fresh = [monthPeriod(year, month)];
  if (month % 3 === 0) fresh.push(quarterPeriod(year, month / 3));
  if (month === 12) fresh.push(yearPeriod(year));
  if (month === 12) {
    return { fresh, family: [...Array.from({ length: 12 }, (_, m) => monthPeriod(year, m + 1)), ...[1, 2, 3, 4].map((q) => quarterPeriod(year, q)), yearPeriod(year)] };
  }
  if (month % 3 === 0) return { fresh, family: [monthPeriod(year, month - 2), monthPeriod(year, month - 1), ...fresh] };
  return { fresh, family: fresh };
}

/** The step in which a period is first published. */
export function freshStep(period: Period): number {
  return period.grain === 'month' ? period.months[0]! : period.months.at(-1)!;
}

/** The widest step published so far that contains the period: its audit covers every equation the period is in. */
export function coveringStep(period: Period, monthsAvailable: number): number {
  if (monthsAvailable === 12) return 12;
  const quarterEnd = Math.ceil(period.months.at(-1)! / 3) * 3;
  return quarterEnd <= monthsAvailable ? quarterEnd : freshStep(period);
}

/** Builds and protects the year's steps on demand (or restores stored ones), each once per snapshot set and minCell. */
export class CaseMixChain {
  private readonly steps = new Map<number, ProtectedStep>();
  private readonly stored = new Map<number, StepPattern>();

  constructor(
    readonly year: number,
    private readonly months: Map<number, MonthCounts>,
    private readonly minCell: number,
  ) {}

  /** Adds months as they become available (snapshots never change, so the steps computed so far stay valid). */
  addMonths(months: ReadonlyMap<number, MonthCounts>): void {
    for (const [m, counts] of months) if (!this.months.has(m)) this.months.set(m, counts);
  }

  /** Stored patterns of steps: used instead of protecting those steps again. */
  addStored(patterns: ReadonlyMap<number, StepPattern>): void {
    for (const [m, pattern] of patterns) if (!this.stored.has(m)) this.stored.set(m, pattern);
  }

  /** The steps computed (not cached, not stored) since the last `takeComputed`: their figures, and patterns to store. */
  private computed: ComputedStep[] = [];

  takeComputed(): ComputedStep[] {
    const taken = this.computed;
    this.computed = [];
    return taken;
  }

  step(month: number): ProtectedStep {
    const known = this.steps.get(month);
    if (known) return known;
    const stored = this.stored.get(month);
    const step = stored ? this.restore(month, stored) : this.compute(month);
    this.steps.set(month, step);
    return step;
  }

  /** The step's publication (every table of its periods and the equations between them) and what earlier steps published. */
  private build(month: number) {
    const { fresh, family } = stepPeriods(this.year, month);
    const fixed = new Map<CellId, PublishedValue>();
    const earlierWithheld = new Set<CellId>();
    for (const period of family) {
      if (fresh.some((p) => p.id === period.id)) continue;
      const earlier = this.step(freshStep(period));
      for (const [id, v] of earlier.values) fixed.set(id, v);
      for (const id of earlier.withheld) earlierWithheld.add(id);
    }
    const b = new PublicationBuilder();
    const layouts = new Map<string, PeriodLayout>();
    for (const period of family) layouts.set(period.id, addPeriodTables(b, period, this.countsOf(period)));
    for (const period of family) {
      if (period.grain === 'quarter') b.periodSum(period.id, period.months.map((m) => monthPeriod(this.year, m).id));
      if (period.grain === 'year') b.periodSum(period.id, [1, 2, 3, 4].map((q) => quarterPeriod(this.year, q).id));
    }
    return { fresh, fixed, earlierWithheld, layouts, built: b.build() };
  }

  /** A stored step, checked against what the earlier steps published (the audit of the response checks the rest). */
  private restore(month: number, pattern: StepPattern): ProtectedStep {
    const { fixed, earlierWithheld, layouts, built } = this.build(month);
    const withheld = new Set(pattern.withheld);
    const suppressed = new Map(pattern.suppressed);
    const publication: Publication = { cells: built.cells.map((c) => (withheld.has(c.id) ? { ...c, published: false } : c)), equations: built.equations };
    const values = publishedValues(publication, suppressed, this.minCell);
    // Every cell an earlier step published keeps its value or label, and what an earlier step withheld stays withheld.
    const changed = [...fixed].filter(([id, v]) => values.get(id) !== v).map(([id]) => id);
    if (changed.length > 0 || [...earlierWithheld].some((id) => !withheld.has(id))) {
      throw new DisclosureError(`the stored pattern of ${this.year} step ${month} does not keep what earlier steps published`, changed);
    }
    const smallCells = [...suppressed.values()].filter((s) => s === 'small').length;
    const figures: AuditFigures = { hiddenCells: suppressed.size, smallCells, protectingCells: suppressed.size - smallCells, lpsSolved: 0, rounds: 0, ms: 0 };
    return { month, publication, values, suppressed, withheld, layouts, audit: figures };
  }

  private compute(month: number): ProtectedStep {
    const { fresh, fixed, earlierWithheld, layouts, built } = this.build(month);
    // A period's total is shown whenever it can be (it is the N of every percentage), and never hidden to protect
    // another cell: hidden, it would join every table of the period into one system too large to audit. A cell
    // that nothing else can protect is left out instead (below).
    for (const period of fresh) {
      const total = layouts.get(period.id)!.total;
      const value = built.cells.find((c) => c.id === total)!.value;
      if (value >= this.minCell || value === 0) fixed.set(total, value);
    }
    const withheld = new Set(earlierWithheld);
    for (let attempt = 0; ; attempt++) {
      const publication: Publication = { cells: built.cells.map((c) => (withheld.has(c.id) ? { ...c, published: false } : c)), equations: built.equations };
      try {
        const result = protect(publication, { minCell: this.minCell, fixed });
        const step: ProtectedStep = { month, publication, values: result.values, suppressed: result.suppressed, withheld, layouts, audit: result.audit };
        this.computed.push({ month, pattern: { suppressed: [...result.suppressed], withheld: [...withheld] }, audit: result.audit });
        return step;
      } catch (err) {
        if (!(err instanceof DisclosureError) || err.cells.length === 0 || attempt >= 200) throw err;
        // The remedy the disclosure module names: leave out what cannot be protected. For a new cell, the cell; if
        // that is not enough, or for an earlier (fixed) cell, the new cells of the same attribute in this step (its
        // table in the new periods). Rare: the figures say so (`withheld`), and the response shows such cells empty.
        let added = 0;
        const withhold = (id: CellId) => {
          if (fixed.has(id) || withheld.has(id)) return;
          withheld.add(id);
          added++;
        };
        for (const id of err.cells) {
          withhold(id);
          if (added > 0) continue;
          const attributes = Object.keys(Object.fromEntries(JSON.parse(id)[2] as [string, string][]));
          for (const c of built.cells) {
            const [, period, coords] = JSON.parse(c.id) as [string, string, [string, string][]];
            if (fresh.some((p) => p.id === period) && coords.some(([a]) => attributes.includes(a))) withhold(c.id);
          }
        }
        if (added === 0) throw err;
      }
    }
  }

  /** Audits a step again as it stands (every response is audited before it leaves, cached pattern or not). */
  reaudit(month: number): { lpsSolved: number; ms: number } {
    const step = this.step(month);
    const report = audit(step.publication, step.suppressed, { minCell: this.minCell });
    if (!report.ok) throw new DisclosureError(`audit failed for ${report.failures.map((f) => f.id).join(', ')}`);
    return { lpsSolved: report.lpsSolved, ms: report.ms };
  }

  private countsOf(period: Period): MonthCounts {
    return sumMonths(period.months.map((m) => this.months.get(m)!));
  }
}

// Builders for the shapes the statistics serve: a one-way table with its total, a two-way table with row, column and
// grand totals, and a period that is the sum of sub-periods (a year of its months or quarters). They name cells with
// `cellKey`, so tables over the same population and period share their margins, and they record the layout each
// table needs to be shown again from the protected values.
import { cellKey, type CellAddress, type Coordinates } from './cell-key.js';
import { DisclosureError, type Cell, type CellId, type Equation, type Publication } from './model.js';

export interface OneWaySpec {
  readonly population?: string;
  readonly period: string;
  readonly attribute: string;
  /** Every value in display order; a value missing from `counts` is 0. */
  readonly values: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  /** False for a structural table (never shown, only its equations count). */
  readonly published?: boolean;
}

export interface TwoWaySpec {
  readonly population?: string;
  readonly period: string;
  readonly rows: { readonly attribute: string; readonly values: readonly string[] };
  readonly columns: { readonly attribute: string; readonly values: readonly string[] };
  /** counts[row value][column value]; missing is 0. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly published?: boolean;
}

export interface OneWayLayout {
  readonly kind: 'one-way';
  readonly population: string;
  readonly period: string;
  readonly attribute: string;
  readonly rows: readonly { readonly value: string; readonly id: CellId }[];
  readonly total: CellId;
}

export interface TwoWayLayout {
  readonly kind: 'two-way';
  readonly population: string;
  readonly period: string;
  readonly rowAttribute: string;
  readonly columnAttribute: string;
  readonly rowValues: readonly string[];
  readonly columnValues: readonly string[];
  /** cells[i][j] for row value i, column value j. */
  readonly cells: readonly (readonly CellId[])[];
  readonly rowTotals: readonly CellId[];
  readonly columnTotals: readonly CellId[];
  readonly total: CellId;
}

const DEFAULT_POPULATION = 'calls';

export class PublicationBuilder {
  private readonly cells = new Map<CellId, { value: number; published: boolean; address?: CellAddress }>();
  private readonly equations: Equation[] = [];

  /** A count, named by its address or by a plain id; the same id given twice must carry the same count. */
  cell(id: CellId, value: number, published = true, address?: CellAddress): CellId {
    const known = this.cells.get(id);
    if (known) {
      if (known.value !== value) throw new DisclosureError(`cell ${id} is given as both ${known.value} and ${value}`);
      known.published ||= published;
      known.address ??= address;
    } else this.cells.set(id, { value, published, address });
    return id;
  }

  equation(total: CellId, parts: readonly CellId[]): void {
    this.equations.push({ total, parts: [...parts] });
  }

  oneWay(spec: OneWaySpec): OneWayLayout {
    const population = spec.population ?? DEFAULT_POPULATION;
    const at = (coords: Coordinates, value: number) => this.addressed({ population, period: spec.period, coords }, value, spec.published);
    const rows = spec.values.map((value) => ({ value, id: at({ [spec.attribute]: value }, spec.counts[value] ?? 0) }));
    const total = at({}, spec.values.reduce((s, v) => s + (spec.counts[v] ?? 0), 0));
    this.equation(total, rows.map((r) => r.id));
    return { kind: 'one-way', population, period: spec.period, attribute: spec.attribute, rows, total };
  }

  twoWay(spec: TwoWaySpec): TwoWayLayout {
    const population = spec.population ?? DEFAULT_POPULATION;
    const { rows: r, columns: c } = spec;
    if (r.attribute === c.attribute) throw new DisclosureError(`a two-way table needs two attributes, not ${r.attribute} twice`);
    const at = (coords: Coordinates, value: number) => this.addressed({ population, period: spec.period, coords }, value, spec.published);
    const count = (rv: string, cv: string) => spec.counts[rv]?.[cv] ?? 0;
    const cells = r.values.map((rv) => c.values.map((cv) => at({ [r.attribute]: rv, [c.attribute]: cv }, count(rv, cv))));
    const rowTotals = r.values.map((rv) => at({ [r.attribute]: rv }, c.values.reduce((s, cv) => s + count(rv, cv), 0)));
    const columnTotals = c.values.map((cv) => at({ [c.attribute]: cv }, r.values.reduce((s, rv) => s + count(rv, cv), 0)));
    const total = at({}, r.values.reduce((s, rv) => s + c.values.reduce((t, cv) => t + count(rv, cv), 0), 0));
    cells.forEach((row, i) => this.equation(rowTotals[i]!, row));
    columnTotals.forEach((id, j) => this.equation(id, cells.map((row) => row[j]!)));
    this.equation(total, rowTotals);
    this.equation(total, columnTotals);
    return {
      kind: 'two-way', population, period: spec.period, rowAttribute: r.attribute, columnAttribute: c.attribute,
      rowValues: r.values, columnValues: c.values, cells, rowTotals, columnTotals, total,
    };
  }

  /**
   * `whole` is the sum of `parts` (a year of its twelve months): for every cell of `whole` that the parts also have,
   * whole = Σ parts. Call it after adding the tables of all those periods. A cell some parts have and others lack
   * is an error: the equation would be half known, and an attacker's view is the one that matters.
   */
  periodSum(whole: string, parts: readonly string[]): void {
    for (const [id, cell] of [...this.cells]) {
      if (cell.address?.period !== whole) continue;
      const partIds = parts.map((period) => cellKey({ ...cell.address!, period }));
      const present = partIds.filter((p) => this.cells.has(p));
      if (present.length === 0) continue;
      if (present.length < partIds.length) {
        throw new DisclosureError(`period ${whole}: cell ${id} is missing from ${parts.length - present.length} of its sub-periods; add them (unpublished if need be)`);
      }
      this.equation(id, partIds);
    }
  }

  build(): Publication {
    return {
      cells: [...this.cells].map(([id, c]): Cell => (c.published ? { id, value: c.value } : { id, value: c.value, published: false })),
      equations: [...this.equations],
    };
  }

  private addressed(address: CellAddress, value: number, published = true): CellId {
    return this.cell(cellKey(address), value, published, address);
  }
}

// The disclosure-control model (DESIGN §7). A publication is a set of counts (cells) and the equations between them
// that anyone can know: a table cell and its margins, tables that share a margin (the same cell id), a year and its
// months. Suppression and the audit work on this one system, so every published table and every period the API
// serves is taken into account at once rather than table by table.

/** Identifies one count. Equal ids are the same quantity, wherever it is shown (see `cellKey`). */
export type CellId = string;

export interface Cell {
  readonly id: CellId;
  /** The true count: a non-negative integer. */
  readonly value: number;
  /**
   * False for a structural count that is never shown (a finer grain the published tables are sums of). It takes
   * part in the equations as an unknown ≥ 0, is never labelled and is not audited. Default true.
   */
  readonly published?: boolean;
}

/** `total` = Σ `parts`, known to anyone who reads the publication. */
export interface Equation {
  readonly total: CellId;
  readonly parts: readonly CellId[];
}

export interface Publication {
  readonly cells: readonly Cell[];
  readonly equations: readonly Equation[];
}

/** Why a cell is hidden: a small count (primary), or hidden to protect another (secondary). */
export type Suppression = 'small' | 'protecting';

/** What leaves the service for one cell: the count, `"<5"` (the threshold named) for a small one, `"x"` otherwise. */
export type PublishedValue = number | `<${number}` | 'x';

export interface AuditFigures {
  /** Cells hidden in the end, both kinds. */
  readonly hiddenCells: number;
  readonly smallCells: number;
  readonly protectingCells: number;
  /** Linear programs solved (an integer re-solve counts as one more). */
  readonly lpsSolved: number;
  /** Audit rounds: each failed round added suppression. */
  readonly rounds: number;
  /** Wall-clock milliseconds for suppression and audit together. */
  readonly ms: number;
}

export interface ProtectedPublication {
  readonly minCell: number;
  /** Every published cell's value as it may be shown; structural cells are absent. */
  readonly values: ReadonlyMap<CellId, PublishedValue>;
  readonly suppressed: ReadonlyMap<CellId, Suppression>;
  readonly audit: AuditFigures;
}

export function smallLabel(minCell: number): `<${number}` {
  return `<${minCell}`;
}

export function isHidden(value: PublishedValue | undefined): value is `<${number}` | 'x' {
  return typeof value === 'string';
}

/** Thrown when a publication cannot be protected or is malformed: nothing may be published then. */
export class DisclosureError extends Error {
  override name = 'DisclosureError';
  /** The cells that could not be protected, when that is the reason: leaving out their tables is the remedy. */
  readonly cells: readonly CellId[];

  constructor(message: string, cells: readonly CellId[] = []) {
    super(message);
    this.cells = cells;
  }
}

// Canonical cell ids. A count is named by the population it counts, its period and the attribute values it fixes,
// with the attributes in sorted order: the "caller type = self" cell of 2025 is then one id whether it appears in the
// caller-type table or as a margin of caller type × outcome, and shared margins link tables by construction.
import type { CellId } from './model.js';

export type Coordinates = Readonly<Record<string, string>>;

export interface CellAddress {
  /** What is counted, e.g. "calls" or "answered"; tables over different populations have different totals. */
  readonly population: string;
  /** e.g. "2025", "2025-Q1", "2025-03". */
  readonly period: string;
  readonly coords: Coordinates;
}

export function cellKey(address: CellAddress): CellId {
  const coords = Object.keys(address.coords).sort().map((k) => [k, address.coords[k]!]);
  return JSON.stringify([address.population, address.period, coords]);
}

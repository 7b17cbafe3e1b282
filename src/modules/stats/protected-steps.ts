// The stats module's second table: the stored suppression pattern of each protected step
// (migrations/011_stats_protected_steps.sql), so a step is protected once, by whichever instance gets there first.
import type { Queryable } from '../../infra/db/database.js';
import type { StepPattern } from './case-mix.js';

/** The stored patterns of one year's steps (1–12) for this minCell. */
export async function storedSteps(db: Queryable, year: number, minCell: number): Promise<Map<number, StepPattern>> {
  const result = await db.query<{ step: number; pattern: StepPattern | string }>(
    'SELECT step, pattern FROM stats_protected_steps WHERE year = $1 AND min_cell = $2',
    [year, minCell],
  );
  return new Map(result.rows.map((r) => [Number(r.step), typeof r.pattern === 'string' ? (JSON.parse(r.pattern) as StepPattern) : r.pattern]));
}

/**
 * Stores newly protected steps. Returns false if another instance stored one of them first: its pattern is the one
 * published, and the caller forgets its own.
 */
export async function storeSteps(
  db: Queryable, minCell: number, today: string, steps: readonly { year: number; step: number; pattern: StepPattern }[],
): Promise<boolean> {
  let allStored = true;
  for (const s of steps) {
    const result = await db.query(
      `INSERT INTO stats_protected_steps (year, step, min_cell, computed_on, pattern) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (year, step, min_cell) DO NOTHING`,
      [s.year, s.step, minCell, today, JSON.stringify(s.pattern)],
    );
    if (result.rowCount === 0) allStored = false;
  }
  return allStored;
}

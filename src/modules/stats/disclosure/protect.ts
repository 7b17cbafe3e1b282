// The one entry point: primary suppression, secondary suppression until the audit passes, a final audit of the
// whole result, and the values as they may leave the service.
import { auditStates, type AuditReport, type CellState } from './audit.js';
import {
  DisclosureError, smallLabel, type CellId, type ProtectedPublication, type Publication, type PublishedValue, type Suppression,
} from './model.js';
import { primaryStates } from './primary-suppression.js';
import { secondarySuppression } from './secondary-suppression.js';
import { indexPublication } from './system.js';

export interface ProtectOptions {
  readonly minCell: number;
  /**
   * Cells published earlier, as they were published: they keep their value or label, and no further suppression
   * is placed on them (what has left the service cannot be taken back). The audit still covers them together with
   * the new cells, and only new cells are hidden to protect them.
   */
  readonly fixed?: ReadonlyMap<CellId, PublishedValue>;
}

export function protect(publication: Publication, options: ProtectOptions): ProtectedPublication {
  const started = performance.now();
  const { minCell } = options;
  const system = indexPublication(publication, minCell);
  const initial = primaryStates(system, minCell);
  const frozen = system.ids.map(() => false);
  for (const [id, shown] of options.fixed ?? []) {
    const i = system.index.get(id);
    if (i === undefined || !system.published[i]) continue;
    const state = typeof shown === 'number' ? 'shown' : shown === 'x' ? 'protecting' : 'small';
    if (state !== initial[i] && !(state === 'protecting' && initial[i] === 'shown')) {
      throw new DisclosureError(`cell ${id} was published as ${shown} but its count is now ${system.values[i]}`, [id]);
    }
    initial[i] = state;
    frozen[i] = true;
  }
  const secondary = secondarySuppression(system, initial, minCell, frozen);
  // The loop audits components as they change; the result is audited once more as a whole, as it will be published,
  // so that no caching or bookkeeping of the loop can let a leak through.
  const final = auditStates(system, secondary.states, minCell);
  if (!final.ok) throw new DisclosureError(`final audit failed for ${final.failures.map((f) => f.id).join(', ')}`);
  const suppressed = new Map<CellId, Suppression>();
  let smallCells = 0;
  let protectingCells = 0;
  secondary.states.forEach((state, i) => {
    if (state !== 'small' && state !== 'protecting') return;
    suppressed.set(system.ids[i]!, state);
    if (state === 'small') smallCells++;
    else protectingCells++;
  });
  return {
    minCell,
    values: publishedValues(publication, suppressed, minCell),
    suppressed,
    audit: {
      hiddenCells: smallCells + protectingCells, smallCells, protectingCells,
      lpsSolved: secondary.lpsSolved + final.lpsSolved, rounds: secondary.rounds, ms: performance.now() - started,
    },
  };
}

/** Every published cell as it may leave the service: its count, or its label when it is hidden. */
export function publishedValues(publication: Publication, suppressed: ReadonlyMap<CellId, Suppression>, minCell: number): Map<CellId, PublishedValue> {
  const values = new Map<CellId, PublishedValue>();
  for (const cell of publication.cells) {
    if (cell.published === false) continue;
    const s = suppressed.get(cell.id);
    values.set(cell.id, s === undefined ? cell.value : s === 'small' ? smallLabel(minCell) : 'x');
  }
  return values;
}

/**
 * Audits a suppression chosen elsewhere (a stored pattern, or one under test): the cells named in `suppressed` are
 * hidden with those labels, every other published cell is shown.
 */
export function audit(publication: Publication, suppressed: ReadonlyMap<CellId, Suppression>, options: ProtectOptions): AuditReport {
  const system = indexPublication(publication, options.minCell);
  const states: CellState[] = system.ids.map((id, i) => (system.published[i] ? (suppressed.get(id) ?? 'shown') : 'structural'));
  states.forEach((state, i) => {
    const value = system.values[i]!;
    if (state === 'small' && (value < 1 || value >= options.minCell)) throw new DisclosureError(`cell ${system.ids[i]} (${value}) cannot be labelled small`);
    if (state === 'protecting' && value < options.minCell) throw new DisclosureError(`cell ${system.ids[i]} (${value}) cannot be labelled x`);
    if (state === 'shown' && value >= 1 && value < options.minCell) throw new DisclosureError(`cell ${system.ids[i]} (${value}) is small and shown`);
  });
  return auditStates(system, states, options.minCell);
}

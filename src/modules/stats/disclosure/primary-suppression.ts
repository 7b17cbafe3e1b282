// Primary suppression: every published count from 1 to minCell−1 is hidden as "<minCell". Zeros are shown (DESIGN
// §7); the audit knows that, so a hidden cell is never taken to be 0.
import type { CellState } from './audit.js';
import type { System } from './system.js';

export function primaryStates(system: System, minCell: number): CellState[] {
  return system.values.map((value, i) => {
    if (!system.published[i]) return 'structural';
    return value >= 1 && value < minCell ? 'small' : 'shown';
  });
}

// The approach DESIGN §7 warns against, for the tests to show that it leaks where the module does not: hide the
// small cells, then, in any row, column or other sum with exactly one hidden cell, hide its next smallest cell.
import type { Publication, PublishedValue } from '../../../../src/modules/stats/disclosure/index.js';

export function naiveSuppression(publication: Publication, minCell: number): Map<string, PublishedValue> {
  const value = new Map(publication.cells.map((c) => [c.id, c.value]));
  const hidden = new Set(publication.cells.filter((c) => c.value >= 1 && c.value < minCell).map((c) => c.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of publication.equations) {
      const line = [e.total, ...e.parts];
      if (line.filter((id) => hidden.has(id)).length !== 1) continue;
      const next = line.filter((id) => !hidden.has(id) && value.get(id)! >= minCell).sort((a, b) => value.get(a)! - value.get(b)!)[0];
      if (next === undefined) continue;
      hidden.add(next);
      changed = true;
    }
  }
  return new Map(publication.cells.map((c) => [c.id, !hidden.has(c.id) ? c.value : c.value < minCell ? (`<${minCell}` as const) : 'x']));
}

// Disclosure control for the statistics (docs/architecture.md, "Statistics and disclosure control"): what other parts of the stats module may use.
export { protect, audit, publishedValues, type ProtectOptions } from './protect.js';
export { PublicationBuilder, type OneWaySpec, type TwoWaySpec, type OneWayLayout, type TwoWayLayout } from './publication-builder.js';
export { cellKey, type CellAddress, type Coordinates } from './cell-key.js';
export { publishedRate, publishedStatistic } from './derived-figures.js';
export type { AuditReport } from './audit.js';
export {
  DisclosureError, isHidden, smallLabel,
  type AuditFigures, type Cell, type CellId, type Equation, type ProtectedPublication, type Publication, type PublishedValue, type Suppression,
} from './model.js';

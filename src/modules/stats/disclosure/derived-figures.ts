// Figures computed from counts follow the counts: a rate or percentage over a hidden count is hidden (it would give
// the count back), and an average or percentile over fewer than minCell calls is suppressed (DESIGN §7).
import { isHidden, type PublishedValue } from './model.js';

/** numerator / denominator × scale, rounded to `digits`; "x" when either count is hidden, null when there is no base. */
export function publishedRate(numerator: PublishedValue, denominator: PublishedValue, scale = 100, digits = 1): number | 'x' | null {
  if (isHidden(numerator) || isHidden(denominator)) return 'x';
  if (denominator === 0) return null;
  const factor = 10 ** digits;
  return Math.round((numerator / denominator) * scale * factor) / factor;
}

/** A statistic over `n` observations (mean, percentile): "x" below minCell, null with no observations. */
export function publishedStatistic(n: number, minCell: number, statistic: () => number): number | 'x' | null {
  if (n === 0) return null;
  if (n < minCell) return 'x';
  return statistic();
}

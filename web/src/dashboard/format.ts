// Numbers, percentages and periods as the centre's report writes them: "30 %" in both languages, a decimal comma in
// Danish, and the N each percentage is of.
import { T, type Text } from '../i18n.js';
import { formatDate } from '../format.js';
import type { Count, Figure } from '../../../src/shared/published-stats.js';

const number = (n: number, lang: 'da' | 'en') => n.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });

export const num = (n: number): Text => T(number(n, 'da'), number(n, 'en'));

/**
 * A published count as shown: the number, or "<5" / "x" as the API sent it, or ".." when the API withholds it (a
 * cell that could not be protected beside what earlier periods already published: statistics offices' "..").
 */
export const WITHHELD = '..';
export function countText(c: Count): Text | string {
  if (c === null) return WITHHELD;
  return typeof c === 'number' ? num(c) : c;
}

export function percentText(p: Figure): Text | string {
  if (p === null) return '–';
  if (p === 'x') return 'x';
  return T(`${number(p, 'da')} %`, `${number(p, 'en')} %`);
}

/** "44 s", or "x" when suppressed, "–" when there was nothing to measure. */
export function secondsText(s: Figure): Text | string {
  if (s === null) return '–';
  if (s === 'x') return 'x';
  return T(`${number(s, 'da')} s`, `${number(s, 'en')} s`);
}

/** A share of `of`, computed in the page for counts the API publishes whole (operational figures are not suppressed). */
export function share(part: number, of: number): Text | string {
  if (of === 0) return '–';
  return percentText(Math.round((part / of) * 1000) / 10);
}

export function nText(n: Count): Text {
  const c = countText(n);
  return typeof c === 'string' ? T(`N = ${c}`, `N = ${c}`) : T(`N = ${c.da}`, `N = ${c.en}`);
}

export const join = (...parts: Array<Text | string>): Text =>
  T(parts.map((p) => (typeof p === 'string' ? p : p.da)).join(''), parts.map((p) => (typeof p === 'string' ? p : p.en)).join(''));

export const periodText = (from: string, to: string): Text => join(formatDate(from), ' – ', formatDate(to));

/** A series bucket: "3. mar. 2025", "uge 10, 2025", "marts 2025". */
export function bucketText(bucket: string, granularity: 'day' | 'week' | 'month'): Text {
  if (granularity === 'month') {
    const date = new Date(`${bucket}-15T12:00:00Z`);
    const options: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric', timeZone: 'UTC' };
    return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
  }
  if (granularity === 'day') return formatDate(bucket);
  const { week, year } = isoWeek(bucket);
  return T(`uge ${week}, ${year}`, `week ${week}, ${year}`);
}

/** The ISO week (Danish calendars number weeks so) of a date: the week of its Thursday. */
export function isoWeek(date: string): { week: number; year: number } {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() + 3 - ((firstThursday.getUTCDay() + 6) % 7));
  return { week: 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000)), year };
}

/** A short bucket name for a chart's axis. */
export function bucketShort(bucket: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'month') return bucket.slice(5, 7) + '/' + bucket.slice(2, 4);
  return `${Number(bucket.slice(8, 10))}/${Number(bucket.slice(5, 7))}`;
}

import { z } from 'zod';
import { CROSSING_NAMES } from './catalogue.js';

const MAX_DAYS = 3660;
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

export const statsQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    /** Buckets of the operational series; by default days up to two months, weeks up to a year, months beyond. */
    granularity: z.enum(['day', 'week', 'month']).optional(),
    /** The case-mix periods inside from … to: by default the one year or quarter from … to is, else its months. */
    caseMix: z.enum(['auto', 'month', 'quarter', 'year', 'none']).default('auto'),
    /** The crossings to include (quarters and years only). */
    cross: z.enum(['all', 'none', ...CROSSING_NAMES] as [string, ...string[]]).default('all'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => days(q.from, q.to) < MAX_DAYS, { path: ['to'], message: `at most ${MAX_DAYS} days after from` });
export type StatsQueryInput = z.infer<typeof statsQuery>;

export function defaultGranularity(from: string, to: string): 'day' | 'week' | 'month' {
  const span = days(from, to);
  return span <= 62 ? 'day' : span <= 370 ? 'week' : 'month';
}

const count = z.union([z.number(), z.string(), z.null()]);
const figure = z.union([z.number(), z.literal('x'), z.null()]);
const countCell = z.object({ count, percent: figure });
const bands = z.record(z.string(), z.number());

const operational = z.object({
  bucket: z.string(),
  calls: z.number(), answered: z.number(), missed: z.number(), queueTimeout: z.number(), closed: z.number(), blocked: z.number(),
  abandonedBeforeAnswer: z.number(), abandonedInQueue: z.number(), inProgress: z.number(), offered: z.number(),
  abandonRate: figure, answerRate: figure,
  timeToAnswer: z.object({ n: z.number(), meanSeconds: figure, p90Seconds: figure }),
  queueTime: z.object({ queued: z.number(), bands, p90Band: z.string().nullable() }),
  durationBands: bands,
});

const table = z.union([
  z.object({ table: z.string(), kind: z.enum(['one-way', 'set']), attribute: z.string(), rows: z.array(countCell.extend({ value: z.string() })), total: count }),
  z.object({ table: z.string(), kind: z.literal('flags'), attribute: z.string(), rows: z.array(z.object({ value: z.string(), yes: countCell, no: countCell, unknown: countCell })), total: count }),
  z.object({
    table: z.string(), kind: z.literal('two-way'), rowAttribute: z.string(), columnAttribute: z.string(),
    rowValues: z.array(z.string()), columnValues: z.array(z.string()), cells: z.array(z.array(countCell)),
    rowTotals: z.array(count), columnTotals: z.array(count), total: count,
  }),
]);

const caseMixPeriod = z.union([
  z.object({ period: z.string(), from: z.string(), to: z.string(), available: z.literal(true), total: count, tables: z.array(table) }),
  z.object({ period: z.string(), from: z.string(), to: z.string(), available: z.literal(false), reason: z.enum(['not_ended', 'settling']), availableFrom: z.string() }),
]);

export const statsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string(), granularity: z.enum(['day', 'week', 'month']) }),
  minCell: z.number(),
  smallLabel: z.string(),
  method: z.string(),
  operational: z.object({
    total: operational,
    series: z.array(operational),
    heatMap: z.object({ calls: z.array(z.array(z.number())), unanswered: z.array(z.array(z.number())) }),
  }),
  followups: z.object({
    created: z.number(),
    bySource: z.record(z.string(), z.number()),
    results: z.record(z.string(), z.number()),
    deadline: z.object({ met: z.number(), missed: z.number(), notYetDue: z.number() }),
    firstContacts: z.number(),
    medianWorkingDaysToFirstContact: figure,
  }),
  caseMix: z.object({ grain: z.enum(['month', 'quarter', 'year', 'none']), crossings: z.array(z.string()), periods: z.array(caseMixPeriod) }),
});

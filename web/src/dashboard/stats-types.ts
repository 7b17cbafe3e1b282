// The shape of GET /api/stats (the stats module's `statsResponse`), as the page reads it. The page does not import
// the server's module; this mirrors it, and the browser test compares what is shown with what the API answers.

/** A published count: a number, "<5" (1 … minCell−1), "x" (hidden to protect another cell), or null (withheld). */
export type Count = number | string | null;
/** A published rate or statistic: hidden ("x") when it rests on a hidden count or on too few calls. */
export type Figure = number | 'x' | null;
export interface CountCell { count: Count; percent: Figure }

export interface Operational {
  bucket: string;
  calls: number; answered: number; missed: number; queueTimeout: number; closed: number; blocked: number;
  abandonedBeforeAnswer: number; abandonedInQueue: number; inProgress: number; offered: number;
  abandonRate: Figure; answerRate: Figure;
  timeToAnswer: { n: number; meanSeconds: Figure; p90Seconds: Figure };
  queueTime: { queued: number; bands: Record<string, number>; p90Band: string | null };
  durationBands: Record<string, number>;
}

export type CaseMixTable =
  | { table: string; kind: 'one-way' | 'set'; attribute: string; rows: Array<{ value: string } & CountCell>; total: Count }
  | { table: string; kind: 'flags'; attribute: string; rows: Array<{ value: string; yes: CountCell; no: CountCell; unknown: CountCell }>; total: Count }
  | {
    table: string; kind: 'two-way'; rowAttribute: string; columnAttribute: string; rowValues: string[]; columnValues: string[];
    cells: CountCell[][]; rowTotals: Count[]; columnTotals: Count[]; total: Count;
  };

export type CaseMixPeriod =
  | { period: string; from: string; to: string; available: true; total: Count; tables: CaseMixTable[] }
  | { period: string; from: string; to: string; available: false; reason: 'not_ended' | 'settling'; availableFrom: string };

export interface Stats {
  period: { from: string; to: string; granularity: 'day' | 'week' | 'month' };
  minCell: number;
  smallLabel: string;
  method: string;
  operational: { total: Operational; series: Operational[]; heatMap: { calls: number[][]; unanswered: number[][] } };
  followups: {
    created: number;
    bySource: Record<string, number>;
    results: Record<string, number>;
    deadline: { met: number; missed: number; notYetDue: number };
    firstContacts: number;
    medianWorkingDaysToFirstContact: Figure;
  };
  caseMix: { grain: 'month' | 'quarter' | 'year' | 'none'; crossings: string[]; periods: CaseMixPeriod[] };
}

// What GET /api/stats publishes, as types shared by the stats module (which builds it) and the supervisor's
// dashboard (which draws it). The zod response schema (src/modules/stats/schemas.ts) is the serializer's guard; these
// are the same shape for the compiler.

/** A published count: a number, "<5" (1 … minCell−1), "x" (hidden to protect another cell), or null (withheld). */
export type Count = number | `<${number}` | 'x' | null;
/** A published rate or statistic: hidden ("x") when it rests on a hidden count or on too few calls. */
export type Figure = number | 'x' | null;
export interface CountCell { count: Count; percent: Figure }

export interface OperationalFigures {
  bucket: string;
  calls: number;
  answered: number;
  missed: number;
  queueTimeout: number;
  closed: number;
  blocked: number;
  abandonedBeforeAnswer: number;
  abandonedInQueue: number;
  inProgress: number;
  /** Offered to a psychologist: answered, missed, queue timeouts and both kinds of abandoned calls. */
  offered: number;
  abandonRate: Figure;
  answerRate: Figure;
  timeToAnswer: { n: number; meanSeconds: Figure; p90Seconds: Figure };
  queueTime: { queued: number; bands: Record<string, number>; p90Band: string | 'x' | null };
  durationBands: Record<string, number>;
}

export type CaseMixTable =
  | { table: string; kind: 'one-way' | 'set'; attribute: string; rows: Array<{ value: string } & CountCell>; total: Count }
  | { table: string; kind: 'flags'; attribute: string; rows: Array<{ value: string; yes: CountCell; no: CountCell; unknown: CountCell }>; total: Count }
  | {
    table: string; kind: 'two-way'; rowAttribute: string; columnAttribute: string; rowValues: string[]; columnValues: string[];
    /** cells[i][j], percent of the row total. */
    cells: CountCell[][]; rowTotals: Count[]; columnTotals: Count[]; total: Count;
  };

export type CaseMixPeriod =
  | { period: string; from: string; to: string; available: true; total: Count; tables: CaseMixTable[] }
  | { period: string; from: string; to: string; available: false; reason: 'not_ended' | 'settling'; availableFrom: string };

export interface PublishedFollowupFigures {
  created: number;
  bySource: Record<string, number>;
  results: Record<string, number>;
  deadline: { met: number; missed: number; notYetDue: number };
  firstContacts: number;
  medianWorkingDaysToFirstContact: Figure;
}

export interface PublishedStats {
  period: { from: string; to: string; granularity: 'day' | 'week' | 'month' };
  minCell: number;
  smallLabel: string;
  method: string;
  operational: {
    total: OperationalFigures;
    series: OperationalFigures[];
    /** heatMap.calls[weekday 0 = Monday][hour], and the same for calls nobody took. */
    heatMap: { calls: number[][]; unanswered: number[][] };
  };
  followups: PublishedFollowupFigures;
  caseMix: { grain: 'month' | 'quarter' | 'year' | 'none'; crossings: string[]; periods: CaseMixPeriod[] };
}

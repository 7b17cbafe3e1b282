// The CSV export: the same cells as the JSON, one row per cell, after a header naming the period, the threshold
// and the method (docs/architecture.md, "Statistics and disclosure control").
import type { CountCell, StatsResult } from './service.js';

const COLUMNS = ['section', 'period', 'table', 'attribute', 'value', 'attribute2', 'value2', 'count'] as const;

function field(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Every figure of the result as rows; a hidden count is written as it is published ("<5" or "x"), a left-out one empty. */
export function statsRows(r: StatsResult): Array<Record<(typeof COLUMNS)[number], string | number | null>> {
  const rows: Array<Record<(typeof COLUMNS)[number], string | number | null>> = [];
  const push = (section: string, period: string, table: string, attribute: string, value: string, count: string | number | null, attribute2 = '', value2 = '') =>
    rows.push({ section, period, table, attribute, value, attribute2, value2, count });
  const operational = (period: string, o: StatsResult['operational']['total']) => {
    for (const key of ['calls', 'answered', 'missed', 'queueTimeout', 'closed', 'blocked', 'abandonedBeforeAnswer', 'abandonedInQueue', 'inProgress', 'offered'] as const) {
      push('operational', period, 'calls', 'status', key, o[key]);
    }
    push('operational', period, 'rates', 'rate', 'abandonRate', o.abandonRate);
    push('operational', period, 'rates', 'rate', 'answerRate', o.answerRate);
    push('operational', period, 'timeToAnswer', 'statistic', 'n', o.timeToAnswer.n);
    push('operational', period, 'timeToAnswer', 'statistic', 'meanSeconds', o.timeToAnswer.meanSeconds);
    push('operational', period, 'timeToAnswer', 'statistic', 'p90Seconds', o.timeToAnswer.p90Seconds);
    for (const [band, n] of Object.entries(o.queueTime.bands)) push('operational', period, 'queueTime', 'band', band, n);
    push('operational', period, 'queueTime', 'statistic', 'p90Band', o.queueTime.p90Band);
    for (const [band, n] of Object.entries(o.durationBands)) push('operational', period, 'durationBands', 'band', band, n);
  };
  operational(`${r.period.from}/${r.period.to}`, r.operational.total);
  for (const s of r.operational.series) operational(s.bucket, s);
  const heat = r.operational.heatMap;
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  heat.calls.forEach((hours, d) => hours.forEach((n, h) => {
    push('heatMap', `${r.period.from}/${r.period.to}`, 'calls', 'weekday', weekdays[d]!, n, 'hour', String(h));
    push('heatMap', `${r.period.from}/${r.period.to}`, 'unanswered', 'weekday', weekdays[d]!, heat.unanswered[d]![h]!, 'hour', String(h));
  }));
  const f = r.followups;
  const fp = `${r.period.from}/${r.period.to}`;
  push('followups', fp, 'created', 'all', 'all', f.created);
  for (const [k, n] of Object.entries(f.bySource)) push('followups', fp, 'bySource', 'source', k, n);
  for (const [k, n] of Object.entries(f.results)) push('followups', fp, 'results', 'result', k, n);
  for (const [k, n] of Object.entries(f.deadline)) push('followups', fp, 'deadline', 'deadline', k, n);
  push('followups', fp, 'firstContacts', 'statistic', 'n', f.firstContacts);
  push('followups', fp, 'firstContacts', 'statistic', 'medianWorkingDays', f.medianWorkingDaysToFirstContact);
  for (const p of r.caseMix.periods) {
    if (!p.available) continue;
    const c = (cell: CountCell) => cell.count;
    push('caseMix', p.period, 'total', 'all', 'all', p.total);
    for (const t of p.tables) {
      if (t.kind === 'two-way') {
        t.cells.forEach((cells, i) => cells.forEach((cell, j) => push('caseMix', p.period, t.table, t.rowAttribute, t.rowValues[i]!, c(cell), t.columnAttribute, t.columnValues[j]!)));
        t.rowTotals.forEach((n, i) => push('caseMix', p.period, t.table, t.rowAttribute, t.rowValues[i]!, n, t.columnAttribute, 'total'));
        t.columnTotals.forEach((n, j) => push('caseMix', p.period, t.table, t.rowAttribute, 'total', n, t.columnAttribute, t.columnValues[j]!));
      } else if (t.kind === 'flags') {
        for (const row of t.rows) for (const answer of ['yes', 'no', 'unknown'] as const) push('caseMix', p.period, t.table, `riskFlags.${row.value}`, answer, c(row[answer]));
      } else for (const row of t.rows) push('caseMix', p.period, t.table, t.attribute, row.value, c(row));
    }
  }
  return rows;
}

export function statsCsv(r: StatsResult): string {
  const periods = r.caseMix.periods.map((p) => (p.available ? p.period : `${p.period} (not published: ${p.reason}, from ${p.availableFrom})`));
  const header = [
    '# Stopline statistics',
    `# period: ${r.period.from} to ${r.period.to} (operational by ${r.period.granularity}); case-mix: ${periods.length ? periods.join('; ') : 'none'}`,
    `# threshold: minCell ${r.minCell}; counts 1 to ${r.minCell - 1} are shown as ${r.smallLabel}; x is a count hidden to protect another; an empty count was left out; averages and percentiles over fewer than ${r.minCell} calls are x`,
    `# method: ${r.method}`,
  ];
  const lines = statsRows(r).map((row) => COLUMNS.map((c) => field(row[c])).join(','));
  return `${[...header, COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}

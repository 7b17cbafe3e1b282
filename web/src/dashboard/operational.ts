// The operational figures of a period: the totals in the centre's style (a number, and a percentage with its N),
// the series as a chart with its table beside it, the wait and duration bands, the hour × weekday heat maps and the
// follow-up figures.
import { h } from '../dom.js';
import { T, type Text } from '../i18n.js';
import { barChart, heatMapTable, scrollRegion } from './charts.js';
import { bucketShort, bucketText, join, num, percentText, secondsText, share } from './format.js';
import { durationLabel, queueBandLabel, resultLabel, sourceLabel } from './labels.js';
import type { PublishedStats as Stats } from '../../../src/shared/published-stats.js';

type Cell = Text | string;

/** A table of figures: a row heading, then the cells; `data-figure` names the row for tests and print. */
function figuresTable(caption: Text, head: Text[], rows: Array<{ key: string; label: Text; cells: Cell[] }>, name: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data stats', 'data-table': name },
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, ...head.map((t, i) => h('th', { scope: 'col', class: i === 0 ? undefined : 'num', text: t })))),
      h('tbody', {}, ...rows.map((r) => h('tr', { 'data-figure': r.key }, h('th', { scope: 'row', text: r.label }), ...r.cells.map((c) => h('td', { class: 'num' }, c))))),
    ),
  );
}

const ofN = (part: number, n: number): Cell => (n === 0 ? '–' : join(share(part, n), ' (N = ', num(n), ')'));
/** The bands' charts are small: four bars, labels legible at half the page's width. */
const BAND_CHART = { width: 400, height: 170 };
const HEAD = [T('Mål', 'Figure'), T('Antal', 'Number'), T('Andel', 'Share')];

export function operationalSection(stats: Stats): HTMLElement {
  const t = stats.operational.total;
  const unanswered = t.missed + t.queueTimeout;
  const totals = figuresTable(
    T('Opkald i perioden', 'Calls in the period'),
    HEAD,
    [
      { key: 'calls', label: T('Opkald i alt', 'Calls, total'), cells: [num(t.calls), ''] },
      { key: 'offered', label: T('Tilbudt en psykolog (linjen åben)', 'Offered to a psychologist (line open)'), cells: [num(t.offered), ofN(t.offered, t.calls)] },
      { key: 'answered', label: T('Besvaret', 'Answered'), cells: [num(t.answered), ofN(t.answered, t.offered)] },
      { key: 'missed', label: T('Ikke besvaret (ingen tog det, eller køen var for lang)', 'Not answered (nobody took it, or the queue ran out)'), cells: [num(unanswered), ofN(unanswered, t.offered)] },
      { key: 'abandonedBeforeAnswer', label: T('Lagt på før svar', 'Hung up before an answer'), cells: [num(t.abandonedBeforeAnswer), ofN(t.abandonedBeforeAnswer, t.offered)] },
      { key: 'abandonedInQueue', label: T('Lagt på i køen', 'Hung up in the queue'), cells: [num(t.abandonedInQueue), ofN(t.abandonedInQueue, t.offered)] },
      { key: 'closed', label: T('Ringede, mens linjen var lukket', 'Called while the line was closed'), cells: [num(t.closed), ofN(t.closed, t.calls)] },
      { key: 'blocked', label: T('Blokeret', 'Blocked'), cells: [num(t.blocked), ofN(t.blocked, t.calls)] },
    ],
    'totals',
  );
  const rates = figuresTable(
    T('Svar og ventetid', 'Answers and waiting'),
    [T('Mål', 'Figure'), T('Værdi', 'Value'), T('Grundlag', 'Based on')],
    [
      { key: 'answerRate', label: T('Svarprocent', 'Answer rate'), cells: [percentText(t.answerRate), join('N = ', num(t.offered))] },
      { key: 'abandonRate', label: T('Andel lagt på før svar', 'Abandon rate'), cells: [percentText(t.abandonRate), join('N = ', num(t.offered))] },
      { key: 'meanWait', label: T('Gennemsnitlig tid til svar', 'Mean time to answer'), cells: [secondsText(t.timeToAnswer.meanSeconds), join('N = ', num(t.timeToAnswer.n))] },
      { key: 'p90Wait', label: T('Tid til svar, 90 % inden for', 'Time to answer, 90 % within'), cells: [secondsText(t.timeToAnswer.p90Seconds), join('N = ', num(t.timeToAnswer.n))] },
      { key: 'p90Queue', label: T('Tid i kø, 90 % inden for', 'Time in the queue, 90 % within'), cells: [t.queueTime.p90Band === null ? '–' : t.queueTime.p90Band === 'x' ? 'x' : queueBandLabel(t.queueTime.p90Band), join('N = ', num(t.queueTime.queued))] },
    ],
    'rates',
  );
  const bandTable = (caption: Text, bands: Record<string, number>, label: (b: string) => Text, name: string, n: number) =>
    figuresTable(join(caption, ' (N = ', num(n), ')'), [T('Tid', 'Time'), T('Antal', 'Number'), T('Andel', 'Share')], Object.entries(bands).map(([b, v]) => ({ key: b, label: label(b), cells: [num(v), share(v, n)] })), name);
  const queueN = Object.values(t.queueTime.bands).reduce((s, v) => s + v, 0);
  const durationN = Object.values(t.durationBands).reduce((s, v) => s + v, 0);

  const g = stats.period.granularity;
  const series = stats.operational.series;
  const seriesChart = barChart(
    T('Opkald pr. periode: besvaret, ikke besvaret og øvrige (lukket, blokeret, lagt på)', 'Calls per period: answered, not answered and others (closed, blocked, hung up)'),
    series.map((s) => bucketShort(s.bucket, g)),
    [
      { label: T('Besvaret', 'Answered'), tone: 'tone-answered', values: series.map((s) => s.answered) },
      { label: T('Ikke besvaret', 'Not answered'), tone: 'tone-unanswered', values: series.map((s) => s.missed + s.queueTimeout) },
      { label: T('Øvrige', 'Others'), tone: 'tone-other', values: series.map((s) => s.calls - s.answered - s.missed - s.queueTimeout) },
    ],
  );
  const seriesTable = scrollRegion(
    h(
      'table',
      { class: 'data stats', 'data-table': 'series' },
      h('caption', { text: T('Opkald pr. periode', 'Calls per period') }),
      h('thead', {}, h('tr', {}, ...[T('Periode', 'Period'), T('Opkald', 'Calls'), T('Besvaret', 'Answered'), T('Ikke besvaret', 'Not answered'), T('Lagt på', 'Hung up'), T('Lukket', 'Closed'), T('Blokeret', 'Blocked'), T('Svar, gns.', 'Answer, mean')].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : undefined, text: x })))),
      h('tbody', {}, ...series.map((s) => h(
        'tr',
        { 'data-bucket': s.bucket },
        h('th', { scope: 'row', text: bucketText(s.bucket, g) }),
        ...[num(s.calls), num(s.answered), num(s.missed + s.queueTimeout), num(s.abandonedBeforeAnswer + s.abandonedInQueue), num(s.closed), num(s.blocked), secondsText(s.timeToAnswer.meanSeconds)].map((c) => h('td', { class: 'num' }, c)),
      ))),
    ),
    T('Opkald pr. periode', 'Calls per period'),
    'series-table',
  );

  return h(
    'section',
    { class: 'panel report-section operational', 'aria-labelledby': 'operational-title' },
    h('h2', { id: 'operational-title', text: T('Drift: opkald, svar og ventetid', 'Operations: calls, answers and waiting') }),
    h('div', { class: 'table-grid' }, totals, rates),
    h('h3', { text: T('Opkald over tid', 'Calls over time') }),
    h('div', { class: 'chart-with-table' }, seriesChart, seriesTable),
    h('h3', { text: T('Ventetid og samtalernes længde', 'Waiting and call length') }),
    h(
      'div',
      { class: 'table-grid' },
      h('div', { class: 'chart-with-table' }, barChart(T('Tid i kø', 'Time in the queue'), Object.keys(t.queueTime.bands).map(queueBandLabel), [{ label: T('Opkald', 'Calls'), tone: 'tone-answered', values: Object.values(t.queueTime.bands) }], BAND_CHART), bandTable(T('Tid i kø', 'Time in the queue'), t.queueTime.bands, queueBandLabel, 'queueBands', queueN)),
      h('div', { class: 'chart-with-table' }, barChart(T('Samtalernes længde', 'Length of the calls'), Object.keys(t.durationBands).map(durationLabel), [{ label: T('Samtaler', 'Calls'), tone: 'tone-answered', values: Object.values(t.durationBands) }], BAND_CHART), bandTable(T('Samtalernes længde', 'Length of the calls'), t.durationBands, durationLabel, 'durationBands', durationN)),
    ),
  );
}

export function heatMapSection(stats: Stats): HTMLElement {
  const { calls, unanswered } = stats.operational.heatMap;
  return h(
    'section',
    { class: 'panel report-section heat', 'aria-labelledby': 'heat-title' },
    h('h2', { id: 'heat-title', text: T('Hvornår der ringes: time og ugedag', 'When people call: hour and weekday') }),
    h('p', { class: 'hint', text: T('Antal opkald pr. time (kl. 00–23) og ugedag; mørkere felter har flere. Den anden tabel viser de opkald, ingen kunne tage: efterspørgsel mod bemanding.', 'Calls per hour (00–23) and weekday; darker cells have more. The second table shows the calls nobody could take: demand against staffing.') }),
    heatMapTable(T('Alle opkald', 'All calls'), calls, 'calls', 'calls'),
    heatMapTable(T('Opkald, som ingen kunne tage', 'Calls nobody could take'), unanswered, 'unanswered', 'unanswered'),
  );
}

export function followupSection(stats: Stats): HTMLElement {
  const f = stats.followups;
  const d = f.deadline;
  const due = d.met + d.missed;
  return h(
    'section',
    { class: 'panel report-section followup-figures', 'aria-labelledby': 'followup-figures-title' },
    h('h2', { id: 'followup-figures-title', text: T('Opfølgninger oprettet i perioden', 'Follow-ups created in the period') }),
    h(
      'div',
      { class: 'table-grid' },
      figuresTable(join(T('Efter kilde', 'By source'), ' (N = ', num(f.created), ')'), HEAD, Object.entries(f.bySource).map(([s, v]) => ({ key: s, label: sourceLabel(s), cells: [num(v), ofN(v, f.created)] })), 'followupSources'),
      figuresTable(
        T('Frist for første kontakt', 'Deadline for a first contact'),
        HEAD,
        [
          { key: 'met', label: T('Overholdt', 'Met'), cells: [num(d.met), ofN(d.met, due)] },
          { key: 'missed', label: T('Overskredet', 'Missed'), cells: [num(d.missed), ofN(d.missed, due)] },
          { key: 'notYetDue', label: T('Fristen ikke nået endnu', 'Not yet due'), cells: [num(d.notYetDue), ''] },
          { key: 'median', label: T('Median, arbejdsdage til første kontakt', 'Median working days to first contact'), cells: [typeof f.medianWorkingDaysToFirstContact === 'number' ? num(f.medianWorkingDaysToFirstContact) : (f.medianWorkingDaysToFirstContact ?? '–'), join('N = ', num(f.firstContacts))] },
        ],
        'followupDeadline',
      ),
      figuresTable(join(T('Resultat', 'Result'), ' (N = ', num(f.created), ')'), HEAD, Object.entries(f.results).map(([r, v]) => ({ key: r, label: resultLabel(r), cells: [num(v), ofN(v, f.created)] })), 'followupResults'),
    ),
  );
}

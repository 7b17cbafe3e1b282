// The case-mix tables of each whole period that has ended, with the disclosure control's marks: "<5" (a count of 1
// to minCell−1) and "x" (a count hidden so that a small one cannot be worked out from the totals), both explained;
// a period not yet published says why and from when it will be.
import { h } from '../dom.js';
import { T, type Text } from '../i18n.js';
import { formatDate } from '../format.js';
import { scrollRegion } from './charts.js';
import { answerLabel, attributeLabel, valueLabel } from './labels.js';
import { countText, join, nText, percentText, periodText, WITHHELD } from './format.js';
import type { CaseMixPeriod, CaseMixTable, Count, CountCell, PublishedStats as Stats } from '../../../src/shared/published-stats.js';

/** A count cell, marked when hidden: class and a title saying what the mark means. */
function countCell(c: Count, small: string): HTMLTableCellElement {
  const cls = c === null ? 'num suppressed withheld' : typeof c === 'number' ? 'num' : c === small ? 'num suppressed small' : 'num suppressed protecting';
  return h('td', { class: cls }, countText(c));
}
const percentCell = (c: CountCell) => h('td', { class: `num pct${c.percent === 'x' ? ' suppressed protecting' : ''}` }, percentText(c.percent));

export function suppressionNote(minCell: number, small: string): HTMLElement {
  return h(
    'aside',
    { class: 'suppression-note', 'aria-labelledby': 'suppression-title' },
    h('h3', { id: 'suppression-title', text: T('Sådan læses de skjulte tal', 'How to read the hidden figures') }),
    h('p', {}, h('span', { class: 'mark small' }, small), ' ', T(
      `betyder 1 til ${minCell - 1} opkald. Små tal vises ikke, fordi de sammen med andre oplysninger kan pege på en bestemt person, der har ringet.`,
      `means 1 to ${minCell - 1} calls. Small numbers are not shown because, together with other information, they could point to a particular person who called.`,
    )),
    h('p', {}, h('span', { class: 'mark protecting' }, 'x'), ' ', T(
      `er et tal på ${minCell} eller mere, som er skjult for at beskytte et lille tal: ellers kunne det regnes ud fra totalerne, fra andre tabeller eller fra andre perioder.`,
      `is a number of ${minCell} or more, hidden to protect a small one: otherwise that could be worked out from the totals, from other tables or from other periods.`,
    )),
    h('p', {}, h('span', { class: 'mark withheld' }, WITHHELD), ' ', T(
      'er et tal, der ikke vises for denne periode: det kunne ikke beskyttes ved siden af de tal, der allerede er vist for andre perioder (fx årets øvrige måneder).',
      'is a number not shown for this period: it could not be protected beside the figures already shown for other periods (such as the year’s other months).',
    )),
    h('p', { text: T(
      'Procenter bygget på et skjult tal er også skjult. 0 er et rigtigt nul. Hver tabel er kontrolleret, før den blev vist: intet skjult tal kan regnes ud.',
      'Percentages built on a hidden number are hidden too. 0 is a true zero. Every table was checked before it was shown: no hidden number can be worked out.',
    ) }),
  );
}

function tableOf(t: CaseMixTable, small: string): HTMLTableElement {
  if (t.kind !== 'two-way' && t.kind !== 'flags') {
    const caption = join(attributeLabel(t.attribute), ' (', nText(t.total), t.kind === 'set' ? T('; flere svar mulige', '; several answers possible') : '', ')');
    return h(
      'table',
      { class: 'data stats', 'data-table': t.table },
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: attributeLabel(t.attribute) }), h('th', { scope: 'col', class: 'num', text: T('Antal', 'Number') }), h('th', { scope: 'col', class: 'num', text: T('Andel', 'Share') }))),
      h('tbody', {}, ...t.rows.map((r) => h('tr', { 'data-value': r.value }, h('th', { scope: 'row', text: valueLabel(t.attribute, r.value) }), countCell(r.count, small), percentCell(r)))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', text: T('I alt', 'Total') }), countCell(t.total, small), h('td', {}))),
    );
  }
  if (t.kind === 'two-way') return crossingTable(t, small);
  {
    const answers = ['yes', 'no', 'unknown'] as const;
    return h(
      'table',
      { class: 'data stats', 'data-table': t.table },
      h('caption', { text: join(attributeLabel('riskFlags'), ' (', nText(t.total), T('; antal og andel pr. svar', '; number and share per answer'), ')') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: T('Risikofaktor', 'Risk factor') }), ...answers.flatMap((a) => [h('th', { scope: 'col', class: 'num', text: answerLabel(a) }), h('th', { scope: 'col', class: 'num', text: join(answerLabel(a), ', %') })]))),
      h('tbody', {}, ...t.rows.map((r) => h('tr', { 'data-value': r.value }, h('th', { scope: 'row', text: valueLabel('riskFlags', r.value) }), ...answers.flatMap((a) => [countCell(r[a].count, small), percentCell(r[a])])))),
    );
  }
}

function crossingTable(t: Extract<CaseMixTable, { kind: 'two-way' }>, small: string): HTMLTableElement {
  const title = join(attributeLabel(t.rowAttribute), ' × ', attributeLabel(t.columnAttribute));
  return h(
    'table',
    { class: 'data stats crossing', 'data-table': t.table },
    h('caption', { text: join(title, ' (', nText(t.total), T('; procent af rækken', '; percent of the row'), ')') }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: attributeLabel(t.rowAttribute) }), ...t.columnValues.map((v) => h('th', { scope: 'col', class: 'num', text: valueLabel(t.columnAttribute, v) })), h('th', { scope: 'col', class: 'num', text: T('I alt', 'Total') }))),
    h('tbody', {}, ...t.rowValues.map((rv, i) => h('tr', { 'data-value': rv }, h('th', { scope: 'row', text: valueLabel(t.rowAttribute, rv) }), ...t.cells[i]!.map((c) => countCell(c.count, small)), countCell(t.rowTotals[i] ?? null, small)))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', text: T('I alt', 'Total') }), ...t.columnTotals.map((c) => countCell(c, small)), countCell(t.total, small))),
  );
}

/** The wide tables (risk flags, crossings) scroll sideways on a narrow screen, so they are focusable regions. */
function wrap(t: CaseMixTable, small: string): HTMLElement {
  if (t.kind === 'two-way') return scrollRegion(tableOf(t, small), join(attributeLabel(t.rowAttribute), ' × ', attributeLabel(t.columnAttribute)));
  if (t.kind === 'flags') return scrollRegion(tableOf(t, small), attributeLabel('riskFlags'));
  return h('div', { class: 'table-wrap' }, tableOf(t, small));
}

function periodName(p: CaseMixPeriod): Text {
  const m = /^(\d{4})(?:-(Q)?(\d{1,2}))?$/.exec(p.period);
  if (!m) return T(p.period, p.period);
  if (!m[3]) return T(`Året ${m[1]}`, `The year ${m[1]}`);
  if (m[2]) return T(`${m[3]}. kvartal ${m[1]}`, `Q${m[3]} ${m[1]}`);
  const date = new Date(`${p.from}T12:00:00Z`);
  const o: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric', timeZone: 'UTC' };
  return T(new Intl.DateTimeFormat('da-DK', o).format(date), new Intl.DateTimeFormat('en-GB', o).format(date));
}

function periodSection(p: CaseMixPeriod, small: string): HTMLElement {
  const heading = h('h3', { text: join(periodName(p), ' (', periodText(p.from, p.to), ')') });
  if (!p.available) {
    const from = formatDate(p.availableFrom);
    const why = p.reason === 'not_ended'
      ? T(`Perioden er ikke slut endnu. Hvem der ringer, vises kun for hele perioder, der er slut: fra ${from.da}.`, `The period has not ended yet. Who calls is shown only for whole periods that have ended: from ${from.en}.`)
      : T(`Perioden er slut, men udfald, der registreres sent, kommer stadig med. Tallene vises fra ${from.da}.`, `The period has ended, but outcomes recorded late are still coming in. The figures are shown from ${from.en}.`);
    return h('section', { class: 'case-mix-period unavailable', 'data-period': p.period }, heading, h('p', { class: 'notice', 'data-reason': p.reason, text: why }));
  }
  return h(
    'section',
    { class: 'case-mix-period', 'data-period': p.period },
    heading,
    h('p', { class: 'period-total', text: join(T('Opkald med registreret udfald: ', 'Calls with a recorded outcome: '), countText(p.total)) }),
    h('div', { class: 'table-grid' }, ...p.tables.map((t) => wrap(t, small))),
  );
}

export function caseMixSection(stats: Stats): HTMLElement {
  const { caseMix, minCell, smallLabel } = stats;
  const section = h('section', { class: 'panel report-section case-mix', 'aria-labelledby': 'case-mix-title' }, h('h2', { id: 'case-mix-title', text: T('Hvem ringer: opkaldenes indhold', 'Who calls: the case-mix') }));
  if (caseMix.periods.length === 0) {
    section.append(h('p', { class: 'notice', text: T(
      'Perioden rummer ingen hel kalendermåned. Hvem der ringer, vises kun for hele måneder, kvartaler og år, der er slut.',
      'The period holds no whole calendar month. Who calls is shown only for whole months, quarters and years that have ended.',
    ) }));
    return section;
  }
  section.append(suppressionNote(minCell, smallLabel), ...caseMix.periods.map((p) => periodSection(p, smallLabel)));
  return section;
}

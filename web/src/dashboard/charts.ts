// Charts as SVG built with DOM calls, so they work under the strict CSP (no inline style, no script): geometry in
// presentation attributes (x, y, width, height), colours by class from the stylesheet. Each chart has a title and
// role="img", and its numbers always stand in a table beside it; the heat map is a table whose shades are classes.
import { h, uid } from '../dom.js';
import type { Text } from '../i18n.js';
import { WEEKDAYS, WEEKDAY_LABELS } from '../weekdays.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: SVGElement[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el as SVGElement;
}

/** An SVG text element in both languages (the page's language switch rewrites elements with data-da/data-en). */
function svgText(tag: 'title' | 'text', text: Text | string, attrs: Record<string, string | number> = {}): SVGElement {
  const el = svg(tag, attrs);
  if (typeof text === 'string') el.textContent = text;
  else {
    el.dataset.da = text.da;
    el.dataset.en = text.en;
    el.textContent = text[document.documentElement.lang === 'en' ? 'en' : 'da'];
  }
  return el;
}

export interface BarSeries {
  label: Text;
  /** The CSS class giving its colour (the legend uses it too). */
  tone: string;
  values: number[];
}

/**
 * Vertical bars, stacked when there are several series: one bar per category, the axis labels every few bars so
 * they stay readable, the highest value marked on the axis.
 */
export function barChart(title: Text, categories: Array<Text | string>, series: BarSeries[], size: { width: number; height: number } = { width: 720, height: 220 }): HTMLElement {
  const { width, height } = size;
  const left = 36;
  const bottom = 24;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = plotW / Math.max(1, categories.length);
  const barW = Math.max(1, slot * 0.75);
  const titleId = uid('chart-title');
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, preserveAspectRatio: 'xMidYMid meet' });
  chart.append(svgText('title', title, { id: titleId }));
  chart.append(
    svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH }),
    svg('line', { class: 'grid', x1: left, y1: top, x2: left + plotW, y2: top }),
    svgText('text', String(max), { class: 'tick', x: left - 4, y: top + 4, 'text-anchor': 'end' }),
    svgText('text', '0', { class: 'tick', x: left - 4, y: top + plotH + 4, 'text-anchor': 'end' }),
  );
  const every = Math.ceil(categories.length / 16);
  categories.forEach((category, i) => {
    let y = top + plotH;
    const x = left + i * slot + (slot - barW) / 2;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const barH = (v / max) * plotH;
      y -= barH;
      chart.append(svg('rect', { class: `bar ${s.tone}`, x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: barH.toFixed(1) }));
    }
    if (i % every === 0) chart.append(svgText('text', category, { class: 'tick', x: (x + barW / 2).toFixed(1), y: height - 8, 'text-anchor': 'middle' }));
  });
  const legend = series.length > 1
    ? h('ul', { class: 'legend' }, ...series.map((s) => h('li', {}, h('span', { class: `swatch ${s.tone}`, 'aria-hidden': 'true' }), s.label)))
    : undefined;
  return h('figure', { class: 'chart-figure' }, chart as unknown as HTMLElement, legend);
}

/**
 * A wrapper that scrolls a wide table sideways (heat maps, crossings, the series): a named region that takes the
 * focus, so a keyboard can scroll it too.
 */
export function scrollRegion(table: HTMLTableElement, name: Text, extraClass = ''): HTMLElement {
  return h('div', { class: `table-wrap scroll-region ${extraClass}`.trim(), role: 'region', tabindex: '0', 'aria-label': name }, table);
}

/** The shade class of a heat-map cell: 0 for none, then five steps of the highest value. */
const shade = (v: number, max: number) => (v === 0 ? 0 : Math.min(5, Math.ceil((v / max) * 5)));

/** The hour × weekday heat map as a table: numbers in the cells, shades by class, a caption naming it. */
export function heatMapTable(caption: Text, values: number[][], tone: 'calls' | 'unanswered', name: string): HTMLElement {
  const max = Math.max(1, ...values.flat());
  const hours = Array.from({ length: 24 }, (_, i) => i);
  return scrollRegion(
    h(
      'table',
      { class: `heat-map ${tone}`, 'data-heat': name },
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, h('td', {}), ...hours.map((hour) => h('th', { scope: 'col' }, String(hour).padStart(2, '0'))))),
      h(
        'tbody',
        {},
        ...WEEKDAYS.map((day, d) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', text: WEEKDAY_LABELS[day] }),
            ...hours.map((hour) => {
              const v = values[d]?.[hour] ?? 0;
              return h('td', { class: `shade-${shade(v, max)}`, 'data-day': d, 'data-hour': hour }, String(v));
            }),
          ),
        ),
      ),
    ),
    caption,
  );
}

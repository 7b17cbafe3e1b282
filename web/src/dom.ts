import { tx, txAttr, type Text } from './i18n.js';

type Child = Node | string | Text | null | undefined | false;
type AttrValue = string | number | boolean | Text | null | undefined | ((event: Event) => void);

const isText = (v: unknown): v is Text => typeof v === 'object' && v !== null && 'da' in v && 'en' in v;

/**
 * A tiny element builder. Attributes: `text` (a string or a {da, en} pair), `on<event>` listeners, a {da, en} pair
 * for a translated attribute, booleans for boolean attributes; the rest are set as attributes. Children: nodes,
 * strings, or {da, en} pairs (wrapped in a span).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') tx(el, value as Text | string);
    else if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (isText(value)) txAttr(el, name, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') parent.appendChild(document.createTextNode(child));
    else if (isText(child)) parent.appendChild(tx(document.createElement('span'), child));
    else parent.appendChild(child);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

let ids = 0;
/** A unique id for label/aria wiring. */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

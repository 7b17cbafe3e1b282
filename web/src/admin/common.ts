// Vocabulary shared by the admin area's sections: roles, dates (the weekdays are in ../weekdays.ts).
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';
import { problemText } from '../messages.js';

export const ROLES = ['psychologist', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, Text> = {
  psychologist: T('Psykolog', 'Psychologist'),
  supervisor: T('Supervisor', 'Supervisor'),
  admin: T('Administrator', 'Admin'),
};

export const joinTexts = (texts: Text[], separator = ', '): Text => ({ da: texts.map((t) => t.da).join(separator), en: texts.map((t) => t.en).join(separator) });

export const roleList = (roles: string[]): Text => joinTexts(roles.map((r) => ROLE_LABELS[r as Role] ?? T(r, r)));

/** "tir. 1. dec." / "Tue 1 Dec" for a YYYY-MM-DD date. */
export function dayLabel(isoDate: string): Text {
  const date = new Date(`${isoDate}T12:00:00Z`);
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
}

/** A moment as local date and time, both languages. */
export function dateTime(iso: string): Text {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };
  return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
}

export interface SectionContext {
  sessionLost: () => void;
}

export interface Section {
  element: HTMLElement;
  start?: () => void;
  stop?: () => void;
}

/** Loads a section's data; a lost session goes to login, anything else is said in the section's status line. */
export async function load<T>(status: HTMLElement, ctx: SectionContext, work: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await work();
    tx(status, '');
    return result;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) ctx.sessionLost();
    else tx(status, problemText(err));
    return undefined;
  }
}

export const sectionStatus = (): HTMLElement => h('p', { class: 'form-alert', role: 'alert' });

/** A table with a caption (its accessible name) and column headers. */
export function table(caption: Text, headers: Text[], body: HTMLTableSectionElement): HTMLTableElement {
  return h(
    'table',
    { class: 'data' },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col', text })))),
    body,
  );
}

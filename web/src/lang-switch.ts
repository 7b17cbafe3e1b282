import { h } from './dom.js';
import { currentLang, onLangChange, setLang, T, type Lang } from './i18n.js';

/** Dansk / English: two toggle buttons; the choice is kept in localStorage and sets <html lang>. */
export function langSwitch(): HTMLElement {
  // The visible text is the accessible name (a short "DA" under an aria-label "Dansk" fails WCAG 2.5.3, label in name).
  const button = (lang: Lang, name: string) =>
    h('button', { type: 'button', class: 'lang-button', lang, 'aria-pressed': String(currentLang() === lang), 'data-lang': lang, onclick: () => setLang(lang) }, name);
  const da = button('da', 'Dansk');
  const en = button('en', 'English');
  const group = h('div', { class: 'lang-switch', role: 'group', 'aria-label': T('Sprog', 'Language') }, da, en);
  const unsubscribe = onLangChange((lang) => {
    if (!group.isConnected) return unsubscribe(); // a view that was replaced (login ↔ console)
    da.setAttribute('aria-pressed', String(lang === 'da'));
    en.setAttribute('aria-pressed', String(lang === 'en'));
  });
  return group;
}

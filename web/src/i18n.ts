// Two languages, Danish first. Every visible text is a {da, en} pair: the element keeps both (data-da, data-en) so a
// language switch rewrites the page in place without losing anything typed.

export type Lang = 'da' | 'en';
export interface Text {
  da: string;
  en: string;
}

const STORAGE_KEY = 'stopline.lang';
const listeners = new Set<(lang: Lang) => void>();

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'da';
  } catch {
    return 'da';
  }
}

let lang: Lang = storedLang();

export const currentLang = (): Lang => lang;

/** Both languages at once; a function of the language for texts with numbers or dates in them. */
export const T = (da: string, en: string): Text => ({ da, en });

/** Sets an element's text in both languages and shows the current one. */
export function tx<E extends HTMLElement>(el: E, text: Text | string): E {
  if (typeof text === 'string') {
    delete el.dataset.da;
    delete el.dataset.en;
    el.textContent = text;
  } else {
    el.dataset.da = text.da;
    el.dataset.en = text.en;
    el.textContent = text[lang];
  }
  return el;
}

/** Sets an attribute (aria-label, title, placeholder) in both languages. */
export function txAttr<E extends HTMLElement>(el: E, name: string, text: Text): E {
  const all = JSON.parse(el.dataset.i18nAttrs ?? '{}') as Record<string, Text>;
  all[name] = text;
  el.dataset.i18nAttrs = JSON.stringify(all);
  el.setAttribute(name, text[lang]);
  return el;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyLang(document);
  for (const listener of [...listeners]) listener(next);
}

export function applyLang(root: ParentNode): void {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll<HTMLElement>('[data-da]')) el.textContent = el.dataset[lang] ?? el.textContent;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-attrs]')) {
    const all = JSON.parse(el.dataset.i18nAttrs ?? '{}') as Record<string, Text>;
    for (const [name, text] of Object.entries(all)) el.setAttribute(name, text[lang]);
  }
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

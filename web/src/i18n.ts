// Message catalogs: every UI string lives in i18n/en.json and i18n/ja.json.
import en from './i18n/en.json';
import ja from './i18n/ja.json';

export type Lang = 'en' | 'ja';
const catalogs: Record<Lang, Record<string, string>> = { en, ja };
const KEY = 'authlens.lang';
let current: Lang = initialLang();

function initialLang(): Lang {
  const saved = safeGet(KEY);
  if (saved === 'en' || saved === 'ja') return saved;
  return (navigator.language || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function safeGet(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
}
export function safeSet(k: string, v: string): void {
  try {
    localStorage.setItem(k, v);
  } catch {
    /* storage may be disabled: the setting then lasts for this visit only */
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  safeSet(KEY, l);
  applyStatic();
}

/** The text for key, with {name} placeholders filled in. Falls back to English, then the key. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const s = catalogs[current][key] ?? catalogs.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Fills every element carrying data-i18n (text) in the static page. */
export function applyStatic(): void {
  document.documentElement.lang = current;
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n!);
  }
}

// Message catalogs: every UI string lives in i18n/en.json and i18n/ja.json, plus one pair per tab
// (i18n/<tab>.en.json, i18n/<tab>.ja.json, keys prefixed with the tab name), merged here with the
// catalogs shared with the CLI (the repository's i18n/report.<lang>.json: the words and sentences for
// what the core reports — reason codes, headlines, result words — which `authlens --lang` compiles in).
export type Lang = 'en' | 'ja';
const files = {
  ...import.meta.glob<Record<string, string>>('./i18n/*.json', { eager: true, import: 'default' }),
  ...import.meta.glob<Record<string, string>>('../../i18n/report.*.json', { eager: true, import: 'default' }),
};
const catalogs: Record<Lang, Record<string, string>> = { en: {}, ja: {} };
for (const [file, strings] of Object.entries(files)) {
  const m = /(?:^|[./])(en|ja)\.json$/.exec(file);
  if (m) Object.assign(catalogs[m[1] as Lang], strings);
}
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

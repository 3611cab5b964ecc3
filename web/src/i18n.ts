// Message catalogs: every UI string lives in i18n/en.json and i18n/ja.json, plus one pair per tab
// (i18n/<tab>.en.json, i18n/<tab>.ja.json, keys prefixed with the tab name), merged here with the
// catalogs shared with the CLI (the repository's i18n/report.<lang>.json: the words and sentences for
// what the core reports — reason codes, headlines, result words — and i18n/domain.<lang>.json: the domain
// check's and the record wizard's; `authlens --lang` compiles both in).
export type Lang = 'en' | 'ja';
// Only the language in use is loaded (issue 16: the page's first download), and a tab's own catalog only
// once the tab opens: each file is a chunk of its own. Every key of the English catalogs has a Japanese
// text (tests/web/catalogs.test.mjs), so one language alone never falls back to a bare key.
const loaders = {
  ...import.meta.glob<Record<string, string>>('./i18n/*.json', { import: 'default' }),
  ...import.meta.glob<Record<string, string>>('../../i18n/{report,domain}.*.json', { import: 'default' }),
};
const catalogs: Record<Lang, Record<string, string>> = { en: {}, ja: {} };
const loaded = new Set<string>();
// Catalog files that only a tab needs, by the tab: the shared i18n/domain.<lang>.json (the domain check's and
// the record wizard's sentences) serves both the Domain and the Wizard tab.
const TAB_FILES: Record<string, string[]> = { wizard: ['wizard', 'domain'], domain: ['domain'], reports: ['reports'] };
const openTabs = new Set<string>();

/** The catalog files of one language: the page's, the shared one, and each open tab's. */
async function load(l: Lang): Promise<void> {
  const wanted = Object.keys(loaders).filter((file) => {
    const m = /(?:^|\/)(?:([a-z]+)\.)?(en|ja)\.json$/.exec(file);
    if (!m || m[2] !== l) return false;
    const tabOnly = Object.values(TAB_FILES).some((names) => names.includes(m[1]));
    return !m[1] || !tabOnly || [...openTabs].some((tab) => TAB_FILES[tab]?.includes(m[1]));
  });
  await Promise.all(wanted.filter((f) => !loaded.has(f)).map(async (file) => {
    Object.assign(catalogs[l], await loaders[file]());
    loaded.add(file);
  }));
}

/** Loads a tab's catalog (in the language in use) before the tab draws. */
export async function loadTab(tab: string): Promise<void> {
  openTabs.add(tab);
  await load(current);
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

export async function setLang(l: Lang): Promise<void> {
  await load(l);
  current = l;
  safeSet(KEY, l);
  applyStatic();
}

/** The text for key, with {name} placeholders filled in. Falls back to English (when loaded), then the key. */
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

// The page draws nothing before its language is there: every importer waits for this.
await load(current);

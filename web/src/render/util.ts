// Small DOM and lookup helpers shared by the result cards (web/src/render/*.ts).
// Everything from the message or the DNS goes in through text nodes, never innerHTML; no inline
// styles (the page's CSP has style-src 'self'): looks come from classes in style.css.
import { lang, t } from '../i18n';

// The report is the core's JSON (docs/report-format.md), typed from schema/report.schema.json
// (src/generated, made by `npm run types`): every field is read by its one name.
export type Kid = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: Kid[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

/**
 * A report value as text to show. Strings pass through visible(): display names, Subjects and other
 * header values decoded from encoded words can hold control characters, which every renderer shows
 * escaped because it reads report values through this one helper.
 */
export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return visible(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** One control character as an escape: \n, \r, else \xHH (C0, DEL, C1). */
function escapeControl(c: string): string {
  return CONTROL_NAMES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * Text with its control characters visible: C0 (NUL, CR, LF, ESC…), DEL and C1 (U+0080–U+009F)
 * become \x00, \r, \n, \x1b, \x7f, \x85… A backslash stays as it is. TAB is kept: it is ordinary
 * white space in header fields, and shows as such.
 */
export function visible(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, escapeControl);
}

/**
 * A raw field or record for a <pre> block: its line breaks (CRLF, LF: the folding of a field) stay
 * line breaks; every other control character is escaped as visible() does.
 */
export function rawText(v: unknown): string {
  if (typeof v !== 'string') return str(v);
  return v.split(/\r?\n/).map(visible).join('\n');
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** CSS class for a result word (RFC 8601 vocabulary plus the checklists' pass/fail/unknown). */
export function tone(result: string): string {
  const r = str(result).toLowerCase();
  if (r === 'pass' || r === 'ok' || r === 'ready' || r === 'match' || r === 'valid' || r === 'agree' || r === 'true') return 'good';
  if (r === 'fail' || r === 'permerror' || r === 'not_ready' || r === 'mismatch' || r === 'invalid' || r === 'reject' || r === 'false') return 'bad';
  if (r === 'softfail' || r === 'temperror' || r === 'policy' || r === 'neutral' || r === 'partial' || r === 'quarantine' || r === 'warn' || r === 'warning' || r === 'differ') return 'warn';
  return 'plain';
}

/** True when the catalogs have this key (t() returns the key itself when they do not). */
export function has(key: string): boolean {
  return t(key) !== key;
}

/** Catalog params must be strings or numbers: anything else is shown as text. */
export function params(p: object | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!isObj(p)) return out;
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(str).join(', ');
    else out[k] = str(v);
  }
  return out;
}

/**
 * Text for a reason code: the catalogs' translation when they have one (`reason.<code>`, or
 * `reason.<area>.<code>` for the unprefixed DKIM/ARC codes), filled with the core's params,
 * else the core's English sentence.
 */
export function reasonText(area: string, code: string | undefined, fallback?: string, p?: object): string {
  const c = str(code);
  const f = str(fallback);
  if (c) {
    const ps = params(p);
    for (const key of [`reason.${c}`, `reason.${area}.${c}`]) {
      if (!has(key)) continue;
      const s = t(key, ps);
      // A translation that needs a name the core did not give: the core's own sentence is better.
      if (/\{\w+\}/.test(s) && f) return f;
      return s;
    }
  }
  return f || c;
}

/**
 * A defect ({code, detail}: something wrong with the input, as the core reports it) as nodes: the one way
 * every place that lists defects shows them (the defects card, the ARC card, the Reports tab, the author
 * line). In English, the core's detail as it is (it names the specifics: offsets, names, values); in any
 * other language, the catalog's sentence for the code (`reason.defect.<code>`, i18n/report.<lang>.json)
 * followed by the core's detail in parentheses, marked as data so the specifics stay; a code the catalogs
 * do not know: the detail. The page only picks the text by the code.
 */
export function defectNodes(d: { code?: string; detail?: string } | null | undefined): Node[] {
  const code = str(d?.code);
  const detail = str(d?.detail);
  const key = `reason.defect.${code}`;
  const known = code !== '' && has(key);
  if (lang() === 'en' || !known) return [document.createTextNode(detail || (known ? t(key) : code))];
  const out: Node[] = [document.createTextNode(t(key))];
  if (detail) out.push(document.createTextNode(' ('), el('span', { class: 'data', lang: 'en' }, detail), document.createTextNode(')'));
  return out;
}

/**
 * A catalog sentence as nodes, each {placeholder} filled with its value marked as data (a name, a record,
 * an address: shown as written, in either language).
 */
export function phrase(key: string, p: Record<string, string | number | undefined>): Node[] {
  return t(key).split(/(\{\w+\})/).filter((s) => s !== '').map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    if (!m || !(m[1] in p)) return document.createTextNode(part);
    return el('span', { class: 'data' }, str(p[m[1]]));
  });
}

/** Result word, translated when the catalogs know it ("pass" stays "pass" in English). */
export function resultWord(r: string | undefined): string {
  const s = str(r);
  return has(`result.${s}`) ? t(`result.${s}`) : s;
}

export function pill(result: string | undefined, label?: string): HTMLElement {
  const r = str(result);
  return el('span', { class: `pill ${tone(r)}` }, label ?? resultWord(r));
}

export function yesNo(v: boolean | undefined): string {
  if (v === true) return t('common.yes');
  if (v === false) return t('common.no');
  return '—';
}

/** A key/value list; rows whose value is empty are left out. */
export function kv(rows: [string, Kid | Kid[]][], cls = ''): HTMLElement | null {
  const dl = el('dl', { class: `kv${cls ? ` ${cls}` : ''}` });
  for (const [k, v] of rows) {
    const vals = Array.isArray(v) ? v : [v];
    if (vals.every((x) => x === null || x === undefined || x === false || x === '')) continue;
    dl.append(el('dt', {}, k), el('dd', {}, ...vals));
  }
  return dl.childElementCount ? dl : null;
}

export function mono(s: string | undefined): HTMLElement {
  return el('code', { class: 'mono' }, str(s));
}

/** Evidence that opens on demand. */
export function evidence(label: string, ...body: Kid[]): HTMLElement | null {
  const kids = body.filter((k) => k !== null && k !== undefined && k !== false && k !== '');
  if (!kids.length) return null;
  return el('details', { class: 'evidence' }, el('summary', {}, label), ...kids);
}

export function card(title: string, id: string, ...body: Kid[]): HTMLElement {
  const h = el('h3', { id: `${id}-title` }, title);
  return el('section', { class: 'card', id, 'aria-labelledby': `${id}-title` }, h, ...body);
}

/** The card head for a mechanism: result pill and the translated reason. */
export function verdictLine(area: string, section: { result: string; reason: string; detail?: string; message?: string }): HTMLElement {
  const why = reasonText(area, section.reason, section.detail || section.message);
  return el('p', { class: 'verdict' }, pill(section.result), ' ', why);
}

/** A generic, readable view of any JSON value (for evidence the page has no special view for). */
export function tree(v: unknown): Node {
  if (v === null || v === undefined) return document.createTextNode('—');
  if (Array.isArray(v)) {
    if (v.length === 0) return document.createTextNode('—');
    if (v.every((x) => typeof x !== 'object' || x === null)) return document.createTextNode(v.map(str).join(', '));
    return el('ol', { class: 'tree' }, ...v.map((x) => el('li', {}, tree(x))));
  }
  if (typeof v === 'object') {
    const dl = el('dl', { class: 'kv' });
    for (const [k, x] of Object.entries(v)) dl.append(el('dt', {}, k), el('dd', {}, tree(x)));
    return dl;
  }
  return document.createTextNode(str(v));
}

/** A table with a caption (for screen readers) and header cells. */
export function table(caption: string, cols: string[], rows: Kid[][], cls = ''): HTMLElement {
  const thead = el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { scope: 'col' }, c))));
  const tbody = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))))));
  return el('div', { class: 'scroll' }, el('table', { class: `grid${cls ? ` ${cls}` : ''}` }, el('caption', { class: 'sr-only' }, caption), thead, tbody));
}

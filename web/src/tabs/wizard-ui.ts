// Shared pieces of the Wizard tab: element helpers, labelled form fields, and the output side
// (record, checks, zone snippets with copy buttons). Everything is built with DOM calls: nothing
// from the core or the user is ever parsed as HTML.
import { t } from '../i18n';
import type { PageApi } from '../page-api';

/** What the wizard uses from the page: core calls, the spf.budget job, downloads (web/src/page-api.ts). */
export type WizardHost = PageApi;

export type Note = { code: string; severity: string; message: string; fix: string; params: Record<string, string> };
export type Published = {
  name: string; type: string; value: string; strings: string[]; ttl: number; bind: string; one_string: string;
  quoted: string; purpose: string; purpose_code?: string; purpose_params?: Record<string, string>;
};

let ids = 0;
export const uid = (p: string) => `wz-${p}-${++ids}`;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {},
  ...kids: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k === 'i18n') {
      e.dataset.i18n = String(v);
      e.textContent = t(String(v));
    } else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids) if (c != null) e.append(c);
  return e;
}

/** Translation with a fallback when the catalog has no entry for key. */
export function tr(key: string, fallback: string, params: Record<string, string | number> = {}): string {
  const s = t(key, params);
  return s === key ? fallback : s;
}

/** A labelled input; returns [wrapper, input]. */
export function textField(key: string, opts: { placeholder?: string; value?: string; help?: string; id?: string; type?: string } = {}):
  [HTMLElement, HTMLInputElement] {
  const id = opts.id ?? uid('in');
  const input = el('input', { id, type: opts.type ?? 'text', autocomplete: 'off', spellcheck: 'false' });
  if (opts.placeholder) input.placeholder = opts.placeholder;
  if (opts.value) input.value = opts.value;
  const wrap = el('div', { class: 'field' }, el('label', { for: id, i18n: key }), input);
  if (opts.help) {
    const hid = `${id}-help`;
    wrap.append(el('span', { id: hid, class: 'note', i18n: opts.help }));
    input.setAttribute('aria-describedby', hid);
  }
  return [wrap, input];
}

/** A labelled multi-line list (one value per line or comma-separated). */
export function listField(key: string, opts: { placeholder?: string; help?: string; id?: string } = {}): [HTMLElement, HTMLTextAreaElement] {
  const id = opts.id ?? uid('ta');
  const ta = el('textarea', { id, rows: '2', spellcheck: 'false', autocomplete: 'off', class: 'wz-list' });
  if (opts.placeholder) ta.placeholder = opts.placeholder;
  const wrap = el('div', { class: 'field' }, el('label', { for: id, i18n: key }), ta);
  if (opts.help) {
    const hid = `${id}-help`;
    wrap.append(el('span', { id: hid, class: 'note', i18n: opts.help }));
    ta.setAttribute('aria-describedby', hid);
  }
  return [wrap, ta];
}

export function selectField(key: string, options: [string, string][], opts: { id?: string; value?: string } = {}): [HTMLElement, HTMLSelectElement] {
  const id = opts.id ?? uid('sel');
  const sel = el('select', { id });
  for (const [value, label] of options) {
    const o = el('option', { value });
    if (label.startsWith('wizard.')) {
      o.dataset.i18n = label;
      o.textContent = t(label);
    } else o.textContent = label;
    sel.append(o);
  }
  if (opts.value !== undefined) sel.value = opts.value;
  return [el('div', { class: 'field' }, el('label', { for: id, i18n: key }), sel), sel];
}

export function checkbox(key: string, opts: { id?: string; checked?: boolean } = {}): [HTMLElement, HTMLInputElement] {
  const id = opts.id ?? uid('cb');
  const input = el('input', { id, type: 'checkbox' });
  input.checked = !!opts.checked;
  return [el('div', { class: 'wz-check' }, input, el('label', { for: id, i18n: key })), input];
}

export function values(s: string): string[] {
  return s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
}

/** Copies text; announces the outcome in the shared live region. */
export async function copyText(text: string, button: HTMLElement, live: HTMLElement) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    ok = false;
  }
  live.textContent = ok ? t('wizard.copied') : t('wizard.copyFailed');
  button.dataset.copied = ok ? 'yes' : 'no';
}

/**
 * Recomputes the form's result while the user types (after a 120 ms pause, so a long record is not
 * regenerated per keystroke) and at once on a committed change (a select, a checkbox, leaving a field);
 * then once for the initial values.
 */
export function updateOnEdit(form: HTMLElement, update: () => void): void {
  let timer = 0;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(update, 120);
  });
  form.addEventListener('change', () => {
    clearTimeout(timer);
    update();
  });
  update();
}

export function copyButton(text: string, labelKey: string, what: string, live: HTMLElement, id?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'button secondary wz-copy' });
  if (id) b.id = id;
  b.textContent = t(labelKey);
  b.setAttribute('aria-label', `${t(labelKey)}: ${what}`);
  b.addEventListener('click', () => copyText(text, b, live));
  return b;
}

function severityPill(sev: string): HTMLElement {
  const cls = sev === 'error' ? 'bad' : sev === 'warning' ? 'warn' : 'good';
  return el('span', { class: `pill ${cls}`, text: tr(`wizard.sev.${sev}`, sev) });
}

/** The note in the current language when the catalog has it, else the core's English sentence. */
export function noteText(n: Note): string {
  return tr(`wizard.note.${n.code}`, n.message, n.params ?? {});
}

export function renderNotes(notes: Note[], titleKey = 'wizard.checks'): HTMLElement {
  const sorted = [...notes].sort((a, b) => rank(a.severity) - rank(b.severity));
  const list = el('ul', { class: 'wz-notes' });
  for (const n of sorted) {
    const li = el('li', { class: `wz-note wz-${n.severity}`, 'data-code': n.code }, severityPill(n.severity), ' ', noteText(n));
    if (n.fix) li.append(el('div', { class: 'note' }, `${t('wizard.fix')}: ${tr(`wizard.note.${n.code}.fix`, n.fix, n.params ?? {})}`));
    list.append(li);
  }
  return el('section', { class: 'wz-block' }, el('h4', { i18n: titleKey }), list);
}

function rank(s: string) {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

/** One record to publish: name, type, TTL, and the three forms with copy buttons. */
export function renderPublished(r: Published, live: HTMLElement, idPrefix: string): HTMLElement {
  const card = el('section', { class: 'wz-record' });
  card.append(el('h4', {}, el('span', { class: 'pill', text: r.type }), ' ', el('span', { class: 'mono', text: r.name })));
  // What the record is for: by the core's code from the catalogs (reason.records.purpose.*), else its sentence.
  if (r.purpose) card.append(el('p', { class: 'note', text: r.purpose_code ? tr(`reason.${r.purpose_code}`, r.purpose, r.purpose_params ?? {}) : r.purpose }));
  const kv = el('dl', { class: 'kv' });
  kv.append(el('dt', { i18n: 'wizard.out.name' }), el('dd', { class: 'mono', text: r.name }));
  kv.append(el('dt', { i18n: 'wizard.out.type' }), el('dd', { class: 'mono', text: r.type }));
  kv.append(el('dt', { text: 'TTL' }), el('dd', { class: 'mono', text: String(r.ttl) }));
  card.append(kv);
  const forms: [string, string, string][] = [
    ['wizard.out.oneString', r.one_string, 'one'],
    ...(r.type === 'TXT' ? [['wizard.out.quoted', r.quoted, 'quoted'] as [string, string, string]] : []),
    ['wizard.out.bind', r.bind, 'bind'],
  ];
  for (const [label, text, kind] of forms) {
    const pre = el('pre', { class: 'raw wz-pre', tabindex: '0', 'data-form': kind, text });
    const head = el('div', { class: 'wz-formhead' }, el('span', { class: 'wz-formlabel', i18n: label }),
      copyButton(text, 'wizard.copy', `${t(label)} ${r.name}`, live, `${idPrefix}-copy-${kind}`));
    card.append(head, pre);
  }
  if (r.type === 'TXT' && r.strings.length > 1)
    card.append(el('p', { class: 'note', text: t('wizard.out.split', { n: r.strings.length }) }));
  return card;
}

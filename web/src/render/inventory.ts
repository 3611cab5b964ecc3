// The sender inventory of a collection (authlens/inventory/v1, docs/inventory.md): one row per
// sending stream as the core grouped it (the wasm "inventory" method, the same code as the CLI's
// `authlens inventory`). The page only lays out the core's counts; colours follow the counts.
import { lang, t } from '../i18n';
import type { Chart, Inventory, Stream, Verdicts } from '../generated/inventory';
import { el, mono, pill, reasonText, str } from './util';

/** One message of the collection, by its position in the reports given to the core. */
export interface CollectionMessage {
  path: string;
  index: number;
  mbox: boolean; // the file was an mbox: index says which message of it
  dmarc?: string; // the report's DMARC result (absent: the message could not be analysed)
  error?: string; // why it could not be read or analysed
}

export interface InventoryView {
  inventory: Inventory; // with "members" (positions in `messages` of the analysed ones)
  messages: CollectionMessage[]; // positions as in the core's "members"
  dns: { asked: number; shared: number };
}

export interface InventoryActions {
  open(position: number): void;
  exportCsv(): void;
  exportJson(): void;
}

/** A stream's identity, stable across the re-renders of a running collection. */
export function streamKey(s: Stream): string {
  return `${s.from_domain}\n${s.mail_from_domain}\n${s.dkim_domains.join(' ')}`;
}

/** The message's name in lists: its path, and which message of an mbox (counted from 1). */
export function sourceLabel(m: CollectionMessage): string {
  return m.mbox ? t('inventory.mboxMessage', { path: m.path, n: m.index + 1 }) : m.path;
}

const expanded = new Set<string>(); // streams whose messages are listed (kept across re-renders)

/** The SPF or DKIM cell of the chart: its three counts, coloured by the worst one present. */
function chartCell(c: Chart, messages: number): HTMLElement {
  const tone = c.pass_aligned === messages ? 'good' : c.not_pass === 0 ? 'warn' : 'bad';
  const parts: string[] = [];
  if (c.pass_aligned) parts.push(t('inventory.chart.aligned', { n: c.pass_aligned }));
  if (c.pass_not_aligned) parts.push(t('inventory.chart.notAligned', { n: c.pass_not_aligned }));
  if (c.not_pass) parts.push(t('inventory.chart.notPass', { n: c.not_pass }));
  return el('td', { class: `chart-cell ${tone}` }, ...parts.map((p) => el('span', { class: 'count-line' }, p)));
}

function verdictCell(v: Verdicts, messages: number): HTMLElement {
  const tone = v.pass === messages ? 'good' : v.fail > 0 ? 'bad' : 'plain';
  const parts: string[] = [];
  if (v.pass) parts.push(t('inventory.verdict.pass', { n: v.pass }));
  if (v.fail) parts.push(t('inventory.verdict.fail', { n: v.fail }));
  if (v.unknown) parts.push(t('inventory.verdict.unknown', { n: v.unknown }));
  return el('td', { class: `chart-cell ${tone}` }, ...parts.map((p) => el('span', { class: 'count-line' }, p)));
}

function dmarcCell(s: Stream): HTMLElement {
  const d = s.dmarc;
  const tone = d.pass === s.messages ? 'good' : d.fail > 0 || d.error > 0 ? 'bad' : 'warn';
  const parts: string[] = [];
  if (d.pass) parts.push(t('inventory.dmarc.pass', { n: d.pass }));
  if (d.fail) parts.push(t('inventory.dmarc.fail', { n: d.fail }));
  if (d.none) parts.push(t('inventory.dmarc.none', { n: d.none }));
  if (d.error) parts.push(t('inventory.dmarc.error', { n: d.error }));
  return el('td', { class: `chart-cell ${tone}` }, ...parts.map((p) => el('span', { class: 'count-line' }, p)));
}

/** The one change that makes the stream pass: in Japanese from the catalog by its code. */
function fixCell(s: Stream): HTMLElement {
  if (!s.fix) return el('td', { class: 'stream-fix' }, t('inventory.noFix'));
  const text = lang() === 'en' ? str(s.fix_text) : reasonText('inventory', s.fix, s.fix_text, s.fix_params);
  return el('td', { class: 'stream-fix' }, text, el('br'), el('code', { class: 'mono note' }, s.fix));
}

function providerName(s: Stream): string {
  return s.provider.id === 'own_servers' ? t('inventory.ownServers') : s.provider.name;
}

function streamCell(s: Stream): HTMLElement {
  const dkim = s.dkim_domains.length ? s.dkim_domains.join(', ') : t('inventory.noDkim');
  return el('th', { scope: 'row', class: 'stream' },
    el('strong', {}, s.from_domain || t('inventory.noFrom')),
    el('span', { class: 'stream-line' }, `${t('inventory.mailFrom')} `, mono(s.mail_from_domain || t('inventory.nullSender'))),
    el('span', { class: 'stream-line' }, `${t('inventory.dkimDomains')} `, mono(dkim)));
}

/** The list of a stream's messages, each opening the one-message view. */
function membersRow(positions: number[], view: InventoryView, actions: InventoryActions, cols: number): HTMLElement {
  const list = el('ul', { class: 'members' });
  for (const p of positions) {
    const m = view.messages[p];
    if (!m) continue;
    const open = el('button', { type: 'button', class: 'button secondary small' }, t('inventory.open'));
    open.addEventListener('click', () => actions.open(p));
    list.append(el('li', {}, pill(m.dmarc, `DMARC ${m.dmarc ?? ''}`), ' ', el('span', { class: 'mono' }, sourceLabel(m)), ' ', open));
  }
  const cell = el('td', { colspan: String(cols) }, list);
  return el('tr', { class: 'members-row' }, cell);
}

const COLUMNS = ['stream', 'provider', 'messages', 'spf', 'dkim', 'dmarc', 'gmailYahoo', 'outlook', 'fix'];

export function renderInventory(view: InventoryView, actions: InventoryActions): HTMLElement {
  const inv = view.inventory;
  const root = el('div', { class: 'inventory', id: 'inventory' });
  const analysed = inv.messages - inv.unreadable;
  root.append(el('p', { class: 'summary', id: 'inventory-summary' },
    t('inventory.summary', { messages: analysed, streams: inv.streams.length })));
  const notes: string[] = [];
  if (inv.unreadable) notes.push(t('inventory.unreadable', { n: inv.unreadable }));
  if (view.dns.asked || view.dns.shared) notes.push(t('inventory.dns', { asked: view.dns.asked, shared: view.dns.shared }));
  if (notes.length) root.append(el('p', { class: 'note', id: 'inventory-notes' }, notes.join(' · ')));

  const csv = el('button', { type: 'button', class: 'button secondary', id: 'inventory-csv' }, t('inventory.exportCsv'));
  csv.addEventListener('click', actions.exportCsv);
  const json = el('button', { type: 'button', class: 'button secondary', id: 'inventory-json' }, t('inventory.exportJson'));
  json.addEventListener('click', actions.exportJson);
  root.append(el('div', { class: 'row' }, csv, json));

  const thead = el('thead', {}, el('tr', {}, ...COLUMNS.map((c) => el('th', { scope: 'col' }, t(`inventory.col.${c}`)))));
  const tbody = el('tbody');
  inv.streams.forEach((s, i) => {
    const key = streamKey(s);
    const positions = inv.members?.[i] ?? [];
    const toggle = el('button', { type: 'button', class: 'button secondary small', 'aria-expanded': String(expanded.has(key)),
      'aria-label': t('inventory.showMessages', { n: s.messages }) }, String(s.messages));
    const row = el('tr', { class: 'stream-row' }, streamCell(s), el('td', {}, providerName(s)), el('td', { class: 'num' }, toggle),
      chartCell(s.spf, s.messages), chartCell(s.dkim, s.messages), dmarcCell(s),
      verdictCell(s.gmail_yahoo, s.messages), verdictCell(s.outlook, s.messages), fixCell(s));
    tbody.append(row);
    let members: HTMLElement | null = expanded.has(key) ? membersRow(positions, view, actions, COLUMNS.length) : null;
    if (members) tbody.append(members);
    toggle.addEventListener('click', () => {
      if (members) {
        members.remove();
        members = null;
        expanded.delete(key);
      } else {
        members = membersRow(positions, view, actions, COLUMNS.length);
        row.after(members);
        expanded.add(key);
      }
      toggle.setAttribute('aria-expanded', String(!!members));
    });
  });
  root.append(el('div', { class: 'scroll' }, el('table', { class: 'grid inventory-table' },
    el('caption', {}, t('inventory.caption')), thead, tbody)));

  const failed = view.messages.filter((m) => m.error);
  if (failed.length) {
    root.append(el('h3', {}, t('inventory.unreadableTitle')),
      el('ul', { class: 'unreadable', id: 'inventory-unreadable' }, ...failed.map((m) => el('li', {}, el('span', { class: 'mono' }, sourceLabel(m)), ' — ', str(m.error)))));
  }
  return root;
}

/** Forgets which streams were open (a new collection). */
export function resetInventoryView(): void {
  expanded.clear();
}

// The Reports tab: DMARC aggregate reports (XML, .gz, .zip, .eml) chosen or dropped, read with the File
// API and handed to the core (wasm/bindings_aggregate.cpp: "aggregate.parse", "aggregate.csv"), which opens
// gzip/zip itself. Nothing leaves the browser. Tables and inline SVG charts built with DOM calls only
// (no innerHTML, no inline styles: the page's CSP has style-src 'self').
// "Look up senders" runs the core's "aggregate.ptr" job with the page's DNS choice (the only thing this tab
// sends out: PTR and A/AAAA questions about the source IPs and the TXT records of the providers' SPF trees, to
// the DoH resolver the header names). The senders table is the core's grouping ("aggregate.senders": provider,
// else PTR domain, else /24 or /48), asked again whenever a filter or the lookup changes; the page only draws it.
// The tab prints as a report (reports.css, @media print): the browser's "Save as PDF" needs nothing else.
import './reports.css';
import { t } from '../i18n';
import type { AggregateCountBy, AggregateDocument, AggregateSender, AggregateSenders, AggregateSummary } from '../generated/aggregate';
import type { AggregatePtr, AggregatePtrSource } from '../generated/aggregate-ptr';
import type { PageApi } from '../page-api';
import { defectNodes } from '../render/util';

export type ReportsHost = Pick<PageApi, 'call' | 'download'> & Partial<Pick<PageApi, 'onLanguageChange' | 'runJob' | 'dnsChoice'>>;

// The documents' types come from schema/ (src/generated, `npm run types`): the core's JSON read by its names.
type Doc = AggregateDocument;
type Summary = AggregateSummary;
type Count = AggregateCountBy;
type SourcePtr = AggregatePtrSource;

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {},
  ...kids: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'i18n') { e.dataset.i18n = v; e.textContent = t(v); }
    else e.setAttribute(k, v);
  }
  for (const c of kids) if (c != null) e.append(c);
  return e;
}
function svg(tag: string, attrs: Record<string, string | number>, ...kids: Node[]): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of kids) e.append(c);
  return e;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '–');
const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

function table(caption: string, head: string[], rows: (string | number | Node)[][], attrs: Record<string, string> = {}): HTMLElement {
  const tb = el('tbody');
  for (const r of rows) tb.append(el('tr', {}, ...r.map((c, i) => el(i ? 'td' : 'th', i ? { class: typeof c === 'number' ? 'num' : '' } : { scope: 'row' }, c instanceof Node ? c : String(c)))));
  return el('div', { class: 'rp-table-wrap' }, el('table', { class: 'rp-table', ...attrs },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))), tb));
}

/** A table too wide for narrow screens: its scrolling wrapper takes the keyboard focus (arrow keys scroll it)
 *  and is named by the caption, so it can be reached and read without a mouse. */
function scrollable(wrap: HTMLElement, caption: string): HTMLElement {
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  return wrap;
}

/** A horizontal pass/fail bar with its legend. */
function passFailBar(pass: number, fail: number): SVGElement {
  const total = pass + fail || 1;
  const w = 600, pw = Math.round((w * pass) / total);
  return svg('svg', { viewBox: `0 0 ${w} 28`, class: 'rp-bar', role: 'img', 'aria-label': t('reports.chart.dmarc', { pass, fail }) },
    svg('rect', { x: 0, y: 0, width: pw, height: 28, class: 'rp-pass' }),
    svg('rect', { x: pw, y: 0, width: w - pw, height: 28, class: 'rp-fail' }));
}

/** Messages per day, pass stacked on fail. */
function daysChart(days: Summary['days']): SVGElement {
  const w = 600, h = 160, pad = 20;
  const max = Math.max(1, ...days.map((d) => d.messages));
  const bw = Math.max(2, Math.floor((w - pad) / Math.max(1, days.length)) - 2);
  const g: Node[] = [];
  days.forEach((d, i) => {
    const x = pad + i * (bw + 2);
    const hp = Math.round(((h - pad) * d.pass) / max), hf = Math.round(((h - pad) * d.fail) / max);
    const title = svg('title', {});
    title.textContent = `${day(d.day)}: ${d.messages} (${t('reports.pass')} ${d.pass}, ${t('reports.fail')} ${d.fail})`;
    g.push(svg('g', {}, title,
      svg('rect', { x, y: h - pad - hp, width: bw, height: hp, class: 'rp-pass' }),
      svg('rect', { x, y: h - pad - hp - hf, width: bw, height: hf, class: 'rp-fail' })));
  });
  const label = svg('text', { x: 0, y: 12, class: 'rp-axis' });
  label.textContent = String(max);
  return svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'rp-days', role: 'img', 'aria-label': t('reports.chart.days') }, label, ...g);
}

/** A sender's messages per day on the report's day axis: small bars, pass below fail (no chart library). */
function trendChart(axis: number[], s: AggregateSender): SVGElement {
  const byDay = new Map(s.days.map((d) => [d.day, d]));
  const max = Math.max(1, ...s.days.map((d) => d.messages));
  const bw = 8, h = 24;
  const said = axis.map((d) => {
    const v = byDay.get(d);
    return t('reports.senders.trendDay', { day: day(d), n: v?.messages ?? 0, fail: v?.fail ?? 0 });
  }).join('; ');
  const bars: Node[] = [];
  axis.forEach((d, i) => {
    const v = byDay.get(d);
    if (!v) return;
    const hp = Math.round((h * v.pass) / max), hf = Math.round((h * v.fail) / max);
    bars.push(svg('rect', { x: i * (bw + 2), y: h - hp, width: bw, height: hp, class: 'rp-pass' }),
      svg('rect', { x: i * (bw + 2), y: h - hp - hf, width: bw, height: hf, class: 'rp-fail' }));
  });
  const title = svg('title', {});
  title.textContent = said;
  return svg('svg', { viewBox: `0 0 ${Math.max(1, axis.length * (bw + 2))} ${h}`, class: 'rp-trend', role: 'img', 'aria-label': said },
    title, ...bars);
}

function whyText(why: Summary['senders_to_fix'][0]['why'], domain: string, dkim: string[], spf: string[]): string {
  return t(`reports.why.${why}`, { domain, dkim: dkim.join(', '), spf: spf.join(', ') });
}

export function mount(panel: HTMLElement, page: ReportsHost) {
  panel.replaceChildren();
  panel.classList.add('reports-tab');
  let files: Array<{ name: string; base64: string }> = [];
  let doc: Doc | null = null;
  let ptr: Map<string, SourcePtr> | null = null;
  let ptrNote: { key: string; params?: Record<string, string | number> } | null = null;
  let senders: AggregateSenders | null = null;
  const filter = { failures_only: false, header_from: '', reporter: '' };

  // The file input itself takes the keyboard focus (Tab, then Enter or Space opens the picker); its label
  // looks like a button. The zone around it only receives drops: it is no control of its own.
  const input = el('input', { id: 'rp-files', type: 'file', multiple: '', 'aria-describedby': 'rp-local',
    accept: '.xml,.gz,.zip,.eml,.gzip,application/xml,application/gzip,application/zip,message/rfc822', class: 'rp-input sr-only' });
  const drop = el('div', { class: 'rp-drop' },
    el('label', { for: 'rp-files', class: 'button secondary rp-choose' }, el('span', { i18n: 'reports.choose' }), input),
    el('p', { class: 'rp-drop-hint', i18n: 'reports.dropHint' }));
  const local = el('p', { id: 'rp-local', class: 'rp-note', i18n: 'reports.local' });
  const status = el('p', { id: 'rp-status', class: 'rp-status', role: 'status', 'aria-live': 'polite' });
  const csvBtn = el('button', { type: 'button', id: 'rp-csv', class: 'button secondary', disabled: '', i18n: 'reports.export.csv' });
  const jsonBtn = el('button', { type: 'button', id: 'rp-json', class: 'button secondary', disabled: '', i18n: 'reports.export.json' });
  const sendersCsvBtn = el('button', { type: 'button', id: 'rp-csv-senders', class: 'button secondary', disabled: '', i18n: 'reports.export.sendersCsv' });
  const ptrBtn = el('button', { type: 'button', id: 'rp-ptr', class: 'button secondary', i18n: 'reports.ptr.button' });
  const printBtn = el('button', { type: 'button', id: 'rp-print', class: 'button secondary', disabled: '', i18n: 'reports.print' });
  // The filters are built once and kept across redraws, so the keyboard focus stays where it was.
  const onlyFailing = el('input', { type: 'checkbox', id: 'rp-f-failures' });
  const fromSelect = el('select', { id: 'rp-f-from' });
  const reporterSelect = el('select', { id: 'rp-f-reporter' });
  const filters = el('div', { class: 'rp-filters', role: 'group', 'aria-labelledby': 'rp-filters-label' },
    el('span', { id: 'rp-filters-label', class: 'rp-filters-label', i18n: 'reports.filters' }),
    el('label', { for: 'rp-f-failures', class: 'rp-check' }, onlyFailing, el('span', { i18n: 'reports.filters.failures' })),
    el('label', { for: 'rp-f-from' }, el('span', { i18n: 'reports.filters.from' }), ' ', fromSelect),
    el('label', { for: 'rp-f-reporter' }, el('span', { i18n: 'reports.filters.reporter' }), ' ', reporterSelect));
  const filterLine = el('p', { id: 'rp-filter-line', class: 'rp-print-only' });
  const sendersBox = el('div', { id: 'rp-senders' });
  const ptrStatus = el('p', { id: 'rp-ptr-status', class: 'rp-note', role: 'status', 'aria-live': 'polite' });
  const out = el('div', { class: 'rp-out' });
  panel.append(el('h2', { i18n: 'reports.title' }), local, drop, status, el('div', { class: 'rp-actions' }, csvBtn, sendersCsvBtn, jsonBtn, printBtn), out);

  /** The choices of a filter: "all", then each value the reports hold (the chosen one kept). */
  function fillSelect(select: HTMLSelectElement, values: string[], chosen: string) {
    select.replaceChildren(el('option', { value: '', text: t('reports.filters.all') }),
      ...values.map((v) => el('option', { value: v, text: v })));
    select.value = values.includes(chosen) ? chosen : '';
  }

  function filterText(): string {
    const parts = [filter.failures_only ? t('reports.filters.failures') : '',
      filter.header_from ? `${t('reports.filters.from')} ${filter.header_from}` : '',
      filter.reporter ? `${t('reports.filters.reporter')} ${filter.reporter}` : ''].filter(Boolean);
    return t('reports.filters.line', { filters: parts.length ? parts.join(' · ') : t('reports.filters.none') });
  }

  /** The senders section: the core's grouping under the current filter, with the trend and the fix of each. */
  function renderSenders() {
    sendersBox.replaceChildren();
    filterLine.textContent = filterText();
    if (!senders) return;
    const v = senders;
    fillSelect(fromSelect, v.header_froms, filter.header_from);
    fillSelect(reporterSelect, v.reporters, filter.reporter);
    sendersBox.append(
      el('p', { id: 'rp-senders-lookup', class: 'rp-note', text: t(`reports.senders.lookup.${v.lookup}`) }),
      v.senders.length
        ? scrollable(table(t('reports.senders.caption'), [t('reports.senders.col.sender'), t('reports.senders.col.kind'), t('reports.col.messages'),
            t('reports.senders.col.passPct'), t('reports.senders.col.spfAligned'), t('reports.senders.col.dkimAligned'),
            t('reports.senders.col.quarantine'), t('reports.senders.col.reject'), t('reports.senders.col.froms'),
            t('reports.col.reporter'), t('reports.senders.col.trend'), t('reports.senders.col.fix')],
          v.senders.map((x) => [x.name, t(`reports.senders.kind.${x.kind}`), x.messages, pct(x.pass, x.messages),
            x.spf_aligned_pass, x.dkim_aligned_pass, x.dispositions.quarantine, x.dispositions.reject,
            x.header_froms.join(', '), x.reporters.join(', '), trendChart(v.days, x),
            x.fix ? `${t('reports.messages', { n: x.fix.messages })}: ${whyText(x.fix.why, x.fix.header_froms.join(', '), x.fix.dkim_domains, x.fix.spf_domains)}`
              : t('reports.senders.noFix')]), { id: 'rp-senders-table' }), t('reports.senders.caption'))
        : el('p', { i18n: 'reports.senders.none' }),
      ...(v.other_senders ? [el('p', { class: 'rp-note', text: t('reports.senders.other', { n: v.other_senders, messages: v.other_messages }) })] : []),
      table(t('reports.domains'), [t('reports.col.domain'), t('reports.col.messages'), t('reports.pass'), t('reports.fail'),
        t('reports.col.compliant'), t('reports.col.spf_unaligned'), t('reports.col.dkim_unaligned')],
      v.by_header_from.map((d) => [d.header_from, d.messages, d.pass, d.fail, pct(d.pass, d.messages), d.spf_unaligned, d.dkim_unaligned]),
      { id: 'rp-domains-table' }));
  }

  /** Asks the core for the senders again (new files, a filter, or a lookup). */
  async function refreshSenders() {
    if (!files.length) return;
    const lookup = ptr ? [...ptr.values()] : [];
    try {
      senders = await page.call<AggregateSenders>('aggregate.senders', { files, filter, lookup });
    } catch (e: unknown) {
      senders = null;
      status.textContent = t('reports.failed', { message: String((e as Error)?.message ?? e) });
    }
    renderSenders();
  }

  function ptrCell(ip: string): string {
    if (!ptr) return '';
    const p = ptr.get(ip);
    if (!p) return t('reports.ptr.notLookedUp');
    if (p.status !== 'found') return t(`reports.ptr.status.${p.status}`);
    return `${p.names.join(', ')} (${t(`reports.ptr.forward.${p.forward}`)})`;
  }

  async function lookUpPtr() {
    if (!doc || !page.runJob) return;
    const choice = page.dnsChoice?.() ?? null;
    if (!choice || choice.mode === 'offline') {
      ptr = null;
      ptrNote = { key: 'reports.ptr.offline' };
      ptrStatus.textContent = t(ptrNote.key);
      return;
    }
    ptrBtn.disabled = true;
    ptrNote = { key: 'reports.ptr.running' };
    ptrStatus.textContent = t(ptrNote.key);
    try {
      const sources = doc.summary.sources.map((x) => ({ ip: x.ip, messages: x.messages }));
      const run = await page.runJob<AggregatePtr>('aggregate.ptr', JSON.stringify({ sources }), { max_sources: 200 });
      ptr = new Map(run.result.sources.map((p) => [p.ip, p]));
      ptrNote = { key: 'reports.ptr.done', params: { n: run.result.looked_up, rest: run.result.not_looked_up } };
      render();
      await refreshSenders();
    } catch (e: unknown) {
      ptrNote = { key: 'reports.ptr.failed', params: { message: String((e as Error)?.message ?? e) } };
    } finally {
      ptrBtn.disabled = false;
      if (ptrNote) ptrStatus.textContent = t(ptrNote.key, ptrNote.params);
    }
  }

  function render() {
    out.replaceChildren();
    if (!doc) return;
    const c = doc.counts, s = doc.summary;
    status.textContent = t('reports.counts', { files: c.files, parsed: c.parsed, partial: c.partial, error: c.error });
    const fl = el('ul', { class: 'rp-files' });
    for (const f of doc.files) {
      const li = el('li', { class: `rp-${f.status}` }, el('strong', { text: f.file }), ` — ${t(`reports.status.${f.status}`)}`);
      if (f.error) {
        // A general sentence in the page's language, then the core's specific English detail.
        const key = `reports.error.${f.error.code}`;
        const said = t(key);
        const same = (a: string) => a.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
        if (said === key || same(said) === same(f.error.message)) li.append(`: ${said === key ? f.error.message : said}`);
        else li.append(`: ${said} (`, el('span', { class: 'rp-detail', lang: 'en', text: f.error.message }), ')');
      }
      for (const d of f.defects ?? []) li.append(el('div', { class: 'rp-defect' }, el('code', { text: d.code }), ': ', ...defectNodes(d)));
      fl.append(li);
    }
    out.append(el('h3', { i18n: 'reports.files' }), fl);
    if (!s.reports) return;
    out.append(
      el('h3', { i18n: 'reports.overview' }),
      el('p', { id: 'rp-overview', text: t('reports.overview.line', { reports: s.reports, reporters: s.reporters.length, messages: s.messages, begin: day(s.begin), end: day(s.end), domains: s.domains.join(', ') }) }),
      ...(s.duplicates ? [el('p', { id: 'rp-duplicates', class: 'rp-note', text: t('reports.duplicates', { n: s.duplicates }) })] : []),
      el('p', { text: t('reports.dmarc.line', { pass: s.dmarc.pass, fail: s.dmarc.fail, passPct: pct(s.dmarc.pass, s.dmarc.messages) }) }),
      passFailBar(s.dmarc.pass, s.dmarc.fail),
      el('h3', { i18n: 'reports.days' }), daysChart(s.days),
      el('h3', { i18n: 'reports.senders' }),
      ...(page.runJob ? [el('div', { class: 'rp-actions' }, ptrBtn), ptrStatus] : []),
      filters, filterLine, sendersBox,
      table(t('reports.mechanisms'), [t('reports.col.check'), t('reports.col.result'), t('reports.col.messages')],
        ([['DKIM (DMARC)', s.dkim_evaluated], ['SPF (DMARC)', s.spf_evaluated], ['DKIM', s.dkim_auth], ['SPF', s.spf_auth],
          [t('reports.col.disposition'), s.dispositions]] as [string, Count[]][])
          .flatMap(([name, list]) => list.map((x) => [name, x.key, x.messages]))),
      table(t('reports.sources'), [t('reports.col.ip'), t('reports.col.messages'), t('reports.pass'), t('reports.fail'), t('reports.col.domain'), t('reports.col.ptr')],
        s.sources.slice(0, 100).map((x) => [x.ip, x.messages, x.pass, x.fail, x.header_froms.join(', '), ptrCell(x.ip)])),
      table(t('reports.reporters'), [t('reports.col.reporter'), t('reports.col.reports'), t('reports.col.messages'), t('reports.col.email')],
        s.reporters.map((r) => [r.org_name || '—', r.reports, r.messages, r.email])));
  }

  async function load(list: FileList | File[]) {
    const arr = [...list];
    if (!arr.length) return;
    status.textContent = t('reports.reading', { n: arr.length });
    files = await Promise.all(arr.map(async (f) => ({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })));
    try {
      doc = await page.call<Doc>('aggregate.parse', { files, records: false });
      ptr = null;
      ptrNote = null;
      ptrStatus.textContent = '';
      senders = null;
      csvBtn.disabled = sendersCsvBtn.disabled = jsonBtn.disabled = printBtn.disabled = false;
      render();
      renderSenders();
      await refreshSenders();
    } catch (e: unknown) {
      status.textContent = t('reports.failed', { message: String((e as Error)?.message ?? e) });
    }
  }

  input.addEventListener('change', () => { if (input.files) void load(input.files); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('rp-over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('rp-over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('rp-over');
    if (e.dataTransfer?.files) void load(e.dataTransfer.files);
  });
  ptrBtn.addEventListener('click', () => { void lookUpPtr(); });
  printBtn.addEventListener('click', () => window.print());
  onlyFailing.addEventListener('change', () => { filter.failures_only = onlyFailing.checked; void refreshSenders(); });
  fromSelect.addEventListener('change', () => { filter.header_from = fromSelect.value; void refreshSenders(); });
  reporterSelect.addEventListener('change', () => { filter.reporter = reporterSelect.value; void refreshSenders(); });
  csvBtn.addEventListener('click', async () => {
    const r = await page.call<{ csv: string }>('aggregate.csv', { files });
    page.download('dmarc-aggregate.csv', r.csv, 'text/csv;charset=utf-8');
  });
  sendersCsvBtn.addEventListener('click', async () => {
    const r = await page.call<{ csv: string }>('aggregate.csv', { files, by: 'sender', filter, lookup: ptr ? [...ptr.values()] : [] });
    page.download('dmarc-senders.csv', r.csv, 'text/csv;charset=utf-8');
  });
  jsonBtn.addEventListener('click', async () => {
    const r = await page.call<AggregateDocument>('aggregate.parse', { files, records: true });
    page.download('dmarc-aggregate.json', JSON.stringify(r, null, 2), 'application/json');
  });
  page.onLanguageChange?.(() => {
    for (const n of panel.querySelectorAll<HTMLElement>('[data-i18n]')) n.textContent = t(n.dataset.i18n!);
    ptrBtn.textContent = t('reports.ptr.button');
    ptrStatus.textContent = ptrNote ? t(ptrNote.key, ptrNote.params) : '';
    render();
    renderSenders();
  });
}

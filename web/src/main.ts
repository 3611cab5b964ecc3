// The page: tabs, language, DNS setting, input, and the conversation with the worker that owns
// the core. Results are rendered from the core's JSON by render.ts.
import './style.css';
import { PROVIDERS, checkCustomUrl, dohResolver } from '../../wasm/js/doh.js';
import { applyStatic, lang, loadTab, safeGet, safeSet, setLang, t, type Lang } from './i18n';
import { renderOutcome, renderPending, type Outcome } from './render';
import type { PageApi } from './page-api';
import { collectionInventory, filesFromDrop, filesFromInput, looksLikeMbox, messageBytes, runCollection, type CollectionEntry,
  type CollectionFile, type CollectionProgress, type CollectionRunner, type MessageFacts } from './collection';
import type { Inventory } from './generated/inventory';
import { renderInventory, resetInventoryView, sourceLabel } from './render/inventory';
import { el } from './render/util';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// The status line is kept as a catalog key + params so a language switch re-translates it.
let statusKey: [string, Record<string, string | number>] | null = null;
function setStatus(key: string, params: Record<string, string | number> = {}) {
  statusKey = key ? [key, params] : null;
  $('status').textContent = key ? t(key, params) : '';
}

// ---- tabs (WAI-ARIA tabs pattern: arrows, Home/End) ----------------------------------------
const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
function selectTab(tab: HTMLButtonElement, focus = true) {
  for (const x of tabs) {
    const on = x === tab;
    x.setAttribute('aria-selected', String(on));
    x.tabIndex = on ? 0 : -1;
    $(x.getAttribute('aria-controls')!).hidden = !on;
  }
  void mountTab(tab.getAttribute('aria-controls')!);
  if (focus) tab.focus();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    const to = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length]
      : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : null;
    if (to) {
      e.preventDefault();
      selectTab(to);
    }
  });
}

// ---- language -------------------------------------------------------------------------------
const langSel = $<HTMLSelectElement>('lang');
langSel.value = lang();
langSel.addEventListener('change', async () => {
  await setLang(langSel.value as Lang);
  refreshDnsNote();
  if (statusKey) setStatus(...statusKey);
  rerender();
  for (const cb of languageListeners) cb();
});
const languageListeners: Array<() => void> = [];

// ---- DNS setting (remembered on this device only) ---------------------------------------------
const DNS_KEY = 'authlens.dns';
const modeSel = $<HTMLSelectElement>('dns-mode');
// Resolvers this build was given (AUTHLENS_DOH_ENDPOINTS): in the menu before "Custom", in the CSP too.
const SITE_ENDPOINTS: string[] = __AUTHLENS_DOH_ENDPOINTS__;
SITE_ENDPOINTS.forEach((url, i) => {
  const o = document.createElement('option');
  o.value = `site-${i}`;
  o.textContent = `${new URL(url).host} (DoH)`;
  modeSel.querySelector('option[value=custom]')!.before(o);
});
const customIn = $<HTMLInputElement>('dns-custom');
const customErr = $('dns-custom-error');
{
  const saved = JSON.parse(safeGet(DNS_KEY) ?? '{}');
  if ([...modeSel.options].some((o) => o.value === saved.mode)) modeSel.value = saved.mode;
  if (typeof saved.custom === 'string') customIn.value = saved.custom;
}
function saveDns() {
  safeSet(DNS_KEY, JSON.stringify({ mode: modeSel.value, custom: customIn.value }));
}
function refreshDnsNote() {
  $('custom-wrap').hidden = modeSel.value !== 'custom';
  $('dns-note').textContent = t(modeSel.value === 'offline' ? 'dns.noteOffline' : 'dns.note');
  customErr.textContent = modeSel.value === 'custom' && customIn.value && !checkCustomUrl(customIn.value, SITE_ENDPOINTS) ? t('dns.customInvalid') : '';
  customIn.setAttribute('aria-invalid', customErr.textContent ? 'true' : 'false');
}
modeSel.addEventListener('change', () => { saveDns(); refreshDnsNote(); });
customIn.addEventListener('input', () => { saveDns(); refreshDnsNote(); });

/** The DNS choice for the driver, or null with the reason shown. */
function dnsChoice(): { mode: 'doh'; url: string } | { mode: 'offline' } | null {
  const v = modeSel.value;
  if (v === 'offline') return { mode: 'offline' };
  if (v.startsWith('site-')) return { mode: 'doh', url: SITE_ENDPOINTS[Number(v.slice(5))] };
  if (v === 'custom') {
    const url = checkCustomUrl(customIn.value, SITE_ENDPOINTS);
    if (!url) {
      customErr.textContent = t('dns.customInvalid');
      customIn.focus();
      return null;
    }
    return { mode: 'doh', url };
  }
  return { mode: 'doh', url: PROVIDERS.find((p) => p.id === v)!.url };
}

// ---- input: paste, drop, file picker ----------------------------------------------------------
const textarea = $<HTMLTextAreaElement>('message');
let fileBytes: Uint8Array | null = null; // a dropped/chosen file is analysed as bytes (8-bit charsets intact)

async function loadFile(f: File) {
  const bytes = new Uint8Array(await f.arrayBuffer());
  fileBytes = bytes;
  textarea.value = new TextDecoder('utf-8').decode(bytes);
  setStatus('analyze.loaded', { name: f.name, size: bytes.length });
}
textarea.addEventListener('input', () => { fileBytes = null; });
$<HTMLInputElement>('file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void loadFile(f);
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', () => drop.classList.remove('over'));
// A file dropped beside the paste area is taken too (instead of the browser opening it).
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  // The drop's entries are readable only during this event: filesFromDrop takes them before it awaits.
  if (e.dataTransfer) void takeFiles(filesFromDrop(e.dataTransfer));
});
$('clear').addEventListener('click', () => {
  textarea.value = '';
  fileBytes = null;
  last = null;
  lastSource = null;
  if (!collecting) {
    collection = null;
    $('collection').replaceChildren();
  }
  $('result').replaceChildren();
  setStatus('');
  textarea.focus();
});

// ---- the workers ---------------------------------------------------------------------------------
// Every request to a worker (analysis, tab jobs, pure calls) carries a job number; replies are
// routed back by it, so tabs can work while an analysis runs. The first worker serves everything;
// a collection adds more (one per core), each with its own copy of the core.
const workers: Worker[] = [];
function startWorker(): Worker {
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent) => void fromWorker(w, e.data);
  w.postMessage({ type: 'init' });
  workers.push(w);
  return w;
}
let job = 0;
type Waiter = { resolve: (o: unknown) => void; reject: (e: Error) => void; onRound?: (info: { round: number; asking: unknown[] }) => void; doh: string | null };
const waiters = new Map<number, Waiter>();
let running: { job: number; questions: number } | null = null;
let workerReady = false;

/**
 * The DNS answers of one collection run, shared by every worker: each name and type is asked once
 * (a second asker waits for the first answer). A single analysis asks on its own, as before.
 */
type SharedDns = { answers: Map<string, Promise<unknown>>; asked: number; shared: number };
let sharedDns: SharedDns | null = null;

async function fromWorker(w: Worker, m: Record<string, any>) {
  if (m.type === 'ready') {
    if (workerReady) return;
    workerReady = true;
    // Only replace the loading line: a file loaded meanwhile keeps its "Loaded …" status.
    if (!running && (statusKey === null || statusKey[0] === 'status.loading')) setStatus('status.ready');
  } else if (m.type === 'failed') {
    setStatus('status.error', { message: m.message });
  } else if (m.type === 'resolve') {
    // The only network request the page makes for a job: one DoH GET per DNS question, to the
    // resolver that job was started with.
    const choice = [...waiters.values()].find((x) => x.doh)?.doh ?? null;
    const ask = () => (choice ? dohResolver(choice)(m.q) : Promise.resolve({ status: 'SERVFAIL', error: 'no resolver' }));
    let result: unknown;
    if (sharedDns) {
      const key = `${String(m.q.name).toLowerCase()}/${m.q.type}`;
      let answer = sharedDns.answers.get(key);
      if (answer) sharedDns.shared += 1;
      else {
        answer = ask();
        sharedDns.answers.set(key, answer);
        sharedDns.asked += 1;
      }
      result = await answer;
    } else {
      result = await ask();
    }
    w.postMessage({ type: 'resolved', id: m.id, result });
  } else if (m.type === 'round') {
    const x = waiters.get(m.job);
    if (running && m.job === running.job) {
      running.questions += m.asking.length;
      setStatus('status.round', { round: m.round, count: m.asking.length });
    }
    x?.onRound?.({ round: m.round, asking: m.asking });
  } else if (m.type === 'done' || m.type === 'error') {
    const x = waiters.get(m.job);
    waiters.delete(m.job);
    if (m.type === 'done') x?.resolve(m.result);
    else x?.reject(Object.assign(new Error(m.message), { code: m.code }));
  }
}
const worker = startWorker();
setStatus('status.loading');

/** Sends one request to a worker (the first unless told) and waits for its reply. */
function ask<T>(msg: Record<string, unknown>, doh: string | null = null, onRound?: Waiter['onRound'], to: Worker = worker): Promise<T> {
  const me = ++job;
  return new Promise<T>((resolve, reject) => {
    // The worker's reply is the T this request asked for (the core's JSON, typed from schema/).
    waiters.set(me, { resolve: resolve as (o: unknown) => void, reject, onRound, doh });
    if (msg.type === 'analyze' && !collecting) running = { job: me, questions: 0 };
    to.postMessage({ ...msg, job: me });
  });
}

let last: Outcome | null = null;


/**
 * The analysis request's envelope. An empty field is "not given" (the core reads the message); the
 * null reverse-path is said by the box (or by typing <> in the field), sent as mail_from "<>".
 */
function envelopeRequest() {
  const v = (id: string) => $<HTMLInputElement>(id).value.trim();
  const r: Record<string, string> = {};
  if (v('env-ip')) r.ip = v('env-ip');
  if (v('env-helo')) r.helo = v('env-helo');
  if ($<HTMLInputElement>('env-mail-from-null').checked) r.mail_from = '<>';
  else if (v('env-mail-from')) r.mail_from = v('env-mail-from');
  return r;
}

// While the box says "null reverse-path", the MAIL FROM field has nothing to say.
$<HTMLInputElement>('env-mail-from-null').addEventListener('change', (e) => {
  $<HTMLInputElement>('env-mail-from').disabled = (e.target as HTMLInputElement).checked;
});

async function analyze(dns: { mode: string; url?: string; snapshot?: string }) {
  if (!textarea.value.trim()) {
    setStatus('analyze.empty');
    textarea.focus();
    return;
  }
  if (running) return;
  const input = fileBytes ?? textarea.value;
  $('result').replaceChildren(renderPending());
  setStatus('status.running');
  $('run').setAttribute('aria-disabled', 'true');
  try {
    const outcome = await ask<Outcome>({ type: 'analyze', input, dns, request: envelopeRequest() },
      dns.mode === 'doh' ? dns.url! : null);
    last = outcome;
    rerender();
    const q = outcome.transcript.length;
    const ms = { core: outcome.timing.core_ms.toFixed(1), dns: Math.round(outcome.timing.dns_ms) };
    if (dns.mode === 'offline') setStatus('status.doneOffline', ms);
    else if (dns.mode === 'snapshot') setStatus('status.replayed', ms);
    else setStatus('status.done', { rounds: outcome.rounds, questions: q, ...ms });
  } catch (err) {
    $('result').replaceChildren();
    setStatus('status.error', { message: (err as Error).message });
  } finally {
    running = null;
    $('run').removeAttribute('aria-disabled');
  }
}

function rerender() {
  if (last) {
    const label = lastSource ? el('p', { class: 'opened-source', id: 'opened-source' }, t('collection.opened', { source: lastSource })) : null;
    $('result').replaceChildren(...(label ? [label] : []), renderOutcome(last, download));
  }
  renderCollection();
}

$('analyze-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const dns = dnsChoice();
  // With nothing pasted, Analyze runs the loaded collection again (after a change of DNS setting, say).
  if (dns && collection && !textarea.value.trim()) void analyzeCollection(dns);
  else if (dns) void analyze(dns);
});

// ---- download report + snapshot; replay a snapshot ------------------------------------------------
function download() {
  if (!last) return;
  const data = {
    schema: 'authlens/export/v1',
    report: last.report,
    headers: last.headers,
    dns_snapshot: JSON.parse(last.snapshot),
    dns_transcript: last.transcript,
    dns: last.dns,
  };
  saveFile('authlens-report.json', JSON.stringify(data, null, 2), 'application/json');
}

function saveFile(name: string, data: BlobPart, type: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

$<HTMLInputElement>('snapshot-file').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  input.value = '';
  if (!f) return;
  let snap: unknown;
  try {
    const j = JSON.parse(await f.text());
    snap = j?.schema === 'authlens/dns-snapshot/v1' ? j : j?.dns_snapshot;
    if ((snap as { schema?: string })?.schema !== 'authlens/dns-snapshot/v1') throw new Error('schema');
  } catch {
    setStatus('status.snapshotBad');
    return;
  }
  const replay = { mode: 'snapshot', snapshot: JSON.stringify(snap) };
  if (collection && !textarea.value.trim()) void analyzeCollection(replay);
  else void analyze(replay);
});

// ---- a collection: several files, a folder, an mbox (web/src/collection.ts) ------------------------
let collecting = false;
let stopRequested = false;
let lastSource: string | null = null; // the collection message shown in #result
let collection: {
  files: CollectionFile[];
  entries: CollectionEntry[];
  inventory: Inventory | null;
  progress: CollectionProgress | null;
  setting: { mode: string; url?: string; snapshot?: string }; // the DNS of the last run, to open a message alike
  answers: SharedDns | null; // that run's shared answers (and their counts): opening a message asks nothing new
} | null = null;

/** One worker per core (at most 8: each holds its own copy of the core). */
function pool(): Worker[] {
  const size = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  while (workers.length < size) startWorker();
  return workers;
}

/** What the first worker does for a collection without the pool: cut an mbox, group the facts. */
const coreTools: Pick<CollectionRunner, 'split' | 'inventory'> = {
  split: (bytes) => ask({ type: 'split', input: bytes }),
  inventory: (facts, unreadable, extra = {}) => ask<Inventory>({ type: 'call', method: 'inventory', input: { facts, unreadable, members: true, ...extra } }),
};

function collectionRunner(dns: { mode: string; url?: string; snapshot?: string }): CollectionRunner {
  const doh = dns.mode === 'doh' ? dns.url! : null;
  const ws = pool();
  return {
    ...coreTools,
    slots: ws.length,
    analyze: (slot, bytes, source) => ask<MessageFacts>({ type: 'analyze', input: bytes, dns, request: {}, facts: source }, doh, undefined, ws[slot]),
  };
}

/** Files chosen or dropped: one plain message goes to the paste box, anything more is a collection. */
async function takeFiles(found: Promise<CollectionFile[]> | CollectionFile[]) {
  const files = await found;
  if (!files.length) return;
  if (files.length === 1 && !looksLikeMbox(new Uint8Array(await files[0].file.slice(0, 5).arrayBuffer()))) {
    await loadFile(files[0].file);
    return;
  }
  if (collecting || running) return;
  textarea.value = '';
  fileBytes = null;
  last = null;
  lastSource = null;
  $('result').replaceChildren();
  resetInventoryView();
  collection = { files, entries: [], inventory: null, progress: null, setting: { mode: 'offline' }, answers: null };
  const dns = dnsChoice();
  if (dns) await analyzeCollection(dns);
}
$<HTMLInputElement>('files').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  void takeFiles(filesFromInput(input)).finally(() => { input.value = ''; });
});
$<HTMLInputElement>('folder').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  void takeFiles(filesFromInput(input)).finally(() => { input.value = ''; });
});

async function analyzeCollection(dns: { mode: string; url?: string; snapshot?: string }) {
  if (!collection || collecting || running) return;
  const c = collection;
  collecting = true;
  stopRequested = false;
  c.inventory = null;
  sharedDns = dns.mode === 'doh' ? { answers: new Map(), asked: 0, shared: 0 } : null;
  c.setting = dns;
  c.answers = sharedDns;
  $('run').setAttribute('aria-disabled', 'true');
  const runner = collectionRunner(dns);
  let grouping = false;
  let lastGrouped = 0;
  // While it runs, the table follows the finished messages (at most about once a second).
  const regroup = async () => {
    if (grouping || performance.now() - lastGrouped < 1000) return;
    grouping = true;
    try {
      c.inventory = await collectionInventory(c.entries, runner);
    } finally {
      grouping = false;
      lastGrouped = performance.now();
    }
    renderCollection();
  };
  try {
    c.entries = await runCollection(c.files, runner, (p, entries) => {
      c.progress = p;
      c.entries = entries;
      setStatus(p.phase === 'reading' ? 'collection.reading' : 'collection.progress',
        { done: p.done, total: p.total, read: p.filesRead, files: p.files, rate: p.perSecond.toFixed(1) });
      renderCollection();
      if (p.phase === 'analysing') void regroup();
    }, () => stopRequested);
    c.inventory = await collectionInventory(c.entries, runner);
    const p = c.progress;
    setStatus(stopRequested ? 'collection.stopped' : 'collection.done', {
      messages: c.entries.length, streams: c.inventory.streams.length, rate: (p?.perSecond ?? 0).toFixed(1),
    });
  } catch (err) {
    setStatus('status.error', { message: (err as Error).message });
  } finally {
    collecting = false;
    sharedDns = null;
    $('run').removeAttribute('aria-disabled');
    renderCollection();
  }
}

/** The progress bar while it runs, then the inventory (render/inventory.ts). */
function renderCollection() {
  const box = $('collection');
  if (!collection) {
    box.replaceChildren();
    return;
  }
  const c = collection;
  const parts: HTMLElement[] = [];
  if (collecting && c.progress) {
    const bar = el('progress', { id: 'collection-bar', max: String(Math.max(1, c.progress.total)), value: String(c.progress.done) });
    bar.setAttribute('aria-label', t('collection.progressLabel'));
    const stop = el('button', { type: 'button', class: 'button secondary', id: 'collection-stop' }, t('collection.stop'));
    stop.addEventListener('click', () => { stopRequested = true; });
    parts.push(el('div', { class: 'row collection-progress' }, bar, stop));
  }
  if (c.inventory) {
    parts.push(renderInventory({ inventory: c.inventory, messages: c.entries, dns: { asked: c.answers?.asked ?? 0, shared: c.answers?.shared ?? 0 } }, {
      open: (i) => void openCollectionMessage(i),
      exportCsv: () => void exportInventory('csv'),
      exportJson: () => void exportInventory('json'),
    }));
  }
  box.replaceChildren(...parts);
}

/**
 * Opens one message of the collection in the one-message view: its file is read again and analysed
 * in full with the run's DNS setting (in DoH mode from the run's shared answers: nothing new is asked
 * for a message the run already saw).
 */
async function openCollectionMessage(i: number) {
  const c = collection;
  const e = c?.entries[i];
  if (!c || !e?.facts || collecting || running) return;
  const dns = c.setting;
  $('result').replaceChildren(renderPending());
  try {
    const bytes = await messageBytes(e, c.files, coreTools);
    if (!bytes) throw new Error(t('collection.gone'));
    sharedDns = c.answers;
    last = await ask<Outcome>({ type: 'analyze', input: bytes, dns, request: {} }, dns.mode === 'doh' ? dns.url! : null);
    lastSource = sourceLabel(e);
    rerender();
    $('result').scrollIntoView({ block: 'start' });
  } catch (err) {
    $('result').replaceChildren();
    setStatus('status.error', { message: (err as Error).message });
  } finally {
    sharedDns = null;
    running = null;
  }
}

async function exportInventory(kind: 'csv' | 'json') {
  if (!collection) return;
  const inv = await collectionInventory(collection.entries, coreTools, { csv: kind === 'csv' });
  if (kind === 'csv') {
    saveFile('authlens-inventory.csv', inv.csv ?? '', 'text/csv');
  } else {
    const { csv: _csv, members: _members, ...plain } = inv;
    saveFile('authlens-inventory.json', JSON.stringify(plain, null, 2), 'application/json');
  }
}

// ---- the other tabs: each a module that mounts into its panel (web/src/tabs/<tab>.ts) -----------
const page: PageApi = {
  // The tabs' methods and jobs live in the full module, which the worker loads on the first such request.
  call: (method, input) => ask({ type: 'call', method, input, module: 'tools' }),
  runJob: (kind, input, request = {}, options = {}) => {
    const dns = options.dns ?? dnsChoice() ?? { mode: 'offline' as const };
    return ask({ type: 'job', kind, input, request, dns, module: 'tools' }, dns.mode === 'doh' ? dns.url : null, options.onRound);
  },
  dnsChoice,
  t,
  lang,
  onLanguageChange: (cb) => { languageListeners.push(cb); },
  download: saveFile,
};
// Each tab's code (and its CSS) is loaded the first time its panel is shown: the Analyze tab, which
// the page opens on, needs none of it before its first result (issue 16).
const tabLoaders = import.meta.glob<{ mount: (panel: HTMLElement, page: PageApi) => void | Promise<void> }>('./tabs/*.ts');
const mountedTabs = new Map<string, Promise<void>>();
/** The placeholder a tab shows until its code has mounted (gone once it has). */
function setTabNote(panelId: string, key: 'tab.loading' | 'tab.loadFailed', reason: string): void {
  const note = document.getElementById(panelId)?.querySelector<HTMLElement>('.tab-loading');
  if (!note) return;
  note.dataset.i18n = key;
  note.textContent = t(key);
  note.title = reason;
}
function mountTab(panelId: string): Promise<void> {
  const load = tabLoaders[`./tabs/${panelId.replace(/^panel-/, '')}.ts`];
  if (!load) return Promise.resolve();
  let mounted = mountedTabs.get(panelId);
  if (!mounted) {
    setTabNote(panelId, 'tab.loading', '');
    mounted = Promise.all([load(), loadTab(panelId.replace(/^panel-/, ''))]).then(async ([mod]) => {
      const panel = document.getElementById(panelId);
      if (panel && typeof mod.mount === 'function') {
        // A tab's first request loads the full wasm module (worker.ts tools()): mounted means drawn.
        await mod.mount(panel, page);
        panel.dataset.mounted = 'true'; // what tests wait for
      }
    }).catch((err: unknown) => {
      // A failed download (offline, a new deployment replaced the file) says so in the tab, in the
      // language shown (data-i18n follows a switch), the browser's reason as the tooltip; the next visit
      // to the tab tries again.
      mountedTabs.delete(panelId);
      setTabNote(panelId, 'tab.loadFailed', err instanceof Error ? err.message : String(err));
    });
    mountedTabs.set(panelId, mounted);
  }
  return mounted;
}
const shown = tabs.find((x) => x.getAttribute('aria-selected') === 'true');
if (shown) void mountTab(shown.getAttribute('aria-controls')!);

applyStatic();
refreshDnsNote();
if (workerReady) setStatus('status.ready');

// ---- offline once loaded: the service worker keeps the page's own files (public/sw.js) -----------
// Only where the browser allows it (a secure context: https or loopback); the page works without it.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('./sw.js').catch(() => { /* no offline copy: nothing else changes */ });
}

// Renders the core's report JSON. Nothing here decides anything about authentication: values are
// shown as the core wrote them, and a section the report lacks (or marks reason "not_checked") is
// shown as "not checked yet". All text from the message goes in through textContent (never innerHTML).
// The cards live in render/*.ts (one file per card); this file assembles them.
import { t } from './i18n';
import { arcCard } from './render/arc';
import { bulkCard } from './render/bulk';
import { claimedCard } from './render/claimed';
import { dkimCard } from './render/dkim';
import { dmarcCard } from './render/dmarc';
import { renderBadges, renderDecision, summaryText } from './render/headline';
import { spfCard } from './render/spf';
import { spoofingCard } from './render/spoofing';
import type { HeadersReport } from './generated/headers';
import type { Mailbox, MimePart, Report } from './generated/report';
import { card, defectNodes, el, pill, rawText, reasonText, str, tree } from './render/util';

export { renderBadges, summaryText, tree };

/** One row of the DNS transcript the driver keeps (wasm/js/driver.js). */
export interface TranscriptRow {
  round: number;
  name: string;
  type: string;
  status: string;
  ttl?: number;
  records?: (string | string[])[];
  ms?: number;
  error?: string;
}

/** What the worker hands back for one analysis (wasm/js/driver.js runAnalysis plus the headers view). */
export interface Outcome {
  report: Report;
  headers: HeadersReport | null;
  snapshot: string;
  transcript: TranscriptRow[];
  rounds: number;
  dns: { mode: string; url?: string };
  /** Milliseconds in the core's own calls, and waiting for DNS answers (wasm/js/driver.js). */
  timing: { core_ms: number; dns_ms: number };
}

function messageCard(report: Report): HTMLElement {
  const fields = report.fields;
  const body: Node[] = [];
  if (report.subject) body.push(el('p', { class: 'subject data' }, str(report.subject)));
  if (report.input.headers_only) body.push(el('p', { class: 'note' }, t('message.headersOnly')));
  if (fields.length) {
    const dl = el('dl', { class: 'kv fields' });
    for (const f of fields) {
      const dd = el('dd', { class: 'data' }, str(f.decoded ?? f.value));
      if (f.decoded !== undefined && f.decoded !== f.value) dd.title = str(f.value);
      dl.append(el('dt', { class: 'data' }, str(f.name)), dd);
    }
    body.push(el('details', { class: 'fields-wrap' }, el('summary', {}, t('message.fields') + ` (${fields.length})`), dl));
  } else {
    body.push(el('p', {}, t('message.none')));
  }
  {
    const dl = el('dl', { class: 'kv' });
    for (const [role, list] of Object.entries(report.addresses) as [string, Mailbox[]][]) {
      if (!list.length) continue;
      const text = list.map((a) => (a.display_name ? `${str(a.display_name)} <${str(a.address)}>` : str(a.address))).join(', ');
      dl.append(el('dt', {}, t(`message.role.${role}`)), el('dd', { class: 'data' }, text));
    }
    const author = report.author_domain;
    dl.append(el('dt', {}, t('message.authorDomain')), author === null ? el('dd', {}, '— ', ...defectNodes(report.author_domain_reason)) : el('dd', { class: 'data' }, str(author)));
    body.push(el('h4', {}, t('message.addresses')), dl);
  }
  body.push(el('h4', {}, t('message.mime')));
  body.push(mimeTree(report.mime));
  return card(t('card.message'), 'card-message', ...body);
}

function mimeTree(part: MimePart): HTMLElement {
  const ul = el('ul', { class: 'mime' });
  const walk = (p: MimePart, into: HTMLElement) => {
    const label = [str(p.content_type), p.charset ? `(${str(p.charset)})` : '', p.filename ? `“${str(p.filename)}”` : '', `${p.size} B`]
      .filter(Boolean).join(' ');
    const li = el('li', {}, el('span', { class: 'data' }, label || '—'));
    if (p.disposition === 'attachment') li.append(' ', el('span', { class: 'pill plain' }, t('message.attachment')));
    into.append(li);
    const kids = p.parts;
    if (kids.length) {
      const sub = el('ul', {});
      for (const k of kids) walk(k, sub);
      li.append(sub);
    }
  };
  walk(part, ul);
  return ul;
}

function routeCard(report: Report): HTMLElement {
  const route = report.route;
  const hops = route.hops;
  if (!hops.length) return card(t('card.route'), 'card-route', el('p', {}, t('route.none')));
  const ol = el('ol', { class: 'timeline' });
  hops.forEach((h, i) => {
    const handoff = !!route.handoff_ip && h.from_ip === route.handoff_ip;
    const li = el('li', { class: `hop${handoff ? ' handoff' : ''}` });
    li.append(el('div', { class: 'hop-title' }, t('route.hop', { n: hops.length - i })));
    const dl = el('dl', { class: 'kv hop-kv' });
    const from = [str(h.from_host), h.from_ip ? `[${str(h.from_ip)}]` : ''].filter(Boolean).join(' ');
    if (from) dl.append(el('dt', {}, t('route.from')), el('dd', { class: 'data' }, from));
    if (h.by_host) dl.append(el('dt', {}, t('route.by')), el('dd', { class: 'data' }, str(h.by_host)));
    if (h.with) dl.append(el('dt', {}, t('route.with')), el('dd', { class: 'data' }, str(h.with)));
    if (h.from_helo) dl.append(el('dt', {}, t('route.helo')), el('dd', { class: 'data' }, str(h.from_helo)));
    if (h.tls !== undefined) {
      const tls = h.tls === 'none' ? t('route.tlsNone') : [str(h.tls), h.cipher ? str(h.cipher) : ''].filter(Boolean).join(' ');
      dl.append(el('dt', {}, t('route.tls')), el('dd', { class: h.tls === 'none' ? 'tls-none' : 'tls' }, tls));
    }
    if (h.date) dl.append(el('dt', {}, t('route.date')), el('dd', { class: 'data' }, str(h.date)));
    if (h.delay_s !== undefined) dl.append(el('dt', {}, t('route.delay')), el('dd', {}, t('route.seconds', { n: h.delay_s })));
    li.append(dl);
    if (handoff) li.append(el('p', { class: 'handoff-note' }, t('route.handoff')));
    ol.append(li);
  });
  const why = route.handoff_reason ? el('p', { class: 'note' }, t('route.handoffWhy'), ' ', reasonText('route', route.handoff_reason, route.handoff_reason)) : null;
  return card(t('card.route'), 'card-route', el('p', { class: 'note' }, t('route.newestFirst')), ol, why);
}

function authresCard(report: Report): HTMLElement {
  const list = report.authentication_results;
  if (!list.length) return card(t('card.authres'), 'card-authres', el('p', {}, t('authres.none')));
  const body: Node[] = [];
  for (const f of list) {
    const head = [str(f.field), f.authserv_id ? str(f.authserv_id) : '', f.instance !== undefined ? `i=${str(f.instance)}` : ''].filter(Boolean).join(' · ');
    const block = el('div', { class: 'ar' }, el('h4', { class: 'data' }, head || 'Authentication-Results'));
    const results = f.results;
    if (results.length) {
      const ul = el('ul', { class: 'ar-results' });
      for (const r of results) {
        const props = r.properties.map((p) => `${str(p.ptype)}.${str(p.property)}=${str(p.value)}`).join(' ');
        ul.append(el('li', {}, el('strong', { class: 'data' }, str(r.method)), ' ', pill(r.result),
          props ? el('span', { class: 'data' }, ` ${props}`) : '', r.reason ? el('span', { class: 'data' }, ` — ${str(r.reason)}`) : ''));
      }
      block.append(ul);
    }
    if (f.raw) block.append(el('details', {}, el('summary', {}, t('authres.raw')), el('pre', { class: 'raw' }, rawText(f.raw))));
    body.push(block);
  }
  return card(t('card.authres'), 'card-authres', ...body);
}

function dnsCard(o: Outcome): HTMLElement {
  const head: Node[] = [];
  if (o.dns.mode === 'doh') head.push(el('p', { class: 'note' }, t('dns.resolver', { url: o.dns.url ?? '' })));
  if (o.dns.mode === 'offline') head.push(el('p', { class: 'note' }, t('dns.offlineMode')));
  if (o.dns.mode === 'snapshot') head.push(el('p', { class: 'note' }, t('dns.snapshotMode')));
  if (!o.transcript.length) return card(t('card.dns'), 'card-dns', ...head, el('p', {}, t('dns.none')));
  const cols = ['round', 'name', 'type', 'status', 'answer', 'ttl', 'ms'];
  const thead = el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { scope: 'col' }, t(`dns.col.${c}`)))));
  const tbody = el('tbody', {});
  for (const e of o.transcript) {
    const records = e.records ?? [];
    const answer = records.map((r) => (Array.isArray(r) ? r.map((s) => `"${s}"`).join(' ') : str(r))).join('\n');
    tbody.append(el('tr', { class: `st-${str(e.status).toLowerCase()}` },
      el('td', {}, str(e.round)), el('td', { class: 'mono' }, str(e.name)), el('td', {}, str(e.type)),
      el('td', {}, str(e.status) + (e.error ? ` (${str(e.error)})` : '')), el('td', { class: 'mono answer' }, answer),
      el('td', {}, e.ttl !== undefined ? str(e.ttl) : ''), el('td', {}, str(e.ms))));
  }
  return card(t('card.dns'), 'card-dns', ...head, el('div', { class: 'scroll' }, el('table', { class: 'dns' }, thead, tbody)));
}

function defectsCard(report: Report, headers: HeadersReport | null): HTMLElement {
  const sources: (Report | HeadersReport)[] = headers ? [report, headers] : [report];
  // A Received field's defects name no hop: each is listed with its hop's label (numbered as the route card does).
  const all = sources.flatMap((x) => [
    ...x.defects.map((d) => ({ d, hop: 0 })),
    ...(x.route.defects ?? []).map((d) => ({ d, hop: 0 })),
    ...x.route.hops.flatMap((h, i, hops) => (h.defects ?? []).map((d) => ({ d, hop: hops.length - i }))),
    ...x.authentication_results.flatMap((f) => f.defects ?? []).map((d) => ({ d, hop: 0 })),
  ]);
  const seen = new Set<string>();
  const list = all.filter(({ d, hop }) => {
    const k = `${hop}|${d.code}|${d.detail}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (!list.length) return card(t('card.defects'), 'card-defects', el('p', {}, t('defects.none')));
  return card(t('card.defects'), 'card-defects',
    el('ul', { class: 'defects' }, ...list.map(({ d, hop }) => el('li', {}, el('code', {}, str(d.code)), ' ',
      hop ? `${t('route.hop', { n: hop })}: ` : '', ...defectNodes(d)))));
}

/** iprev (forward-confirmed reverse DNS of the hand-off IP), shown with the route. */
function iprevLine(report: Report): HTMLElement {
  const ip = report.iprev;
  const names = ip.ptr_names ? ip.ptr_names.map(str).join(', ') : '';
  return el('p', { class: 'iprev' }, el('strong', {}, t('badge.iprev')), ' ', pill(ip.result), ' ', ip.ip ? el('code', { class: 'mono' }, str(ip.ip)) : null, ' — ',
    reasonText('iprev', ip.reason, ip.detail), names ? el('span', { class: 'note data' }, ` (PTR: ${names})`) : null);
}

/** The whole result, built in one go (the page swaps it in when the analysis is finished). */
export function renderOutcome(o: Outcome, onDownload: () => void): HTMLElement {
  const r = o.report;
  const root = el('div', { class: 'outcome' });
  root.append(el('p', { class: 'summary', id: 'summary' }, summaryText(r)));
  root.append(renderBadges(r));
  root.append(renderDecision(r));
  const dl = el('button', { type: 'button', class: 'button secondary', id: 'download' }, t('download'));
  dl.addEventListener('click', onDownload);
  root.append(el('div', { class: 'row download' }, dl, el('span', { class: 'note' }, t('download.note'))));
  root.append(el('div', { class: 'cards mechs-cards' }, dmarcCard(r), spfCard(r), dkimCard(r), arcCard(r)));
  root.append(bulkCard(r), spoofingCard(r), claimedCard(r));
  const route = routeCard(r);
  route.insertBefore(iprevLine(r), route.children[1] ?? null);
  root.append(messageCard(r), route, authresCard(r), dnsCard(o), defectsCard(r, o.headers));
  return root;
}

/** Placeholder of the same shape while the analysis runs, so nothing jumps when it lands. */
export function renderPending(): HTMLElement {
  const root = el('div', { class: 'outcome pending', 'aria-busy': 'true' });
  root.append(el('p', { class: 'summary skeleton' }, '\u00a0'));
  root.append(renderBadges(null));
  root.append(renderDecision(null));
  const cards = el('div', { class: 'cards mechs-cards', 'aria-hidden': 'true' });
  for (let i = 0; i < 4; i++) cards.append(el('div', { class: 'card skeleton-card' }, el('p', { class: 'skeleton line' }, '\u00a0'), el('p', { class: 'skeleton line short' }, '\u00a0')));
  root.append(cards);
  return root;
}

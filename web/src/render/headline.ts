// The top of the result: the one line a person can act on (report.summary), the badge row, and
// the decision chart (SPF and DKIM each as passed × aligned, and where that puts DMARC and each
// mailbox provider). Every value is the core's; the chart only places them.
import { lang, t } from '../i18n';
import type { DmarcExplain, Report } from '../generated/report';
import { el, has, params, pill, reasonText, resultWord, str, tone } from './util';

/** The headline: report.summary {headline_code, params} translated, else the core's English sentence. */
export function summaryText(report: Report): string {
  const s = report.summary;
  const code = s.headline_code;
  const english = str(s.headline);
  if (code && has(`headline.${code}`)) {
    const p: Record<string, string | number> = { author_domain: '—', dkim_domain: '—', spf_domain: '—', spf_result: '—', policy: '—', disposition: '—', author_error: '—', ...params(s.params) };
    let line = t(`headline.${code}`, p);
    // The single change that would make DMARC pass, present only when the core says it applies: the
    // core's sentence carries every name (selectors, record names), so English uses it; other
    // languages use the catalog's.
    const fixCode = str(s.params.fix_code);
    const fix = lang() === 'en' && s.params.fix ? str(s.params.fix) : fixCode && has(`reason.${fixCode}`) ? t(`reason.${fixCode}`, p) : '';
    if (fix) line = `${line.replace(/[.。]$/, '')}${t('headline.fixJoin')}${fix.replace(/[.。]$/, '')}${t('headline.end')}`;
    return line;
  }
  if (english) return english;
  if (code) return code;
  return t('summary.fallback');
}

// Each badge reads one field of the report by its one name (docs/report-format.md); `section`, when
// given, is the object whose reason says the check could not run (DNS offline or incomplete).
type Badge = {
  key: string;
  value: (r: Report) => string | string[] | undefined;
  section?: (r: Report) => { reason: string; detail?: string };
};
const BADGES: Badge[] = [
  { key: 'badge.spf', value: (r) => r.spf.result, section: (r) => r.spf },
  // DKIM: one result per signature, as the core gave them.
  { key: 'badge.dkim', value: (r) => r.dkim.map((s) => s.result) },
  { key: 'badge.dmarc', value: (r) => r.dmarc.result, section: (r) => r.dmarc },
  { key: 'badge.arc', value: (r) => r.arc.cv, section: (r) => r.arc },
  { key: 'badge.iprev', value: (r) => r.iprev.result, section: (r) => r.iprev },
  { key: 'badge.tls', value: (r) => r.route.handoff_tls },
  { key: 'badge.gmailYahoo', value: (r) => r.bulk_sender.gmail_yahoo.status },
  { key: 'badge.outlook', value: (r) => r.bulk_sender.outlook.status },
];

/** route.handoff_tls: the version the hand-off hop recorded (good), "none" for plain SMTP (bad). */
function tlsBadge(v: string): { text: string; tone: string } {
  if (v === 'none') return { text: t('badge.tlsNone'), tone: 'bad' };
  if (v === 'unknown-version') return { text: t('badge.tlsUnknownVersion'), tone: 'good' };
  return { text: v, tone: 'good' };
}

function badgeValue(report: Report, b: Badge): { text: string; tone: string; title?: string } | null {
  const v = b.value(report);
  if (v === undefined) return null;
  const section = b.section?.(report);
  if (section && /^dns\.(offline|incomplete)$/.test(section.reason)) {
    return { text: t(`badge.${section.reason === 'dns.offline' ? 'offline' : 'incomplete'}`), tone: 'plain', title: reasonText('dns', section.reason, section.detail) };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return { text: t('badge.none'), tone: 'plain' };
    return { text: v.map(resultWord).join(' · '), tone: tone(v[0]) };
  }
  if (b.key === 'badge.tls') return tlsBadge(str(v));
  return { text: resultWord(v), tone: tone(v) };
}

export function renderBadges(report: Report | null): HTMLElement {
  const ul = el('ul', { class: 'badges', 'aria-label': t('badges.label') });
  for (const b of BADGES) {
    const val = report ? badgeValue(report, b) : null;
    const li = el('li', { class: `badge ${val ? val.tone : 'pending'}`, 'data-badge': b.key.replace(/^badge\./, '') });
    if (val?.title) li.title = val.title;
    li.append(el('span', { class: 'badge-name' }, t(b.key)));
    li.append(el('span', { class: 'badge-value' }, val ? val.text : report ? t('badge.notChecked') : '\u00a0'));
    ul.append(li);
  }
  return ul;
}

// ---- decision chart --------------------------------------------------------------------------

type Marker = { label: string; passed: boolean | null; aligned: boolean | null; note: string };

/**
 * The identifiers DMARC judged: dmarc.alignment (each DKIM signature, with domain alignment
 * apart from the result), else report.decision ({spf: {pass, aligned}, dkim: {pass, aligned}}).
 */
function markers(report: Report): { list: Marker[]; missing: string[] } {
  const list: Marker[] = [];
  const missing: string[] = [];
  const d = report.decision;
  const al = report.dmarc.alignment;
  // When DMARC was not judged (DNS offline or missing) the decision's booleans say nothing.
  const judged = !d.dmarc_reason;
  const s = al?.spf;
  if (s && (s.result || s.domain)) {
    list.push({ label: s.domain ? `SPF ${str(s.domain)}` : 'SPF', passed: s.passed, aligned: s.domain_aligned, note: reasonText('dmarc', s.reason) });
  } else if (judged) {
    list.push({ label: d.spf.domain ? `SPF ${str(d.spf.domain)}` : 'SPF', passed: d.spf.pass, aligned: d.spf.aligned, note: '' });
  } else {
    missing.push('SPF');
  }
  const ks = al?.dkim ?? [];
  for (const k of ks) {
    list.push({ label: `DKIM d=${str(k.domain)}`, passed: k.passed, aligned: k.domain_aligned, note: reasonText('dmarc', k.reason) });
  }
  if (!ks.length) {
    if (report.dkim.length === 0) missing.push(t('chart.noDkim'));
    else if (judged) list.push({ label: 'DKIM', passed: d.dkim.pass, aligned: d.dkim.aligned, note: '' });
    else missing.push('DKIM');
  }
  return { list, missing };
}

/** Mailbox providers' outcome: the bulk-sender checklists' status. */
function providers(report: Report): { name: string; result: string }[] {
  const b = report.bulk_sender;
  return (['gmail_yahoo', 'outlook'] as const).map((k) => ({ name: providerName(k), result: b[k].status }));
}

export function providerName(key: string): string {
  if (has(`provider.${key}`)) return t(`provider.${key}`);
  return key;
}

function cellMarkers(list: Marker[], passed: boolean, aligned: boolean): HTMLElement {
  const here = list.filter((m) => m.passed === passed && m.aligned === aligned);
  const ul = el('ul', { class: 'chart-marks' });
  for (const m of here) ul.append(el('li', { class: `chart-mark ${passed && aligned ? 'good' : passed || aligned ? 'warn' : 'bad'}`, title: m.note }, m.label));
  return ul;
}

export function renderDecision(report: Report | null): HTMLElement {
  const root = el('section', { class: 'decision', id: 'decision', 'aria-labelledby': 'decision-title' });
  root.append(el('h3', { id: 'decision-title' }, t('chart.title')));
  if (!report) {
    root.classList.add('skeleton-block');
    root.setAttribute('aria-hidden', 'true');
    return root;
  }
  const { list, missing } = markers(report);
  const counts = el('td', { class: 'cell-good' }, el('span', { class: 'cell-label' }, t('chart.counts')), cellMarkers(list, true, true));
  const passNot = el('td', { class: 'cell-warn' }, el('span', { class: 'cell-label' }, t('chart.passNotAligned')), cellMarkers(list, true, false));
  const failAl = el('td', { class: 'cell-warn' }, el('span', { class: 'cell-label' }, t('chart.failAligned')), cellMarkers(list, false, true));
  const failNot = el('td', { class: 'cell-bad' }, el('span', { class: 'cell-label' }, t('chart.failNotAligned')), cellMarkers(list, false, false));
  const tableEl = el('table', { class: 'chart' },
    el('caption', {}, t('chart.caption')),
    el('thead', {}, el('tr', {}, el('td', { class: 'corner' }), el('th', { scope: 'col' }, t('chart.aligned')), el('th', { scope: 'col' }, t('chart.notAligned')))),
    el('tbody', {},
      el('tr', {}, el('th', { scope: 'row' }, t('chart.passed')), counts, passNot),
      el('tr', {}, el('th', { scope: 'row' }, t('chart.failed')), failAl, failNot)));
  const left = el('div', { class: 'chart-left' }, tableEl);
  const undecided = list.filter((m) => m.passed === null || m.aligned === null).map((m) => m.label);
  if (missing.length || undecided.length) {
    left.append(el('p', { class: 'note' }, t('chart.notPlaced', { list: [...missing, ...undecided].join(', ') })));
  }

  // Where that puts DMARC and each mailbox provider.
  const outcome = el('ul', { class: 'chart-outcome', 'aria-label': t('chart.outcome') });
  const dm = report.dmarc;
  const tail = dm.disposition ? t('chart.disposition', { policy: str(dm.policy) || '—', disposition: dm.disposition }) : reasonText('dmarc', dm.reason, dm.detail);
  outcome.append(el('li', {}, el('span', { class: 'chart-who' }, 'DMARC'), ' ', pill(dm.result || 'none'), ' ', el('span', { class: 'chart-why' }, tail)));
  for (const p of providers(report)) outcome.append(el('li', {}, el('span', { class: 'chart-who' }, p.name), ' ', pill(p.result)));
  const right = el('div', { class: 'chart-right' }, el('h4', {}, t('chart.outcome')), outcome);
  const fix = dm.explain && (dm.explain.fix_code || dm.explain.fix) ? fixText(dm.explain, report.summary.params) : '';
  if (fix) right.append(el('p', { class: 'chart-fix' }, el('strong', {}, t('dmarc.fix')), ' ', fix));
  root.append(el('div', { class: 'chart-wrap' }, left, el('div', { class: 'chart-arrow', 'aria-hidden': 'true' }, '→'), right));
  return root;
}

/** The single change that would make DMARC pass: translated by fix_code, else the core's sentence. */
export function fixText(explain: DmarcExplain, names: object = {}): string {
  const code = explain.fix_code;
  const english = str(explain.fix);
  if (english && lang() === 'en') return english;
  if (code && has(`reason.${code}`)) {
    const s = t(`reason.${code}`, params(names));
    // Every name filled in from the report's summary (author_domain, …): the translation says it all.
    if (!/\{\w+\}/.test(s)) return s;
    // The core's sentence carries the names (domains, selectors): shown after the translation.
    return english ? `${s} (${english})` : s;
  }
  return english || code;
}

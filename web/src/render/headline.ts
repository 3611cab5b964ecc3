// The top of the result: the one line a person can act on (report.summary), the badge row, and
// the decision chart (SPF and DKIM each as passed × aligned, and where that puts DMARC and each
// mailbox provider). Every value is the core's; the chart only places them.
import { lang, t } from '../i18n';
import { arr, el, first, get, has, isObj, notChecked, params, pill, reasonText, resultWord, str, tone, type J } from './util';

/** The headline: report.summary {headline_code, params} translated, else the core's English sentence. */
export function summaryText(report: J): string {
  const s = report?.summary;
  if (typeof s === 'string' && s) return s;
  if (isObj(s)) {
    const code = str(s.headline_code ?? s.code);
    const english = str(first(s, ['headline', 'text', 'detail', 'message']));
    if (code && has(`headline.${code}`)) {
      const p: Record<string, string | number> = { author_domain: '—', dkim_domain: '—', spf_domain: '—', spf_result: '—', policy: '—', disposition: '—', author_error: '—', ...params(s.params) };
      let line = t(`headline.${code}`, p);
      // The single change that would make DMARC pass: the core's sentence carries every name
      // (selectors, record names), so English uses it; other languages use the catalog's.
      const fixCode = str(s.params?.fix_code);
      const fix = lang() === 'en' && s.params?.fix ? str(s.params.fix) : fixCode && has(`reason.${fixCode}`) ? t(`reason.${fixCode}`, p) : '';
      if (fix && !/^summary\.(dns|pass|temperror)/.test(code)) line = `${line.replace(/[.。]$/, '')}${t('headline.fixJoin')}${fix.replace(/[.。]$/, '')}${t('headline.end')}`;
      return line;
    }
    if (english) return english;
    if (code) return code;
  }
  return t('summary.fallback');
}

// Each badge reads one field of the report by one name (docs/report-format.md); `section` is the
// object whose reason says when the check could not run (DNS offline or incomplete, not checked).
const BADGES: { key: string; field: string; section: string }[] = [
  { key: 'badge.spf', field: 'spf.result', section: 'spf' },
  { key: 'badge.dkim', field: 'dkim', section: 'dkim' },
  { key: 'badge.dmarc', field: 'dmarc.result', section: 'dmarc' },
  { key: 'badge.arc', field: 'arc.cv', section: 'arc' },
  { key: 'badge.iprev', field: 'iprev.result', section: 'iprev' },
  { key: 'badge.tls', field: 'route.handoff_tls', section: 'route' },
  { key: 'badge.gmailYahoo', field: 'bulk_sender.gmail_yahoo.status', section: 'bulk_sender.gmail_yahoo' },
  { key: 'badge.outlook', field: 'bulk_sender.outlook.status', section: 'bulk_sender.outlook' },
];

/** route.handoff_tls: the version the hand-off hop recorded (good), "none" for plain SMTP (bad). */
function tlsBadge(v: string): { text: string; tone: string } {
  if (v === 'none') return { text: t('badge.tlsNone'), tone: 'bad' };
  if (v === 'unknown-version') return { text: t('badge.tlsUnknownVersion'), tone: 'good' };
  return { text: v, tone: 'good' };
}

function badgeValue(report: J, b: { key: string; field: string; section: string }): { text: string; tone: string; title?: string } | null {
  const v = get(report, b.field);
  if (v === undefined || v === null) return null;
  const section = get(report, b.section);
  // The core says when it did not look (reason "not_checked"): shown as such, not as a result.
  if (isObj(section) && section.reason === 'not_checked') return null;
  if (isObj(section) && /^dns\.(offline|incomplete)$/.test(str(section.reason))) {
    return { text: t(`badge.${section.reason === 'dns.offline' ? 'offline' : 'incomplete'}`), tone: 'plain', title: reasonText('dns', section.reason, section.detail) };
  }
  if (Array.isArray(v)) {
    // DKIM, an array of signatures: one result per signature, as the core gave them.
    if (v.length === 0) return { text: t('badge.none'), tone: 'plain' };
    const words = v.map((s: J) => str(isObj(s) ? s.result : s));
    return { text: words.map(resultWord).join(' · '), tone: tone(words[0]) };
  }
  if (isObj(v)) return null;
  if (b.key === 'badge.tls') return tlsBadge(str(v));
  return { text: resultWord(v), tone: tone(str(v)) };
}

export function renderBadges(report: J | null): HTMLElement {
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

function bool(v: J): boolean | null {
  return v === true ? true : v === false ? false : null;
}

/**
 * The identifiers DMARC judged: dmarc.alignment (each DKIM signature, with domain alignment
 * apart from the result), else report.decision ({spf: {pass, aligned}, dkim: {pass, aligned}}).
 */
function markers(report: J): { list: Marker[]; missing: string[] } {
  const list: Marker[] = [];
  const missing: string[] = [];
  const d = report?.decision;
  const al = report?.dmarc?.alignment;
  // When DMARC was not judged (DNS offline or missing) the decision's booleans say nothing.
  const judged = !(isObj(d) && d.dmarc_reason);
  const fromDecision = (name: string, x: J) => {
    if (!judged || !isObj(x) || (x.pass === undefined && x.passed === undefined)) return false;
    const domain = str(x.domain);
    list.push({ label: domain ? `${name} ${domain}` : name, passed: bool(x.passed ?? x.pass), aligned: bool(x.domain_aligned ?? x.aligned), note: str(x.detail ?? x.why_not) });
    return true;
  };
  const s = al?.spf;
  if (isObj(s) && (s.result || s.domain)) {
    list.push({ label: s.domain ? `SPF ${str(s.domain)}` : 'SPF', passed: bool(s.passed), aligned: bool(s.domain_aligned ?? s.aligned), note: reasonText('dmarc', s.reason) });
  } else if (!fromDecision('SPF', d?.spf)) missing.push('SPF');
  const ks = arr(al?.dkim).filter(isObj);
  for (const k of ks) {
    list.push({ label: `DKIM d=${str(k.domain)}`, passed: bool(k.passed), aligned: bool(k.domain_aligned ?? k.aligned), note: reasonText('dmarc', k.reason) });
  }
  if (!ks.length) {
    if (Array.isArray(report?.dkim) && report.dkim.length === 0) missing.push(t('chart.noDkim'));
    else if (!fromDecision('DKIM', d?.dkim)) missing.push('DKIM');
  }
  return { list, missing };
}

/** Mailbox providers' outcome: report.decision.providers, else the bulk-sender checklists. */
function providers(report: J): { name: string; result: string; detail: string }[] {
  const out: { name: string; result: string; detail: string }[] = [];
  const p = report?.decision?.providers;
  const add = (name: J, v: J) => {
    if (isObj(v)) out.push({ name: str(v.name ?? v.provider ?? name), result: str(v.result ?? v.outcome ?? v.verdict ?? v.status), detail: reasonText('decision', v.reason ?? v.code, v.detail ?? v.message) });
    else out.push({ name: str(name), result: str(v), detail: '' });
  };
  if (Array.isArray(p)) p.forEach((v, i) => add(i, v));
  else if (isObj(p)) for (const [k, v] of Object.entries(p)) add(providerName(k), v);
  else {
    const b = report?.bulk_sender;
    if (isObj(b)) for (const [k, v] of Object.entries(b as Record<string, J>)) if (isObj(v) && (v.result || v.status)) add(providerName(k), { ...(v as object), name: providerName(k) });
  }
  return out;
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

export function renderDecision(report: J | null): HTMLElement {
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
  const dec = report.decision;
  const decDmarc = isObj(dec?.dmarc) ? dec.dmarc : { result: dec?.dmarc, reason: dec?.dmarc_reason };
  const dmResult = str(dm?.result ?? decDmarc.result);
  if (notChecked(dm) && !decDmarc.result) {
    outcome.append(el('li', {}, el('span', { class: 'chart-who' }, 'DMARC'), ' ', pill('none', t('badge.notChecked'))));
  } else {
    const disp = str(dm?.disposition ?? decDmarc.disposition);
    const pol = str(dm?.policy ?? decDmarc.policy);
    const tail = disp ? t('chart.disposition', { policy: pol || '—', disposition: disp }) : reasonText('dmarc', dm?.reason ?? decDmarc.reason, dm?.detail);
    outcome.append(el('li', {}, el('span', { class: 'chart-who' }, 'DMARC'), ' ', pill(dmResult || 'none'), ' ', el('span', { class: 'chart-why' }, tail)));
  }
  const ps = providers(report);
  if (ps.length) {
    for (const p of ps) outcome.append(el('li', {}, el('span', { class: 'chart-who' }, p.name), ' ', pill(p.result), p.detail ? ' ' : '', p.detail ? el('span', { class: 'chart-why' }, p.detail) : null));
  } else {
    for (const k of ['gmail_yahoo', 'outlook']) outcome.append(el('li', {}, el('span', { class: 'chart-who' }, providerName(k)), ' ', pill('none', t('badge.notChecked'))));
  }
  const right = el('div', { class: 'chart-right' }, el('h4', {}, t('chart.outcome')), outcome);
  const fix = dm?.explain?.fix_code || dm?.explain?.fix ? fixText(dm.explain) : '';
  if (fix) right.append(el('p', { class: 'chart-fix' }, el('strong', {}, t('dmarc.fix')), ' ', fix));
  root.append(el('div', { class: 'chart-wrap' }, left, el('div', { class: 'chart-arrow', 'aria-hidden': 'true' }, '→'), right));
  return root;
}

/** The single change that would make DMARC pass: translated by fix_code, else the core's sentence. */
export function fixText(explain: J): string {
  const code = str(explain?.fix_code);
  const english = str(explain?.fix);
  if (english && lang() === 'en') return english;
  if (code && has(`reason.${code}`)) {
    const s = t(`reason.${code}`);
    // The core's sentence carries the names (domains, selectors): shown after the translation.
    return english ? `${s} (${english})` : s;
  }
  return english || code;
}

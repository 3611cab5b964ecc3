// The Domain tab: one input, a grade per area, the SPF include tree with lookup counts, the
// findings with their fixes. The check is the core's job "domain" (wasm/bindings_domain.cpp,
// docs/domain-check.md) driven with the page's DNS setting; this file only renders its JSON.
// Everything is built with DOM calls: nothing from the core or the DNS is ever parsed as HTML.
import './domain.css';
import { lang, t } from '../i18n';
import type { PageApi } from '../page-api';
import type { DomainReport } from '../generated/domain';
import { renderSpfTree } from './domain-tree';

/** What the tab needs from the page (web/src/page-api.ts). */
export type DomainHost = Pick<PageApi, 'runJob'> & Partial<Pick<PageApi, 'onLanguageChange'>>;

const AREAS = ['mx', 'spf', 'dmarc', 'dkim', 'mta_sts', 'tls_rpt', 'bimi', 'iprev', 'dnssec'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {},
  ...kids: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'i18n') {
      e.dataset.i18n = v;
      e.textContent = t(v);
    } else e.setAttribute(k, v);
  }
  for (const c of kids) if (c != null) e.append(c);
  return e;
}

/** A translated text for a core code when the catalog has one, else the core's English sentence. */
function coreText(key: string, fallback: string): string {
  const s = t(key);
  return s === key ? fallback : s;
}

/**
 * The catalog's sentence for a core code, filled with the core's values (reason.domain.summary.<code>,
 * reason.finding.<code>, reason.finding.fix.<code>); the core's English sentence when the catalog lacks the
 * code or the sentence needs a value the core did not give.
 */
function codeText(key: string | undefined, english: string, values: { [k: string]: string | undefined } | undefined): string {
  // English is the core's own sentence, exactly as the CLI prints it.
  if (!key || lang() === 'en') return english;
  const filled: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) if (typeof v === 'string') filled[k] = v;
  // A code with several sentences says which one in its "variant" value (a sub-key).
  for (const k of filled.variant ? [`${key}.${filled.variant}`, key] : [key]) {
    const s = t(k, filled);
    if (s !== k) return /\{\w+\}/.test(s) ? english : s;
  }
  return english;
}

/** Tries the MTA-STS policy fetch once. The page's CSP allows only DNS resolvers and the host must
 *  allow CORS, so this normally fails; the outcome is reported, never hidden. */
async function tryPolicyFetch(domain: string): Promise<{ text?: string; outcome: string }> {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  try {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 5000);
    const r = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'error', signal: ctl.signal });
    clearTimeout(timer);
    if (!r.ok) return { outcome: `http_${r.status}` };
    return { text: await r.text(), outcome: 'fetched' };
  } catch (e: unknown) {
    return { outcome: `blocked: ${(e as Error)?.name ?? 'error'}` };
  }
}

export function mount(panel: HTMLElement, page: DomainHost) {
  panel.replaceChildren();
  panel.classList.add('domain-tab');
  const form = el('form', { class: 'dm-form', novalidate: '', role: 'search', 'aria-labelledby': 'dm-title' });
  const input = el('input', {
    id: 'dm-domain', type: 'text', inputmode: 'url', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'example.com', 'aria-describedby': 'dm-help dm-error', required: '',
  });
  const selectors = el('input', {
    id: 'dm-selectors', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 's1, google',
    'aria-describedby': 'dm-selectors-help',
  });
  const button = el('button', { type: 'submit', id: 'dm-run', i18n: 'domain.run' });
  const error = el('p', { id: 'dm-error', class: 'error', role: 'alert' });
  const status = el('p', { id: 'dm-status', class: 'note', role: 'status', 'aria-live': 'polite' });
  const out = el('div', { id: 'dm-out', class: 'dm-out', 'aria-busy': 'false' });
  form.append(
    el('div', { class: 'dm-row' },
      el('label', { for: 'dm-domain', i18n: 'domain.label' }), input, button),
    el('div', { class: 'dm-row' },
      el('label', { for: 'dm-selectors', i18n: 'domain.selectors' }), selectors),
    el('p', { id: 'dm-selectors-help', class: 'note', i18n: 'domain.selectorsHelp' }),
    el('p', { id: 'dm-help', class: 'note', i18n: 'domain.help' }),
    error);
  panel.append(el('h2', { id: 'dm-title', i18n: 'domain.title' }), el('p', { class: 'note', i18n: 'domain.intro' }), form,
    status, out);

  let last: { result: DomainReport; fetch?: { outcome: string } } | null = null;
  let busy = false;

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const domain = input.value.trim().replace(/\.$/, '').toLowerCase();
    error.textContent = '';
    if (!/^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}$/.test(domain)) {
      error.textContent = t('domain.invalid');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    busy = true;
    button.disabled = true;
    out.setAttribute('aria-busy', 'true');
    status.textContent = t('domain.running', { domain });
    const request = {
      selectors: selectors.value.split(/[\s,]+/).filter(Boolean),
    };
    try {
      const run = await page.runJob<DomainReport>('domain', domain, request);
      let fetchInfo: { outcome: string } | undefined;
      if (run.result.mta_sts.record) {
        const f = await tryPolicyFetch(domain);
        fetchInfo = { outcome: f.outcome };
        if (f.text !== undefined) {
          // The host allowed it: check the policy too, replaying the first run's DNS answers (nothing asked again).
          const again = await page.runJob<DomainReport>('domain', domain, { ...request, mta_sts_policy: f.text, mta_sts_fetch: 'fetched' },
            { dns: { mode: 'snapshot', snapshot: run.snapshot } });
          run.result = again.result;
        }
      }
      last = { result: run.result, fetch: fetchInfo };
      render(out, last.result, fetchInfo);
      status.textContent = t('domain.done', { domain, rounds: String(run.rounds) });
    } catch (e: unknown) {
      out.replaceChildren();
      error.textContent = `${t('domain.failed')} ${(e as Error)?.message ?? e}`;
      status.textContent = '';
    } finally {
      busy = false;
      button.disabled = false;
      out.setAttribute('aria-busy', 'false');
    }
  });

  page.onLanguageChange?.(() => {
    for (const e of panel.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = t(e.dataset.i18n!);
    if (last) render(out, last.result, last.fetch);
  });
}

/**
 * The mailbox providers' rules judged from DNS alone (core/data/sender-rules.json): per provider, the
 * effect when DNS decides it (e.g. no DMARC record: Outlook.com rejects bulk mail) or "cannot tell",
 * and the rules DNS decided, with why.
 */
function providersSection(r: DomainReport): HTMLElement {
  const table = el('table', { class: 'dm-providers' });
  table.append(el('caption', { class: 'sr-only', i18n: 'domain.providers.title' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', i18n: 'domain.providers.col.provider' }),
      el('th', { scope: 'col', i18n: 'domain.providers.col.effect' }),
      el('th', { scope: 'col', i18n: 'domain.providers.col.decided' }))));
  const body = el('tbody');
  for (const p of r.providers) {
    const decided = el('ul', { class: 'plain-list' });
    for (const rule of p.rules) {
      if (!rule.in_force || rule.status === 'unknown') continue;
      decided.append(el('li', { 'data-status': rule.status },
        `${coreText(`bulk.item.${rule.requirement}`, rule.requirement)}: ${coreText(`result.${rule.status}`, rule.status)} — `,
        coreText(`domain.providers.reason.${rule.reason ?? ''}`, rule.reason ?? ''), ' (',
        el('a', { href: rule.source.url, rel: 'noopener noreferrer', target: '_blank', translate: 'no', text: rule.source.title }),
        `, ${rule.effective})`));
    }
    body.append(el('tr', { 'data-provider': p.provider, 'data-effect': p.effect },
      el('th', { scope: 'row' }, el('span', { translate: 'no', text: p.name }), ` · ${t(`bulk.region.${p.region}`)}`),
      el('td', { text: `${t(`bulk.effect.${p.effect}`)}${p.smtp_reply ? ` (${p.smtp_reply})` : ''}` }),
      el('td', {}, decided.childElementCount ? decided : '—')));
  }
  table.append(body);
  return el('section', { class: 'dm-providers-section', 'aria-labelledby': 'dm-providers-title' },
    el('h3', { id: 'dm-providers-title', i18n: 'domain.providers.title' }),
    el('p', { class: 'note', i18n: 'domain.providers.note' }), table);
}

function gradeBadge(grade: string): HTMLElement {
  return el('span', { class: `dm-grade dm-grade-${grade}`, 'data-grade': grade, text: t(`domain.grade.${grade}`) });
}

export function render(out: HTMLElement, r: DomainReport, fetchInfo?: { outcome: string }) {
  out.replaceChildren();
  const areas = r.areas;
  const counts = r.summary;
  out.append(el('h3', { text: t('domain.resultFor', { domain: r.domain }) }),
    el('p', { class: 'dm-summary', text: t('domain.summaryLine', {
      pass: counts.pass, warn: counts.warn, fail: counts.fail, info: counts.info, unknown: counts.unknown,
    }) }));

  // The grade table: one row per area, its grade and the fix that matters most.
  const table = el('table', { class: 'dm-grades' });
  table.append(el('caption', { class: 'sr-only', text: t('domain.gradesCaption') }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', i18n: 'domain.col.area' }),
      el('th', { scope: 'col', i18n: 'domain.col.grade' }),
      el('th', { scope: 'col', i18n: 'domain.col.summary' }),
      el('th', { scope: 'col', i18n: 'domain.col.fix' }))));
  const body = el('tbody');
  const ordered = [...areas].sort((a, b) => AREAS.indexOf(a.name) - AREAS.indexOf(b.name));
  for (const a of ordered) {
    body.append(el('tr', { 'data-area': a.name },
      el('th', { scope: 'row', text: t(`domain.area.${a.name}`) }),
      el('td', {}, gradeBadge(a.grade)),
      el('td', { text: codeText(a.summary_code && `reason.domain.summary.${a.summary_code}`, a.summary, a.summary_params) }),
      el('td', { text: a.grade === 'pass' ? '' : codeText(a.fix_code && `reason.finding.fix.${a.fix_code}`, a.fix, a.fix_params) })));
  }
  table.append(body);
  out.append(table);

  out.append(providersSection(r));

  if (fetchInfo) {
    out.append(el('p', { class: 'note', id: 'dm-mta-sts-fetch', text: fetchInfo.outcome === 'fetched'
      ? t('domain.mtaSts.fetched')
      : t('domain.mtaSts.blocked', { outcome: fetchInfo.outcome }) }));
  }

  // The SPF include tree.
  const spf = r.spf;
  const treeSection = el('section', { class: 'dm-spf', 'aria-labelledby': 'dm-spf-title' },
    el('h3', { id: 'dm-spf-title', i18n: 'domain.spf.title' }));
  if (spf.tree) {
    treeSection.append(
      el('p', { class: 'note', text: t('domain.spf.counts', {
        rfc: spf.lookups.rfc, limit: spf.lookups.limit, sub: spf.lookups.subqueries, void: spf.lookups.void,
      }) }),
      el('p', { class: 'note', i18n: 'domain.spf.legend' }),
      renderSpfTree(spf.tree));
    if (spf.flatten.ip4.length || spf.flatten.ip6.length) {
      treeSection.append(el('p', { text: t('domain.spf.flatten') }),
        el('pre', { class: 'dm-code', text: [...spf.flatten.ip4, ...spf.flatten.ip6].join(' ') }));
    }
  } else {
    treeSection.append(el('p', { i18n: 'domain.spf.none' }));
  }
  out.append(treeSection);

  // DKIM keys found.
  if (r.dkim.length) {
    const list = el('ul', { class: 'dm-dkim' });
    for (const k of r.dkim) {
      const bits = k.bits ? ` ${k.key_type} ${k.bits}` : k.key_type ? ` ${k.key_type}` : '';
      list.append(el('li', {}, el('code', { text: k.name }),
        ` — ${t(`domain.dkim.${k.status}`)}${bits}${k.provider ? ` (${k.provider})` : ''}${k.testing ? ' t=y' : ''}`));
    }
    out.append(el('section', { 'aria-labelledby': 'dm-dkim-title' },
      el('h3', { id: 'dm-dkim-title', i18n: 'domain.dkim.title' }), list));
  }

  // Findings, by area.
  const findings = el('section', { class: 'dm-findings', 'aria-labelledby': 'dm-findings-title' },
    el('h3', { id: 'dm-findings-title', i18n: 'domain.findings' }));
  let any = false;
  for (const a of ordered) {
    if (!a.findings.length) continue;
    any = true;
    const list = el('ul');
    for (const f of a.findings) {
      // A finding in an included SPF record names that record first (data: a domain name).
      const where = f.params?.where;
      const message = codeText(`reason.finding.${f.code}`, where && f.message.startsWith(`${where}: `) ? f.message.slice(where.length + 2) : f.message, f.params);
      const item = el('li', { class: `dm-sev-${f.severity}`, 'data-code': f.code },
        el('span', { class: 'dm-sev', text: t(`domain.severity.${f.severity}`) }), ' ',
        where ? el('span', { class: 'data', text: `${where}: ` }) : null,
        el('span', { text: message }));
      if (f.fix) item.append(el('div', { class: 'dm-fix' }, el('strong', { text: `${t('domain.fix')}: ` }), el('span', { text: codeText(`reason.finding.fix.${f.code}`, f.fix, f.params) })));
      list.append(item);
    }
    findings.append(el('h4', { text: t(`domain.area.${a.name}`) }), list);
  }
  if (!any) findings.append(el('p', { i18n: 'domain.noFindings' }));
  out.append(findings);
}

// The DMARC card: RFC 9989 and RFC 7489 side by side (with where they disagree and why),
// alignment per mechanism, policy and disposition, and the single change that would make it pass.
import { lang, t } from '../i18n';
import { fixText } from './headline';
import type { DmarcAlignment, DmarcDiscovery, DmarcExplainPart, DmarcIdentifier, PolicyWord, Report } from '../generated/report';
import { card, el, evidence, kv, mono, pill, rawText, reasonText, resultWord, str, table, verdictLine, yesNo } from './util';

/** What both modes' outcomes share (RFC 9989 carries test_mode, RFC 7489 pct). */
type ModeOutcome = {
  result: string; policy: PolicyWord | null; disposition: PolicyWord; reason: string; detail: string; policy_tag?: string;
  org_domain?: string; record_domain?: string; test_mode?: boolean; pct?: number; disposition_unsampled?: PolicyWord | null;
};

function modeCol(o: ModeOutcome): (Node | string)[] {
  const extra = o.test_mode !== undefined ? (o.test_mode ? t('dmarc.testModeOn') : t('dmarc.testModeOff'))
    : o.pct !== undefined ? t('dmarc.pct', { n: str(o.pct) }) + (o.disposition_unsampled ? ` · ${t('dmarc.unsampled', { d: str(o.disposition_unsampled) })}` : '') : '—';
  return [
    o.result ? pill(o.result) : '—',
    str(o.policy) ? `${str(o.policy_tag) || 'p'}=${str(o.policy)}` : '—',
    str(o.disposition) || '—',
    str(o.org_domain) || '—',
    str(o.record_domain) ? `_dmarc.${str(o.record_domain)}` : '—',
    extra,
    reasonText('dmarc', o.reason, o.detail) || '—',
  ];
}

function alignmentTable(a: DmarcAlignment | undefined): HTMLElement | null {
  if (!a) return null;
  const rows: (Node | string)[][] = [];
  const row = (name: string, x: DmarcIdentifier) => {
    rows.push([
      name,
      el('span', { class: 'mono' }, str(x.domain) || '—'),
      x.result ? pill(x.result) : '—',
      yesNo(x.passed),
      el('span', {}, yesNo(x.domain_aligned), x.mode ? ` (${str(x.mode)})` : ''),
      str(x.org_domain) || '—',
      reasonText('dmarc', x.reason),
    ]);
  };
  row('SPF', a.spf);
  a.dkim.forEach((k) => row(`DKIM${k.selector ? ` s=${str(k.selector)}` : ''}`, k));
  if (!rows.length) return null;
  return table(t('dmarc.alignment'), [t('dmarc.col.mech'), t('dmarc.col.domain'), t('dmarc.col.result'), t('dmarc.col.passed'), t('dmarc.col.aligned'), t('dmarc.col.org'), t('dmarc.col.why')], rows, 'align');
}

function explainPart(name: string, p: DmarcExplainPart): HTMLElement {
  const ok = p.passed && p.aligned;
  // English: the core's sentence (it names the domains); other languages: the catalog's text.
  const english = lang() === 'en' && p.detail ? `${str(p.detail).charAt(0).toUpperCase()}${str(p.detail).slice(1)}.` : '';
  const why = english || (ok ? t('dmarc.explain.ok') : reasonText('dmarc', p.why_not, p.detail));
  return el('li', {}, el('strong', {}, name), ' ', pill(ok ? 'pass' : p.passed ? 'neutral' : 'fail', ok ? t('dmarc.explain.counts') : p.passed ? t('dmarc.explain.passedNotAligned') : t('dmarc.explain.notPassed')), ' ', why);
}

function discovery(d: DmarcDiscovery | undefined, label: string): HTMLElement | null {
  if (!d) return null;
  const steps = d.steps;
  const ol = el('ol', { class: 'steps' }, ...steps.map((s) => el('li', {}, mono(s.query), ' — ', str(s.outcome),
    s.psd ? ` (psd=${str(s.psd)})` : '', s.records.length ? el('div', { class: 'mono record' }, s.records.map(str).join('\n')) : null)));
  return el('div', { class: 'disc' }, el('h5', {}, label), kv([[t('dmarc.orgReason'), reasonText('dmarc', d.org_reason)], [t('dmarc.discReason'), reasonText('dmarc', d.reason)]]), steps.length ? ol : null);
}

export function dmarcCard(report: Report): HTMLElement {
  const d = report.dmarc;
  const body: (Node | null)[] = [verdictLine('dmarc', d)];
  if (d.pending) body.push(el('p', { class: 'note' }, t('common.pending')));
  if (d.author_domain || (d.author_error && d.author_error !== 'none')) {
    body.push(kv([[t('message.authorDomain'), str(d.author_domain) || '—'], [t('dmarc.authorError'), d.author_error && d.author_error !== 'none' ? reasonText('dmarc', `author.${str(d.author_error)}`, d.author_error) : null]]));
  }
  // Not judged (DNS offline or missing answers): nothing more to show than why.
  if (/^dns\./.test(d.reason)) return card(t('card.dmarc'), 'card-dmarc', ...body);
  // Policy and disposition, and what would make it pass.
  if (d.disposition || d.policy) body.push(el('p', {}, t('dmarc.policyLine', { policy: `${str(d.policy_tag) || 'p'}=${str(d.policy) || '—'}`, disposition: resultWord(d.disposition) || '—' })));
  const x = d.explain;
  if (x) {
    const ul = el('ul', { class: 'explain' }, explainPart('SPF', x.spf), explainPart('DKIM', x.dkim));
    body.push(ul);
    const fix = fixText(x, report.summary.params);
    if (fix) body.push(el('p', { class: 'fix' }, el('strong', {}, t('dmarc.fix')), ' ', fix));
  }
  // Both RFCs side by side.
  const a = modeCol(d);
  const b = modeCol(d.rfc7489);
  const labels = [t('dmarc.row.result'), t('dmarc.row.policy'), t('dmarc.row.disposition'), t('dmarc.row.org'), t('dmarc.row.record'), t('dmarc.row.mode'), t('dmarc.row.why')];
  body.push(el('h4', {}, t('dmarc.sideBySide')),
    table(t('dmarc.sideBySide'), [t('dmarc.col.item'), 'RFC 9989', 'RFC 7489'], labels.map((l, i) => [l, a[i], b[i]]), 'modes'));
  const dis = d.disagreements ?? [];
  if (dis.length) {
    body.push(el('h4', {}, t('dmarc.disagreements')),
      el('ul', { class: 'disagree' }, ...dis.map((g) => el('li', {}, el('strong', {}, str(g.what)), ': RFC 9989 ', mono(g.rfc9989 || '—'), ' · RFC 7489 ', mono(g.rfc7489 || '—'), ' — ',
        reasonText('dmarc', g.reason, g.detail), g.detail && lang() === 'en' && reasonText('dmarc', g.reason) !== str(g.detail) ? el('span', { class: 'note' }, ` (${str(g.detail)})`) : null))));
  } else {
    body.push(el('p', { class: 'note' }, t('dmarc.agree')));
  }
  body.push(el('h4', {}, t('dmarc.alignment')), alignmentTable(d.alignment) ?? el('p', {}, '—'));
  const rua = d.rua ?? [];
  body.push(evidence(t('dmarc.record'),
    d.record ? el('pre', { class: 'raw' }, rawText(d.record)) : el('p', {}, t('dmarc.noRecord')),
    discovery(d.discovery, 'RFC 9989'), discovery(d.rfc7489?.discovery, 'RFC 7489'),
    rua.length ? el('ul', { class: 'rua' }, ...rua.map((r) => el('li', {}, mono(r.uri), ' ', r.external ? t('dmarc.ruaExternal', { q: str(r.query), status: str(r.status) }) : ''))) : null,
    d.authentication_results ? el('p', {}, t('spf.arFragment'), ' ', mono(d.authentication_results)) : null));
  return card(t('card.dmarc'), 'card-dmarc', ...body);
}

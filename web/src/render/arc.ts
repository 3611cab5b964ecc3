// The ARC card (RFC 8617): chain validation (cv), each set with its seal and message signature,
// the oldest passing instance, and what the first sealer recorded (the first hop's results).
import { t } from '../i18n';
import type { ArcSignature, AuthresField, Report } from '../generated/report';
import { card, defectNodes, el, evidence, kv, mono, pill, rawText, reasonText, str } from './util';

function arResults(f: AuthresField | null): HTMLElement | null {
  if (!f) return null;
  const rs = f.results;
  if (!rs.length) return f.raw ? el('pre', { class: 'raw' }, rawText(f.raw)) : null;
  return el('ul', { class: 'ar-results' }, ...rs.map((r) => {
    const props = r.properties.map((p) => `${str(p.ptype)}.${str(p.property)}=${str(p.value)}`).join(' ');
    return el('li', {}, el('strong', {}, str(r.method)), ' ', pill(r.result), props ? ` ${props}` : '');
  }));
}

function sigLine(label: string, s: ArcSignature): HTMLElement {
  const who = [s.domain ? `d=${str(s.domain)}` : '', s.selector ? `s=${str(s.selector)}` : ''].filter(Boolean).join(' ');
  return el('li', {}, el('strong', {}, label), ' ', pill(s.result), ' ', el('span', { class: 'mono' }, who), ' — ', reasonText('arc', s.reason, s.message || s.detail),
    s.key.name ? el('span', { class: 'note' }, ` (${t('dkim.keyName')}: ${str(s.key.name)}${s.key.ttl ? `, TTL ${str(s.key.ttl)}` : ''})`) : null);
}

export function arcCard(report: Report): HTMLElement {
  const a = report.arc;
  const body: (Node | null)[] = [];
  body.push(el('p', { class: 'verdict' }, 'cv=', pill(a.cv), ' ', reasonText('arc', a.reason, a.message || a.detail)));
  const sets = a.sets;
  body.push(kv([
    [t('arc.sets'), sets.length ? String(sets.length) : a.newest ? str(a.newest) : '0'],
    [t('arc.oldestPass'), a.oldest_pass != null ? `i=${str(a.oldest_pass)}` : null],
    [t('arc.failed'), a.failed_instance != null ? `i=${str(a.failed_instance)}` : null],
  ]));
  if (a.temporary) body.push(el('p', { class: 'note' }, t('arc.temporary')));
  if (a.first_hop_results) {
    body.push(el('h4', {}, t('arc.firstHop', { id: str(a.first_hop_results.authserv_id) })), arResults(a.first_hop_results));
  }
  if (sets.length) {
    const ol = el('ol', { class: 'arc-sets' });
    for (const s of [...sets].sort((x, y) => x.instance - y.instance)) {
      const li = el('li', {}, el('strong', {}, `i=${str(s.instance)}`), ' ', str(s.authserv_id), ' cv=', mono(s.cv || '—'));
      li.append(el('ul', { class: 'arc-sigs' }, sigLine(t('arc.seal'), s.seal), sigLine(t('arc.ams'), s.ams)));
      const aar = arResults(s.aar);
      if (aar) li.append(evidence(t('arc.aar'), aar) ?? '');
      ol.append(li);
    }
    body.push(evidence(t('arc.chain'), ol));
  }
  const defects = a.defects;
  if (defects.length) body.push(el('ul', { class: 'defects' }, ...defects.map((d) => el('li', {}, el('code', {}, str(d.code)), ' ', ...defectNodes(d)))));
  return card(t('card.arc'), 'card-arc', ...body);
}

// The SPF card (RFC 7208): result and why, the mechanism that decided and the record it came
// from, the include tree with the path the evaluation took, the RFC lookup count next to the
// DNS sub-query count, and the Received-SPF field the check would add.
import { lang, t } from '../i18n';
import type { Report, SpfMatched, SpfTreeNode } from '../generated/report';
import { card, el, evidence, kv, mono, phrase, pill, rawText, reasonText, str, verdictLine } from './util';

/** The chain of tree nodes from the top to the one holding the decisive mechanism. */
function pathTo(node: SpfTreeNode, domain: string, record: string): SpfTreeNode[] | null {
  if (domain && str(node.domain).toLowerCase() === domain.toLowerCase() && (!record || str(node.record) === record)) return [node];
  for (const c of node.children) {
    const p = pathTo(c, domain, record);
    if (p) return [node, ...p];
  }
  return null;
}

function treeList(node: SpfTreeNode, onPath: Set<SpfTreeNode>, matched: SpfMatched | undefined): HTMLElement {
  const li = el('li', { class: `spf-node${onPath.has(node) ? ' on-path' : ''}` });
  const head = el('div', { class: 'spf-node-head' });
  if (node.via) head.append(el('span', { class: 'spf-via' }, str(node.via)), ' ');
  head.append(el('strong', {}, str(node.domain) || '—'), ' ');
  if (node.result) head.append(pill(node.result), ' ');
  const terms = node.lookup_terms;
  head.append(el('span', { class: 'note' }, t('spf.nodeLookups', { n: terms.length })));
  if (node.void_lookups) head.append(' ', el('span', { class: 'warn-text' }, t('spf.void', { n: node.void_lookups })));
  if (onPath.has(node)) head.append(' ', el('span', { class: 'path-tag' }, t('spf.onPath')));
  li.append(head);
  if (node.record) li.append(el('div', { class: 'mono record' }, str(node.record)));
  else li.append(el('div', { class: 'note' }, t('spf.noRecordHere')));
  if (matched && onPath.has(node) && str(matched.domain) === str(node.domain) && matched.mechanism) {
    li.append(el('div', { class: 'matched' }, t('spf.matchedHere', { mechanism: str(matched.mechanism) })));
  }
  if (node.reason && node.reason !== 'spf.mechanism_matched') li.append(el('div', { class: 'note' }, reasonText('spf', node.reason)));
  const kids = node.children;
  if (kids.length) li.append(el('ul', { class: 'spf-tree' }, ...kids.map((k) => treeList(k, onPath, matched))));
  return li;
}

export function spfCard(report: Report): HTMLElement {
  const s = report.spf;
  const body: (Node | null)[] = [verdictLine('spf', s)];
  if (s.matched && s.reason === 'spf.mechanism_matched') {
    body.push(el('p', { class: 'mech-line' }, ...phrase('spf.matchedLine', { mechanism: s.matched.mechanism, domain: s.matched.domain })));
  } else if (s.message && s.reason && str(s.message) !== reasonText('spf', s.reason, s.message) && lang() === 'en') body.push(el('p', { class: 'mech-line' }, str(s.message)));
  // The explanation is quoted as the SMTP reply would carry it (the domain's exp= text, or the default one): data.
  if (s.explanation) body.push(el('p', { class: 'mech-line' }, t('spf.explanation'), ' ', el('q', { class: 'data' }, str(s.explanation))));
  const m = s.matched;
  const judged = !/^dns\./.test(str(s.reason)) && !!s.result;
  body.push(kv([
    [t('spf.identity'), [str(s.identity), s.sender ? ' ' : '', s.sender ? mono(s.sender) : null]],
    [t('spf.domain'), str(s.domain)],
    [t('spf.clientIp'), s.client_ip ? mono(s.client_ip) : null],
    [t('spf.mailFromSource'), s.mail_from_source ? (t(`spf.source.${str(s.mail_from_source)}`) !== `spf.source.${str(s.mail_from_source)}` ? t(`spf.source.${str(s.mail_from_source)}`) : str(s.mail_from_source)) : null],
    [t('spf.nullSender'), s.null_sender ? t('spf.nullSenderYes') : null],
    [t('spf.matched'), m ? [mono(m.mechanism), ' ', t('spf.inRecordOf', { domain: str(m.domain) })] : judged && s.matched === null ? t('spf.noMatch') : null],
  ]));
  if (m && m.record) body.push(el('p', { class: 'mono record' }, str(m.record)));

  const l = s.lookups;
  if (l) {
    const over = l.rfc > 10;
    body.push(el('p', { class: `lookups${over ? ' bad-text' : ''}` },
      t('spf.lookups', { rfc: str(l.rfc), sub: str(l.subqueries), void: str(l.void) })),
    el('p', { class: 'note' }, t('spf.lookupsNote')));
  }
  if (s.tree && (s.tree.domain || s.tree.record)) {
    const path = pathTo(s.tree, str(m?.domain), str(m?.record)) ?? [];
    const onPath = new Set<SpfTreeNode>(path);
    const ul = el('ul', { class: 'spf-tree', 'aria-label': t('spf.tree') }, treeList(s.tree, onPath, m));
    body.push(evidence(t('spf.tree'), el('p', { class: 'note' }, t('spf.treeNote')), ul));
  }
  // The HELO identity is checked too (RFC 7208 §2.3); the report nests its result under spf.helo.
  {
    const h = s.helo;
    body.push(el('p', { class: 'helo-line' }, el('strong', {}, t('spf.heloCheck')), ' ', pill(h.result), ' ',
      h.domain ? el('span', { class: 'mono' }, str(h.domain)) : null, ' — ', reasonText('spf', h.reason, h.detail || h.message)));
  }
  body.push(evidence(t('spf.receivedSpf'),
    s.received_spf ? el('pre', { class: 'raw' }, rawText(s.received_spf)) : null,
    s.authentication_results ? el('p', {}, t('spf.arFragment'), ' ', mono(s.authentication_results)) : null));
  return card(t('card.spf'), 'card-spf', ...body);
}

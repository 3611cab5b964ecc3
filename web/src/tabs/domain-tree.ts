// The SPF include tree of the Domain tab, drawn as nested lists (works with screen readers and
// under the page's strict CSP: no inline styles, no HTML parsing). Each node shows the RFC 7208
// lookup count of its own record and with everything under it, the DNS questions those cause,
// void lookups, and where the 10-lookup budget runs out.
import { t } from '../i18n';

import type { DomainSpfNode } from '../generated/domain';

/** A node of the domain check's SPF include tree (schema/domain.schema.json). */
export type SpfNode = DomainSpfNode;

function node(n: SpfNode, limit: number): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'dm-node';
  if (n.over_budget_term) li.classList.add('dm-over');
  const head = document.createElement('div');
  head.className = 'dm-node-head';
  if (n.via) {
    const via = document.createElement('span');
    via.className = 'dm-via';
    via.textContent = n.via;
    head.append(via, ' ');
  }
  const name = document.createElement('strong');
  name.textContent = n.domain;
  head.append(name, ' ');
  const counts = document.createElement('span');
  counts.className = 'dm-counts';
  counts.textContent = t('domain.spf.node', {
    own: n.rfc_own, total: n.rfc_total, sub: n.subqueries_total, before: n.budget_before, limit,
  });
  head.append(counts);
  if (n.void_lookups) {
    const v = document.createElement('span');
    v.className = 'dm-void';
    v.textContent = ` ${t('domain.spf.void', { n: n.void_lookups })}`;
    head.append(v);
  }
  if (n.over_budget_term) {
    const over = document.createElement('span');
    over.className = 'dm-over-note';
    over.setAttribute('role', 'note');
    over.textContent = ` ${t('domain.spf.overBudget', { term: n.over_budget_term })}`;
    head.append(over);
  }
  if (n.result && n.result !== 'none' && !n.record) {
    const r = document.createElement('span');
    r.className = 'dm-node-result';
    r.textContent = ` (${n.result})`;
    head.append(r);
  }
  li.append(head);
  if (n.record) {
    const code = document.createElement('code');
    code.className = 'dm-record';
    code.textContent = n.record;
    li.append(code);
  }
  if (n.children?.length) {
    const ul = document.createElement('ul');
    for (const c of n.children) ul.append(node(c, limit));
    li.append(ul);
  }
  return li;
}

export function renderSpfTree(root: SpfNode, limit = 10): HTMLElement {
  const ul = document.createElement('ul');
  ul.className = 'dm-tree';
  ul.id = 'dm-spf-tree';
  ul.setAttribute('aria-label', t('domain.spf.treeLabel'));
  ul.append(node(root, limit));
  return ul;
}

// Recomputed vs claimed: authlens's results next to the receiving organisation's own
// Authentication-Results (chosen by authserv-id), and why they differ, as the core explains it.
import { t } from '../i18n';
import type { Report } from '../generated/report';
import { card, el, pill, reasonText, str, table } from './util';

export function claimedCard(report: Report): HTMLElement {
  const c = report.comparison;
  const rows = c.items;
  const body: (Node | null)[] = [];
  if (c.authserv_id) {
    body.push(el('p', {}, t('claimed.by', { id: str(c.authserv_id) }), c.chosen_by ? el('span', { class: 'note' }, ` (${reasonText('compare', `chosen_by.${c.chosen_by}`, c.chosen_by)})`) : null,
      c.delivered_at ? el('span', { class: 'note' }, ` · ${t('claimed.delivered', { at: str(c.delivered_at) })}`) : null));
  } else if (c.found === false && c.receiver_host) {
    body.push(el('p', { class: 'note' }, t('claimed.receiver', { host: str(c.receiver_host) })));
  }
  // No field found: the catalog's sentence below says so (claimed.none); any other detail is the core's.
  if (c.detail && !rows.length && c.found !== false) body.push(el('p', {}, str(c.detail)));
  if (!rows.length) {
    if (!body.length || c.found === false) body.push(el('p', {}, t('claimed.none')));
    return card(t('card.claimed'), 'card-claimed', ...body);
  }
  const trs = rows.map((r) => [
    el('span', { class: 'data' }, str(r.method)),
    r.claimed !== null ? pill(r.claimed) : '—',
    r.recomputed !== null ? pill(r.recomputed) : t('badge.notChecked'),
    r.agree ? pill('pass', t('claimed.same')) : pill('neutral', t('claimed.differs')),
    reasonText('compare', r.code, r.detail, r.params) || '—',
  ]);
  body.push(table(t('card.claimed'), [t('claimed.col.method'), t('claimed.col.claimed'), t('claimed.col.recomputed'), t('claimed.col.agree'), t('claimed.col.why')], trs, 'claimed'));
  return card(t('card.claimed'), 'card-claimed', ...body);
}

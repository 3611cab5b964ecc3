// Recomputed vs claimed: authlens's results next to the receiving organisation's own
// Authentication-Results (chosen by authserv-id), and why they differ, as the core explains it.
import { t } from '../i18n';
import { arr, card, el, first, isObj, mono, pill, reasonText, str, table, type J } from './util';

export function claimedCard(report: J): HTMLElement {
  const c = first(report, ['recomputed_vs_claimed', 'comparison', 'claimed']);
  if (c === undefined || (isObj(c) && c.reason === 'not_checked')) {
    return card(t('card.claimed'), 'card-claimed', el('p', {}, pill('none', t('badge.notChecked')), ' ', str(c?.detail) || t('mech.notChecked')));
  }
  const rows = Array.isArray(c) ? c : arr(c.rows ?? c.methods ?? c.items ?? c.comparisons);
  const body: (Node | null)[] = [];
  if (isObj(c) && c.authserv_id) {
    body.push(el('p', {}, t('claimed.by', { id: str(c.authserv_id) }), c.chosen_by ? el('span', { class: 'note' }, ` (${reasonText('compare', `chosen_by.${str(c.chosen_by)}`, c.chosen_by)})`) : null,
      c.delivered_at ? el('span', { class: 'note' }, ` · ${t('claimed.delivered', { at: str(c.delivered_at) })}`) : null));
  } else if (isObj(c) && c.found === false && c.receiver_host) {
    body.push(el('p', { class: 'note' }, t('claimed.receiver', { host: str(c.receiver_host) })));
  }
  if (isObj(c) && (c.detail || c.reason) && !rows.length) body.push(el('p', {}, reasonText('claimed', c.reason, c.detail)));
  if (!rows.length) {
    if (!body.length || (isObj(c) && c.found === false)) body.push(el('p', {}, t('claimed.none')));
    return card(t('card.claimed'), 'card-claimed', ...body);
  }
  const trs = rows.filter(isObj).map((r: J) => {
    const agree = r.agree ?? r.same ?? r.match;
    return [
      el('span', {}, str(r.method), r.domain ? el('span', { class: 'mono note' }, ` ${str(r.domain)}`) : null),
      r.claimed != null ? pill(isObj(r.claimed) ? r.claimed.result : r.claimed) : '—',
      r.recomputed != null ? pill(isObj(r.recomputed) ? r.recomputed.result : r.recomputed) : t('badge.notChecked'),
      agree === true ? pill('pass', t('claimed.same')) : agree === false ? pill('neutral', t('claimed.differs')) : '—',
      reasonText('compare', r.code ?? r.reason ?? r.why, r.detail ?? r.explanation, r.params) || '—',
    ];
  });
  body.push(table(t('card.claimed'), [t('claimed.col.method'), t('claimed.col.claimed'), t('claimed.col.recomputed'), t('claimed.col.agree'), t('claimed.col.why')], trs, 'claimed'));
  if (isObj(c) && c.raw) body.push(el('details', { class: 'evidence' }, el('summary', {}, t('authres.raw')), mono(c.raw)));
  return card(t('card.claimed'), 'card-claimed', ...body);
}

// Bulk-sender readiness: one checklist per mailbox provider (Gmail and Yahoo, February 2024;
// Outlook.com, May 2025). Each item: pass / fail / cannot tell from this message, its evidence,
// and the rule it comes from, as the core reports them.
import { t } from '../i18n';
import { providerName } from './headline';
import { arr, card, el, first, isObj, pill, reasonText, str, table, type J } from './util';

/** The checklists as [key, list] pairs, whether the core sends an object keyed by provider or an array. */
export function checklists(report: J): [string, J][] {
  const b = first(report, ['bulk_sender', 'requirements', 'bulk']);
  if (Array.isArray(b)) return b.filter(isObj).map((x: J, i: number) => [str(x.provider ?? x.id ?? x.name ?? i), x]);
  if (isObj(b)) return Object.entries(b).filter(([, v]) => isObj(v) || Array.isArray(v)) as [string, J][];
  return [];
}

function itemWord(r: J): string {
  const s = str(r);
  return s === 'unknown' || s === 'cannot_tell' || s === 'none' ? t('bulk.unknown') : s;
}

function checklist(key: string, c: J): HTMLElement {
  const items = Array.isArray(c) ? c : arr(c.items ?? c.checks ?? c.checklist);
  const name = str(c?.name) || providerName(key);
  const box = el('div', { class: 'checklist' });
  const result = Array.isArray(c) ? '' : str(c.result ?? c.status);
  box.append(el('h4', {}, name, ' ', result ? pill(result) : null));
  if (!Array.isArray(c) && (c.detail || c.reason)) box.append(el('p', { class: 'note' }, reasonText('bulk', c.reason, c.detail)));
  if (!items.length) {
    box.append(el('p', {}, t('badge.notChecked')));
    return box;
  }
  const rows = items.filter(isObj).map((it: J) => {
    const code = str(it.id ?? it.code ?? it.item);
    const label = code && t(`bulk.item.${code}`) !== `bulk.item.${code}` ? t(`bulk.item.${code}`) : str(it.title ?? it.label ?? it.name ?? it.item ?? code);
    const r = str(it.result ?? it.status);
    const ev = reasonText('bulk', it.reason ?? (code && r ? `ev.${code}.${r}` : ''), it.evidence ?? it.detail, it.params);
    return [label, pill(r, itemWord(r)), ev || '—', el('span', { class: 'rule' }, str(it.rule ?? it.cite ?? it.source) || '—')];
  });
  box.append(table(t('bulk.caption', { name }), [t('bulk.col.item'), t('bulk.col.result'), t('bulk.col.evidence'), t('bulk.col.rule')], rows, 'checks'));
  return box;
}

export function bulkCard(report: J): HTMLElement {
  const lists = checklists(report);
  if (!lists.length) return card(t('card.bulk'), 'card-bulk', el('p', {}, pill('none', t('badge.notChecked')), ' ', t('mech.notChecked')));
  const b = first(report, ['bulk_sender', 'requirements', 'bulk']);
  if (isObj(b) && b.reason === 'not_checked') return card(t('card.bulk'), 'card-bulk', el('p', {}, pill('none', t('badge.notChecked')), ' ', str(b.detail) || t('mech.notChecked')));
  return card(t('card.bulk'), 'card-bulk', el('p', { class: 'note' }, t('bulk.note')), ...lists.map(([k, v]) => checklist(k, v)));
}

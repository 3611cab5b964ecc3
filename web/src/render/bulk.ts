// Bulk-sender readiness: one checklist per mailbox provider (Gmail and Yahoo, February 2024;
// Outlook.com, May 2025). Each item: pass / fail / cannot tell from this message, its evidence,
// and the rule it comes from, as the core reports them.
import { t } from '../i18n';
import type { BulkSenderChecklist, Report } from '../generated/report';
import { providerName } from './headline';
import { card, el, pill, reasonText, str, table } from './util';

function itemWord(r: string): string {
  return r === 'unknown' ? t('bulk.unknown') : r;
}

function checklist(key: string, c: BulkSenderChecklist): HTMLElement {
  const items = c.items;
  const name = providerName(key);
  const box = el('div', { class: 'checklist' });
  box.append(el('h4', {}, name, ' ', c.status ? pill(c.status) : null));
  if (!items.length) {
    box.append(el('p', {}, t('badge.notChecked')));
    return box;
  }
  const rows = items.map((it) => {
    const code = it.id;
    const label = t(`bulk.item.${code}`) !== `bulk.item.${code}` ? t(`bulk.item.${code}`) : code;
    const r = it.status;
    const ev = reasonText('bulk', `ev.${code}.${r}`, it.evidence, it.params);
    return [label, pill(r, itemWord(r)), ev || '—', el('span', { class: 'rule' }, str(it.rule) || '—')];
  });
  box.append(table(t('bulk.caption', { name }), [t('bulk.col.item'), t('bulk.col.result'), t('bulk.col.evidence'), t('bulk.col.rule')], rows, 'checks'));
  return box;
}

export function bulkCard(report: Report): HTMLElement {
  const b = report.bulk_sender;
  return card(t('card.bulk'), 'card-bulk', el('p', { class: 'note' }, t('bulk.note')), checklist('gmail_yahoo', b.gmail_yahoo), checklist('outlook', b.outlook));
}

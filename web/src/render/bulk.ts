// Bulk-sender readiness: every mailbox provider of the core's sender rules (core/data/sender-rules.json),
// grouped global / Japan / Europe — for each, what the recipient will see, the rules the message does
// not meet with their evidence, and the sources with their dates. Below, folded, the two checklists of
// the first version (Gmail and Yahoo, February 2024; Outlook.com, May 2025) as the core still reports them.
import { t } from '../i18n';
import type { BulkSenderChecklist, Report, SenderRule, SenderVerdict } from '../generated/report';
import { providerName } from './headline';
import { card, el, has, pill, reasonText, str, table, type Kid } from './util';

const REGIONS = ['global', 'japan', 'europe'] as const;

function itemWord(r: string): string {
  return r === 'unknown' ? t('bulk.unknown') : r;
}

function requirementLabel(code: string): string {
  return has(`bulk.item.${code}`) ? t(`bulk.item.${code}`) : code;
}

/** The recipient-visible effect as a pill: delivered is good, a warning or spam folder a warning, a refusal bad. */
function effectPill(effect: string, smtp: string): HTMLElement {
  const toneWord = effect === 'delivered' ? 'pass' : effect === 'unknown' ? 'unknown'
    : effect === 'filtering_risk' || effect === 'warning' || effect === 'spam' ? 'warn' : 'fail';
  const label = has(`bulk.effect.${effect}`) ? t(`bulk.effect.${effect}`) : effect;
  return el('span', {}, pill(toneWord, label), smtp ? el('code', { class: 'smtp' }, ` ${str(smtp)}`) : null);
}

/** The rules behind the verdict: those that fail (or cannot be checked, when nothing fails). */
function ruleNotes(v: SenderVerdict): Kid {
  const inForce = v.rules.filter((r) => r.in_force);
  const shown = inForce.filter((r) => r.status === v.status && v.status !== 'pass');
  if (!shown.length) return el('span', {}, v.status === 'pass' ? t('bulk.providers.allMet') : '—');
  return el('ul', { class: 'plain-list' }, ...shown.map((r) => el('li', {},
    el('strong', {}, requirementLabel(r.requirement)), ': ',
    evidenceText(r.evidence_code, r.evidence, r.params) || itemWord(r.status))));
}

/** The evidence sentence by the core's code (reason.bulk.<code> in the catalogs), else the core's English. */
function evidenceText(code: string | undefined, english: string | undefined, p: object | undefined): string {
  return reasonText('bulk', code ? `bulk.${code}` : undefined, english ?? '', p);
}

/** Each distinct source once, with the date of its latest rule in force. */
function sources(v: SenderVerdict): HTMLElement {
  const bySource = new Map<string, SenderRule>();
  for (const r of v.rules) {
    const seen = bySource.get(r.source.url);
    if (!seen || (r.in_force && r.effective > seen.effective)) bySource.set(r.source.url, r);
  }
  return el('ul', { class: 'plain-list' }, ...[...bySource.values()].map((r) => el('li', {},
    // A source is cited by its own title, in its own language (data, like a name).
    el('a', { href: r.source.url, rel: 'noopener noreferrer', target: '_blank', translate: 'no' }, str(r.source.title)), ' · ',
    el('span', { class: 'date' }, t(r.date_basis === 'announced' ? 'bulk.date.since' : 'bulk.date.reported', { date: r.effective })),
    r.applies === 'bulk' ? el('span', { class: 'note' }, ` · ${r.threshold_per_day ? t('bulk.applies.bulkThreshold', { n: r.threshold_per_day }) : t('bulk.applies.bulk')}`) : null)));
}

function providerGroups(list: SenderVerdict[]): HTMLElement {
  const box = el('div', { class: 'providers' });
  for (const region of REGIONS) {
    const members = list.filter((p) => p.region === region);
    if (!members.length) continue;
    const heading = t(`bulk.region.${region}`);
    const rows = members.map((p) => [el('span', { translate: 'no' }, str(p.name)), effectPill(p.effect, p.smtp_reply), ruleNotes(p), sources(p)]);
    box.append(el('section', { class: 'provider-group', 'data-region': region }, el('h4', {}, heading),
      table(t('bulk.providers.caption', { region: heading }),
        [t('bulk.providers.col.provider'), t('bulk.providers.col.effect'), t('bulk.providers.col.why'), t('bulk.providers.col.source')],
        rows, 'providers')));
  }
  return box;
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
    const r = it.status;
    const ev = evidenceText(it.evidence_code, it.evidence, it.params);
    const rule = has(`bulk.rule.${key}.${code}`) ? t(`bulk.rule.${key}.${code}`) : str(it.rule);
    return [requirementLabel(code), pill(r, itemWord(r)), ev || '—', el('span', { class: 'rule' }, rule || '—')];
  });
  box.append(table(t('bulk.caption', { name }), [t('bulk.col.item'), t('bulk.col.result'), t('bulk.col.evidence'), t('bulk.col.rule')], rows, 'checks'));
  return box;
}

export function bulkCard(report: Report): HTMLElement {
  const b = report.bulk_sender;
  return card(t('card.bulk'), 'card-bulk',
    el('p', { class: 'note' }, t('bulk.providers.note')),
    providerGroups(b.providers),
    el('details', { class: 'checklists' }, el('summary', {}, t('bulk.checklists')),
      el('p', { class: 'note' }, t('bulk.note')), checklist('gmail_yahoo', b.gmail_yahoo), checklist('outlook', b.outlook)));
}

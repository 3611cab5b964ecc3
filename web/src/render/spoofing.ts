// Spoofing indicators: header From vs envelope From vs DKIM d=, display names that carry another
// address, lookalike domains (mixed scripts, confusables, punycode shown decoded) — as reported.
import { t } from '../i18n';
import type { Report } from '../generated/report';
import { card, el, evidence, mono, pill, reasonText, str, table, yesNo } from './util';

function levelTone(level: string): string {
  return level === 'danger' ? 'fail' : level === 'warning' ? 'neutral' : level === 'none' ? 'pass' : 'none';
}

function levelWord(level: string): string {
  return t(`spoofing.sev.${level}`) !== `spoofing.sev.${level}` ? t(`spoofing.sev.${level}`) : level;
}

export function spoofingCard(report: Report): HTMLElement {
  const s = report.spoofing;
  const list = s.indicators;
  const body: (Node | null)[] = [];
  body.push(el('p', { class: 'verdict' }, pill(levelTone(s.level), levelWord(s.level)), ' ', t(`spoofing.level.${s.level}`) !== `spoofing.level.${s.level}` ? t(`spoofing.level.${s.level}`) : ''));
  const ids = s.identities;
  const rows: (Node | string)[][] = [];
  const idRow = (label: string, x: { address: string; domain: string; org_domain: string }, same: boolean | undefined) =>
    rows.push([label, mono(x.address || x.domain || '—'), str(x.domain) || '—', str(x.org_domain) || '—', same === undefined ? '—' : yesNo(same)]);
  idRow(t('spoofing.headerFrom'), ids.header_from, undefined);
  idRow(t('spoofing.envelopeFrom'), ids.envelope_from, ids.envelope_from.same_org_as_from);
  for (const k of ids.dkim) rows.push([`DKIM d=${str(k.domain)}`, k.pass ? pill('pass') : pill('fail'), str(k.domain) || '—', str(k.org_domain) || '—', yesNo(k.same_org_as_from)]);
  body.push(table(t('spoofing.identities'), [t('spoofing.col.identity'), t('spoofing.col.value'), t('spoofing.col.domain'), t('spoofing.col.org'), t('spoofing.col.sameOrg')], rows, 'ids'));
  const lookalike = s.domains.filter((d) => d.non_ascii || d.confusable || d.mixed_scripts || (d.unicode && d.unicode !== d.domain));
  if (lookalike.length) {
    body.push(evidence(t('spoofing.domains'), el('ul', {}, ...lookalike.map((d) => el('li', {}, mono(d.domain), d.unicode && d.unicode !== d.domain ? el('span', {}, ' → ', mono(d.unicode)) : null,
      d.scripts.length ? el('span', { class: 'note' }, ` ${t('spoofing.scripts')}: ${d.scripts.map(str).join(', ')}`) : null,
      d.looks_like ? el('span', { class: 'note' }, ` ${t('spoofing.looksLike', { d: str(d.looks_like) })}`) : null)))));
  }
  if (!list.length) {
    body.push(el('p', {}, t('spoofing.none')));
    return card(t('card.spoofing'), 'card-spoofing', ...body);
  }
  const ul = el('ul', { class: 'indicators' });
  for (const x of list) {
    ul.append(el('li', {}, pill(levelTone(x.severity), levelWord(x.severity)), ' ', reasonText('spoofing', x.code, x.detail, x.params)));
  }
  body.push(ul);
  return card(t('card.spoofing'), 'card-spoofing', ...body);
}

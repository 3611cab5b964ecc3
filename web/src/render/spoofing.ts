// Spoofing indicators: header From vs envelope From vs DKIM d=, display names that carry another
// address, lookalike domains (mixed scripts, confusables, punycode shown decoded) — as reported.
import { t } from '../i18n';
import { arr, card, el, evidence, first, isObj, mono, pill, reasonText, str, table, yesNo, type J } from './util';

function levelTone(level: J): string {
  const l = str(level);
  return l === 'danger' || l === 'high' || l === 'error' ? 'fail' : l === 'warning' || l === 'medium' ? 'neutral' : l === 'none' ? 'pass' : 'none';
}

function levelWord(level: J): string {
  const l = str(level);
  return t(`spoofing.sev.${l}`) !== `spoofing.sev.${l}` ? t(`spoofing.sev.${l}`) : l;
}

export function spoofingCard(report: J): HTMLElement {
  const s = first(report, ['spoofing', 'spoofing_indicators']);
  if (s === undefined || (isObj(s) && s.reason === 'not_checked')) {
    return card(t('card.spoofing'), 'card-spoofing', el('p', {}, pill('none', t('badge.notChecked')), ' ', str(s?.detail) || t('mech.notChecked')));
  }
  const list = Array.isArray(s) ? s : arr(s.indicators ?? s.items ?? s.findings);
  const body: (Node | null)[] = [];
  if (isObj(s) && s.level) body.push(el('p', { class: 'verdict' }, pill(levelTone(s.level), levelWord(s.level)), ' ', t(`spoofing.level.${str(s.level)}`) !== `spoofing.level.${str(s.level)}` ? t(`spoofing.level.${str(s.level)}`) : ''));
  else if (isObj(s) && (s.result || s.detail)) body.push(el('p', { class: 'verdict' }, s.result ? pill(s.result) : null, ' ', reasonText('spoofing', s.reason, s.detail)));
  const ids = isObj(s) ? s.identities : null;
  if (isObj(ids)) {
    const rows: (Node | string)[][] = [];
    const idRow = (label: string, x: J, same: J) => rows.push([label, mono(x?.address || x?.domain || '—'), str(x?.domain) || '—', str(x?.org_domain) || '—', same === undefined ? '—' : yesNo(same)]);
    if (isObj(ids.header_from)) idRow(t('spoofing.headerFrom'), ids.header_from, undefined);
    if (isObj(ids.envelope_from)) idRow(t('spoofing.envelopeFrom'), ids.envelope_from, ids.envelope_from.same_org_as_from);
    for (const k of arr(ids.dkim)) if (isObj(k)) rows.push([`DKIM d=${str(k.domain)}`, k.pass === true ? pill('pass') : k.pass === false ? pill('fail') : '—', str(k.domain) || '—', str(k.org_domain) || '—', yesNo(k.same_org_as_from)]);
    if (rows.length) body.push(table(t('spoofing.identities'), [t('spoofing.col.identity'), t('spoofing.col.value'), t('spoofing.col.domain'), t('spoofing.col.org'), t('spoofing.col.sameOrg')], rows, 'ids'));
  }
  const doms = isObj(s) ? arr(s.domains).filter(isObj) : [];
  const lookalike = doms.filter((d: J) => d.non_ascii || d.confusable || d.mixed_scripts || (d.unicode && d.unicode !== d.domain));
  if (lookalike.length) {
    body.push(evidence(t('spoofing.domains'), el('ul', {}, ...lookalike.map((d: J) => el('li', {}, mono(d.domain), d.unicode && d.unicode !== d.domain ? el('span', {}, ' → ', mono(d.unicode)) : null,
      arr(d.scripts).length ? el('span', { class: 'note' }, ` ${t('spoofing.scripts')}: ${arr(d.scripts).map(str).join(', ')}`) : null,
      d.looks_like ? el('span', { class: 'note' }, ` ${t('spoofing.looksLike', { d: str(d.looks_like) })}`) : null)))));
  }
  if (!list.length) {
    body.push(el('p', {}, t('spoofing.none')));
    return card(t('card.spoofing'), 'card-spoofing', ...body);
  }
  const ul = el('ul', { class: 'indicators' });
  for (const x of list) {
    if (!isObj(x)) continue;
    const sev = str(x.severity ?? x.level);
    const sevTone = levelTone(sev);
    const ev = x.evidence;
    const evText = isObj(ev) ? Object.entries(ev).map(([k, v]) => `${k}: ${str(v)}`).join(' · ') : str(ev);
    ul.append(el('li', {}, sev ? pill(sevTone, levelWord(sev)) : null, ' ',
      reasonText('spoofing', x.code ?? x.reason, x.detail ?? x.message, x.params), evText ? el('div', { class: 'note' }, mono(evText)) : null));
  }
  body.push(ul);
  return card(t('card.spoofing'), 'card-spoofing', ...body);
}

// The DKIM card (RFC 6376): one block per signature with verdict and reason, and forensics that
// open on demand: body hash and header signature judged separately, canonicalisation advice,
// the l= remainder, missing or duplicated signed fields, author or third-party signature, and the
// key record with its name, TTL and CNAME chain.
import { t } from '../i18n';
import type { DkimSignature, Report } from '../generated/report';
import { card, el, evidence, kv, mono, pill, rawText, reasonText, str } from './util';

function stateText(kind: 'body' | 'header', s: string): string {
  if (!s) return '';
  const key = `dkim.${kind}.${s}`;
  const tr = t(key);
  return tr === key ? s : tr;
}

function stateTone(s: string): string {
  return s === 'match' || s === 'valid' ? 'pass' : s === 'mismatch' || s === 'invalid' ? 'fail' : 'none';
}

function list(v: string[]): string {
  return v.map(str).join(', ');
}

function signature(s: DkimSignature, i: number): HTMLElement {
  const who = [s.domain ? `d=${str(s.domain)}` : '', s.selector ? `s=${str(s.selector)}` : ''].filter(Boolean).join(' ');
  const head = el('h4', {}, t('dkim.signature', { n: i + 1 }), ' ', el('span', { class: 'mono' }, who), ' ', pill(s.result));
  const block = el('div', { class: 'sig' }, head);
  block.append(el('p', { class: 'verdict' }, reasonText('dkim', s.reason, s.message || s.detail)));
  if (s.detail && str(s.detail) !== str(s.message)) block.append(el('p', { class: 'note' }, str(s.detail)));
  if (s.pending) block.append(el('p', { class: 'note' }, t('common.pending')));
  if (s.author_signature === true) block.append(el('p', { class: 'tag good' }, t('dkim.author', { domain: str(s.domain) })));
  else if (s.author_signature === false && s.domain) block.append(el('p', { class: 'tag warn' }, t('dkim.thirdParty', { domain: str(s.domain), from: str(s.from_domain) || '—' })));

  // Forensics.
  const b = s.body;
  const advice: string[] = [];
  if (b.state === 'mismatch') {
    if (b.other_canonicalization_matches === true) advice.push(t('dkim.advice.otherCanonMatches'));
    else if (b.other_canonicalization_matches === false) advice.push(t('dkim.advice.bodyChanged'));
  }
  if (b.state === 'not_provided') advice.push(t('dkim.advice.notProvided'));
  if (b.length_limited) advice.push(t('dkim.advice.length', { signed: str(b.signed_bytes ?? '?'), unsigned: str(b.unsigned_bytes ?? 0) }));
  const hf = s.header_fields;
  const forensics = kv([
    [t('dkim.bodyHash'), b.state ? [pill(stateTone(b.state), stateText('body', b.state))] : null],
    [t('dkim.headerSig'), s.header_signature ? [pill(stateTone(s.header_signature), stateText('header', s.header_signature))] : null],
    [t('dkim.canon'), str(s.canonicalization)],
    [t('dkim.algorithm'), str(s.algorithm)],
    [t('dkim.identity'), str(s.identity)],
    [t('dkim.absent'), list(hf.absent)],
    [t('dkim.duplicated'), list(hf.duplicated)],
    [t('dkim.unsignedDuplicates'), list(hf.unsigned_duplicates)],
    [t('dkim.oversigned'), list(hf.oversigned)],
    [t('dkim.fromOversigned'), hf.from_oversigned ? t('common.yes') : t('common.no')],
  ]);
  const advices = advice.length ? el('ul', { class: 'advice' }, ...advice.map((a) => el('li', {}, a))) : null;
  if (advices) block.append(advices);
  const hashes = b.expected || b.computed ? kv([[t('dkim.bhExpected'), b.expected ? mono(b.expected) : null], [t('dkim.bhComputed'), b.computed ? mono(b.computed) : null]], 'hashes') : null;
  const signed = s.headers ? el('p', {}, t('dkim.signedFields'), ' ', mono(s.headers)) : null;
  const times = kv([[t('dkim.timestamp'), s.timestamp != null ? str(s.timestamp) : null], [t('dkim.expiration'), s.expiration != null ? str(s.expiration) : null],
    [t('dkim.unknownTags'), list(s.unknown_tags)]]);
  const ev = evidence(t('dkim.forensics'), forensics, hashes, signed, times);
  if (ev) block.append(ev);

  // The key record and where it came from.
  const k = s.key;
  if (k.name || k.record) {
    const chain = k.cname_chain;
    const flags = [k.weak ? t('dkim.keyWeak') : '', k.testing ? t('dkim.keyTesting') : ''].filter(Boolean).join(' · ');
    const keyKv = kv([
      [t('dkim.keyName'), k.name ? mono(k.name) : null],
      [t('dkim.cname'), chain.length ? el('ol', { class: 'cname' }, ...chain.map((c) => el('li', { class: 'mono' }, str(c)))) : null],
      [t('dkim.ttl'), k.ttl ? t('common.seconds', { n: str(k.ttl) }) : null],
      [t('dkim.keySize'), k.bits ? `${str(k.bits)} bit${k.encoding ? ` (${str(k.encoding)})` : ''}` : null],
      [t('dkim.keyFlags'), flags],
    ]);
    block.append(evidence(t('dkim.key'), keyKv, k.record ? el('pre', { class: 'raw' }, rawText(k.record)) : null) ?? '');
  }
  return block;
}

export function dkimCard(report: Report): HTMLElement {
  const sigs = report.dkim;
  const body: (Node | null)[] = [];
  if (!sigs.length) body.push(el('p', { class: 'verdict' }, pill('none'), ' ', reasonText('dkim', 'no_signature', t('dkim.none'))));
  else sigs.forEach((s, i) => body.push(signature(s, i)));
  return card(t('card.dkim'), 'card-dkim', ...body);
}

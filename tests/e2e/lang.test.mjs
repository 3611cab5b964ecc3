// `authlens --lang ja|en`: text output in Japanese or English from the shared catalogs compiled in
// (i18n/report.<lang>.json, i18n/cli.<lang>.json), by default from the locale (LC_ALL, LC_MESSAGES,
// LANG); JSON output is the same in both. DNS comes from the test zone files (no server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, sourceDir, zonesDir } from './lib.mjs';

const zones = readdirSync(zonesDir).filter((f) => f.endsWith('.zone')).flatMap((f) => ['--zone', join(zonesDir, f)]);
const message = join(sourceDir, 'tests', 'data', 'messages', 'rules-esp-unaligned.eml');
const analyze = ['analyze', message, ...zones, '--now', '1796635043'];
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

test('--lang ja renders the headline, labels and reasons in Japanese', () => {
  const r = authlens(['--lang', 'ja', ...analyze]);
  assert.equal(r.code, 1, r.err);  // DMARC fails for this message
  const lines = r.out.split('\n');
  assert.match(lines[0], /^DMARC 不合格: SPF は good\.rules\.test ではない esp\.rules\.test で合格/);
  assert.ok(lines.includes('件名: December news'), 'the subject label');
  assert.ok(lines.some((l) => l.startsWith('SPF (MAIL FROM): pass esp.rules.test (spf.mechanism_matched) SPF レコードのメカニズム')),
    'the SPF reason from the catalog, its code kept');
  assert.ok(lines.some((l) => /^ {7}修正: good\.rules\.test 配下の MAIL FROM/.test(l)), 'the DMARC fix with the core\'s names');
  assert.ok(lines.some((l) => l.includes('Outlook.com: 拒否 (550 5.7.515)')), 'what the recipient sees');
  // Up to the bulk-sender checklists, no line is an English sentence (three words or more) without
  // Japanese: the rest is data (addresses, routes, codes).
  const checks = lines.slice(0, lines.findIndex((l) => l.startsWith('Gmail/Yahoo')));
  assert.ok(checks.length > 15, 'the checks section');
  const english = checks.filter((l) => /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/.test(l) && !japanese.test(l));
  assert.deepEqual(english, []);
});

test('the locale chooses the language; LC_ALL wins over LANG; --lang wins over both', () => {
  const ja = authlens(analyze, 30000, { LANG: 'ja_JP.UTF-8' });
  assert.match(ja.out.split('\n')[0], japanese);
  const en = authlens(analyze, 30000, { LANG: 'ja_JP.UTF-8', LC_ALL: 'en_US.UTF-8' });
  assert.match(en.out.split('\n')[0], /^DMARC fails \(p=none\): SPF passes for esp\.rules\.test, which is not good\.rules\.test/);
  // The only Japanese left is data: the titles of Japanese sources ("[NTT docomo: ドコモメール…, date]").
  assert.doesNotMatch(en.out.replace(/ \[[^\]\n]*, \d{4}-\d\d-\d\d\]$/gm, ''), japanese);
  const forced = authlens(['--lang=en', ...analyze], 30000, { LANG: 'ja_JP.UTF-8' });
  assert.equal(forced.out, en.out);
});

test('JSON output is the same in both languages', () => {
  const ja = authlens(['--lang', 'ja', ...analyze, '--json']);
  const en = authlens([...analyze, '--json', '--lang', 'en']);
  assert.equal(ja.code, en.code);
  assert.equal(ja.out, en.out);
  assert.doesNotMatch(en.out, /不合格/);
});

test('the inventory speaks Japanese too', () => {
  const r = authlens(['inventory', join(sourceDir, 'tests', 'data', 'messages'), '--offline', '--lang', 'ja']);
  assert.equal(r.code, 1, r.err);  // streams that do not pass DMARC
  assert.match(r.out, /^メッセージ \d+ 通、読めなかったもの 0 通、送信ストリーム \d+ 本/);
  assert.match(r.out, /SPF {2}合格・一致 \d+ {2}合格・不一致 \d+ {2}不合格 \d+/);
});

test('a language that is neither is a usage error', () => {
  const r = authlens(['--lang', 'fr', ...analyze]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--lang takes ja or en/);
  assert.equal(authlens(['analyze', message, '--lang']).code, 2);
});

test('dmarc report speaks Japanese, with the Reports tab\'s sentence for each fix and aligned columns', () => {
  const dir = join(sourceDir, 'tests', 'data', 'aggregate');
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f));
  const r = authlens(['dmarc', 'report', ...files, '--lang', 'ja']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^DMARC 集約レポート: \d+ ファイル/);
  assert.match(r.out, /修正 \(不合格 12 通\): DKIM は sendgrid\.net で合格していますが news\.example\.com ではありません/);
  // Kanji and kana take two columns: the header and the rows end their "IP" column at the same place.
  const lines = r.out.split('\n');
  const header = lines.find((l) => l.includes('送信元') && l.includes('通数'));
  const row = lines.find((l) => /^ {2}209\.85\.220\.0\/24 /.test(l));
  const width = (s) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(c) ? 2 : 1), 0);
  assert.equal(width(header.slice(0, header.lastIndexOf('  '))), width(row.slice(0, row.lastIndexOf('  '))));
  const en = authlens(['dmarc', 'report', ...files]);
  assert.match(en.out, /fix \(12 failing message\(s\)\): DKIM passes for sendgrid\.net, not for news\.example\.com/);
});

test('domain, spf lint and dmarc check speak Japanese from the same code texts as the Domain tab', () => {
  const d = authlens(['domain', 'domain-bad.test', ...zones, '--no-fetch', '--now', '1796635043', '--lang', 'ja']);
  assert.equal(d.code, 1, d.err);
  assert.match(d.out, /^ドメイン domain-bad\.test \(DNS \d+ 往復\)/);
  assert.match(d.out, /^ {2}mx {6}不合格 {2}MX ホスト 2 台/m);
  assert.match(d.out, /修正: nowhere\.domain-bad\.test のアドレスを公開するか/);
  assert.match(d.out, /<-- 'mx:domain-bad\.test' で 10 回の検索上限を超えます/);
  // Findings and fixes: no line of three English words without Japanese, apart from quoted records.
  const english = d.out.split('\n').filter((l) => !/^\s*"/.test(l) && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(l) && !japanese.test(l));
  assert.deepEqual(english, []);
  const lint = authlens(['spf', 'lint', 'domain-bad.test', ...zones, '--lang', 'ja']);
  assert.match(lint.out, /^エラー spf\.lint\.too_many_void_lookups \(domain-bad\.test\): DNS で何も見つからない項目が 4 件/m);
  const dmarc = authlens(['dmarc', 'check', 'domain-bad.test', ...zones, '--lang', 'ja']);
  assert.match(dmarc.out, /エラー dmarc\.lint\.destination_not_authorized: domain-good\.test は domain-bad\.test のレポートの受信を承認していません/);
});

test('record speaks Japanese with the Wizard tab\'s sentences; English stays the core\'s', () => {
  const dmarc = ['record', 'dmarc', '--domain', 'example.com', '--p', 'reject', '--rua', 'mailto:d@example.com',
    '--rua', 'mailto:x@other.example', '--mailing-lists'];
  const ja = authlens([...dmarc, '--lang', 'ja']);
  assert.equal(ja.code, 0, ja.err);
  assert.match(ja.out, /^_dmarc\.example\.com の DMARC レコード:\n {2}v=DMARC1; p=reject;/);
  assert.match(ja.out, /^導入計画:$/m);
  assert.match(ja.out, /^ {2}4\. 拒否: p=reject {3}<- このレコード$/m);
  assert.match(ja.out, /^ {2}警告 records\.dmarc\.external_rua: レポートはドメイン外の other\.example に送られます/m);
  assert.match(ja.out, /^ {6}修正: other\.example の運用者に承認レコードの公開を依頼してください$/m);
  // Every line people read is Japanese: only records, names and BIND lines stay as written.
  const english = ja.out.split('\n').filter((l) => !/v=DMARC1|IN TXT/.test(l) && /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/.test(l) && !japanese.test(l));
  assert.deepEqual(english, []);
  const en = authlens(dmarc);
  assert.match(en.out, /^DMARC record for _dmarc\.example\.com:$/m);
  assert.match(en.out, /^ {2}4\. Reject: p=reject {3}<- this record$/m);
  // A refusal of the builder, in the reader's language.
  const bad = authlens(['record', 'spf', '--ip4', '300.1.1.1', '--lang', 'ja']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^authlens record spf: IPv4 アドレスまたは範囲として正しくない値があります。/);
});

test('spf check, spf lint, dmarc check, arc verify and dns label every line in Japanese', () => {
  const spf = authlens(['spf', 'check', '--ip', '192.0.2.1', '--sender', 'x@domain-bad.test', ...zones, '--lang', 'ja']);
  assert.match(spf.out, /^ {2}DNS ルックアップ: 10 回中 11 回（RFC 7208 4\.6\.4）、読んだ DNS 問い合わせ \d+ 件、結果なし \d+ 回、DNS \d+ 往復$/m);
  assert.match(spf.out, /^ {4}domain-bad\.test \[permerror, ルックアップ 3 回\]/m);
  const lint = authlens(['spf', 'lint', 'domain-bad.test', ...zones, '--lang', 'ja']);
  assert.match(lint.out, /^spf lint domain-bad\.test: 木全体で DNS を引く項目 \d+ 個（上限 10）、結果なし 4 回$/m);
  const dmarc = authlens(['dmarc', 'check', 'domain-bad.test', ...zones, '--lang', 'ja']);
  assert.match(dmarc.out, /^ {2}RFC 9989: _dmarc\.domain-bad\.test にレコードあり \(dmarc\.record\.found\)\n {4}組織ドメイン: domain-bad\.test/m);
  assert.match(dmarc.out, /^ {2}DNS \d+ 往復、問い合わせ \d+ 件$/m);
  const arc = authlens(['arc', 'verify', join(sourceDir, 'tests', 'data', 'messages', 'analyze-arc-sealed.eml'), ...zones,
    '--now', '1796635043', '--lang', 'ja']);
  assert.match(arc.out, /^ {2}最初の封印者（mx\.receiver\.test）の記録:$/m);
  const dns = authlens(['dns', '_dmarc.domain-good.test', 'TXT', ...zones, '--lang', 'ja']);
  assert.match(dns.out, /^AD: いいえ\n往復: 1、問い合わせ: 1$/m);
  // Outside quoted records, header fields and codes, no English sentence is left.
  for (const r of [spf, lint, dmarc, arc, dns]) {
    const english = r.out.split("\n").filter((l) => !/"|Received-SPF|Authentication-Results|^\s+(spf|dkim)=|^dmarc check /.test(l)
      && /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/.test(l) && !japanese.test(l));
    assert.deepEqual(english, []);
  }
});

test('dkim verify labels every line in Japanese; the English output is unchanged', () => {
  const files = ['analyze-esp.eml', 'analyze-headers-only.eml', 'headers-only.eml', 'bare-lf.eml']
    .map((f) => join(sourceDir, 'tests', 'data', 'messages', f));
  const ja = authlens(['dkim', 'verify', ...files, ...zones, '--now', '1796635043', '--lang', 'ja']);
  assert.match(ja.out, /^ {2}pass d=analyze-esp\.test s=s1 a=rsa-sha256 \(ok\) 第三者署名$/m);
  assert.match(ja.out, /^ {4}鍵: s1\._domainkey\.analyze-esp\.test \(2048 ビット\)$/m);
  assert.match(ja.out, /dkim=pass（ヘッダーのみ: 本文のハッシュは未確認）$/m);
  assert.match(ja.out, /^ {4}詳細: NXDOMAIN$/m);
  assert.match(ja.out, /^ {2}DKIM-Signature フィールドがありません$/m);
  const english = ja.out.split('\n').filter((l) => /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/.test(l) && !japanese.test(l));
  assert.deepEqual(english, []);
  const en = authlens(['dkim', 'verify', ...files, ...zones, '--now', '1796635043', '--lang', 'en']);
  assert.match(en.out, /^ {2}pass d=analyze-esp\.test s=s1 a=rsa-sha256 \(ok\) third-party\n {4}.+\n {4}key: s1\._domainkey\.analyze-esp\.test \(2048 bits\)$/m);
  assert.match(en.out, /dkim=pass \(headers only: body hashes not checked\)$/m);
  assert.match(en.out, /^ {2}no DKIM-Signature field$/m);
});

test('defects read in Japanese with the core\'s detail beside them; English keeps the detail alone', () => {
  const file = join(sourceDir, 'tests', 'data', 'messages', 'headers-only.eml');
  const ja = authlens(['headers', file, '--lang', 'ja']);
  assert.match(ja.out, /^ {2}! mime\.input\.headers_only: ヘッダーブロックの後に空行がありません.*\(no blank line ends the header block/m);
  const en = authlens(['headers', file]);
  assert.match(en.out, /^ {2}! mime\.input\.headers_only: no blank line ends the header block: the input holds headers only$/m);
});

// `authlens dns` and `authlens analyze` replaying a DNS snapshot written by another tool (one entry
// per name and type, CNAMEs as type CNAME), as DNS would answer: CNAMEs followed for every other
// type, NODATA for a name present without the type, a CNAME loop ending in SERVFAIL (exit 3) at
// once. Then a provider delegation (SendGrid style: the customer's s1._domainkey and em123 names
// are CNAMEs into the provider's zone; SES style: the DKIM name is) verifying DKIM and passing SPF
// and DMARC from such a snapshot. No DNS server is used.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { authlens, dnsJson, tmp, authlensJson } from './lib.mjs';

const dir = mkdtempSync(join(tmp, 'snapshot-'));
const write = (name, answers) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ schema: 'authlens/dns-snapshot/v1', answers }));
  return file;
};

describe('authlens dns --snapshot answers as DNS would', () => {
  const file = write('foreign.json', [
    { name: 'b.example', type: 'CNAME', status: 'NOERROR', ttl: 60, records: ['a.example.'] },
    { name: 'a.example', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 -all']] },
    { name: 'loop1.example', type: 'CNAME', status: 'NOERROR', ttl: 60, records: ['loop2.example.'] },
    { name: 'loop2.example', type: 'CNAME', status: 'NOERROR', ttl: 60, records: ['loop1.example.'] },
    { name: 'rec.example', type: 'TXT', status: 'NOERROR', ttl: 42, records: [['recorded']], cname: ['target.example'], ad: true },
  ]);
  const src = ['--snapshot', file];

  test('a CNAME is followed for another type', () => {
    const r = dnsJson('b.example', 'TXT', src, 10000);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.answer, { name: 'b.example', type: 'TXT', status: 'NOERROR', ttl: 60,
      records: [['v=spf1 -all']], cname: ['a.example'] });
    const text = authlens(['dns', 'b.example', 'TXT', ...src], 10000);
    assert.match(text.out, /^b\.example TXT: NOERROR, TTL 60$/m);
    assert.match(text.out, /CNAME chain: b\.example -> a\.example/);
  });
  test('a name present without the type is NODATA, an absent name NXDOMAIN', () => {
    const nodata = dnsJson('a.example', 'MX', src, 10000);
    assert.equal(nodata.code, 1);
    assert.deepEqual(nodata.answer, { name: 'a.example', type: 'MX', status: 'NOERROR', ttl: 0 });
    assert.match(authlens(['dns', 'a.example', 'MX', ...src], 10000).out, /^a\.example MX: NODATA$/m);
    const viaCname = dnsJson('b.example', 'A', src, 10000);
    assert.equal(viaCname.answer.status, 'NOERROR');
    assert.deepEqual(viaCname.answer.cname, ['a.example']);
    assert.equal(viaCname.answer.records, undefined);
    const nx = dnsJson('c.example', 'TXT', src, 10000);
    assert.equal(nx.code, 1);
    assert.equal(nx.answer.status, 'NXDOMAIN');
  });
  test('a CNAME loop is SERVFAIL (exit 3), at once', () => {
    const r = dnsJson('loop1.example', 'TXT', src, 10000);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.answer.status, 'SERVFAIL');
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
    const text = authlens(['dns', 'loop1.example', 'A', ...src], 10000);
    assert.equal(text.code, 3);
    assert.match(text.out, /^loop1\.example A: SERVFAIL$/m);
    assert.match(text.out, /^CNAME chain: loop1\.example -> loop2\.example$/m);
  });
  test('an entry authlens recorded replays exactly', () => {
    const r = dnsJson('rec.example', 'TXT', src, 10000);
    assert.equal(r.code, 0);
    assert.deepEqual(r.answer, { name: 'rec.example', type: 'TXT', status: 'NOERROR', ttl: 42,
      records: [['recorded']], cname: ['target.example'], ad: true });
  });
  test('--record of a replay keeps what was answered', () => {
    const out = join(dir, 'again.json');
    const r = authlens(['dns', 'b.example', 'TXT', ...src, '--record', out], 10000);
    assert.equal(r.code, 0, r.err);
    const snap = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(snap.answers, [{ name: 'b.example', type: 'TXT', status: 'NOERROR', ttl: 60,
      records: [['v=spf1 -all']], cname: ['a.example'] }]);
  });
});

describe('provider delegations verify from a foreign snapshot', () => {
  const message = [
    'Return-Path: <bounces+42@em123.example.com>',
    'Received: from o1.ptr.provider.example (o1.ptr.provider.example [198.51.100.20])',
    '\tby mx.receiver.test (Postfix) with ESMTPS id 9XyZ',
    '\tfor <alice@receiver.test>; Mon, 23 Nov 2026 07:00:02 +0000',
    'From: Example News <news@example.com>',
    'To: alice@receiver.test',
    'Subject: Sent through the provider',
    'Date: Mon, 23 Nov 2026 07:00:00 +0000',
    'Message-ID: <n-1@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello Alice,',
    'sent by the provider, signed as example.com.',
    '',
  ].join('\r\n');

  /** A fresh key (`authlens dkim keygen`), the message signed with it (`authlens dkim sign`), and the key's TXT strings. */
  function signed(selector) {
    const prefix = join(dir, `key-${selector}`);
    const kg = authlens(['dkim', 'keygen', '--type', 'ed25519', '--domain', 'example.com', '--selector', selector, '--out', prefix]);
    assert.equal(kg.code, 0, kg.err);
    const txt = readFileSync(`${prefix}.txt`, 'utf8').split('\n');
    const record = txt[txt.indexOf('; as one string:') + 1];
    assert.match(record, /^v=DKIM1; k=ed25519; p=/);
    const plain = join(dir, `msg-${selector}.eml`);
    writeFileSync(plain, message);
    const s = authlens(['dkim', 'sign', '--key', `${prefix}.private`, '--domain', 'example.com', '--selector', selector,
      '--algorithm', 'ed25519-sha256', plain]);
    assert.equal(s.code, 0, s.err);
    const file = join(dir, `signed-${selector}.eml`);
    writeFileSync(file, s.out);
    return { file, record };
  }

  function analyze(file, snapshot) {
    return authlensJson(['analyze', file, '--json', '--snapshot', snapshot], 20000);
  }

  test('SendGrid style: s1._domainkey and em123 are CNAMEs into the provider zone', () => {
    const { file, record } = signed('s1');
    const snap = write('sendgrid.json', [
      { name: 's1._domainkey.example.com', type: 'CNAME', status: 'NOERROR', ttl: 3600, records: ['s1.domainkey.u123.wl.sendgrid.net.'] },
      { name: 's1.domainkey.u123.wl.sendgrid.net', type: 'TXT', status: 'NOERROR', ttl: 300, records: [[record]] },
      { name: 'em123.example.com', type: 'CNAME', status: 'NOERROR', ttl: 3600, records: ['u123.wl.sendgrid.net.'] },
      { name: 'u123.wl.sendgrid.net', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 ip4:198.51.100.0/24 -all']] },
      { name: 'u123.wl.sendgrid.net', type: 'MX', status: 'NOERROR', ttl: 300, records: ['10 mx.sendgrid.net.'] },
      { name: '_dmarc.example.com', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=DMARC1; p=reject']] },
    ]);
    const { code, j } = analyze(file, snap);
    assert.equal(j.dkim.length, 1);
    assert.equal(j.dkim[0].result, 'pass', JSON.stringify(j.dkim[0]));
    assert.equal(j.dkim[0].domain, 'example.com');
    assert.equal(j.spf.result, 'pass', JSON.stringify(j.spf));
    assert.equal(j.spf.domain, 'em123.example.com');
    assert.equal(j.dmarc.result, 'pass', JSON.stringify({ reason: j.dmarc.reason, detail: j.dmarc.detail }));
    assert.equal(j.dmarc.reason, 'dmarc.pass.dkim_and_spf');
    assert.equal(j.dmarc.disposition, 'none');
    assert.equal(code, 0);
  });

  test('SES style: the DKIM name is a CNAME to the provider, MAIL FROM includes its SPF', () => {
    const { file, record } = signed('abc123');
    const snap = write('ses.json', [
      { name: 'abc123._domainkey.example.com', type: 'CNAME', status: 'NOERROR', ttl: 1800, records: ['abc123.dkim.amazonses.com.'] },
      { name: 'abc123.dkim.amazonses.com', type: 'TXT', status: 'NOERROR', ttl: 300, records: [[record]] },
      { name: 'em123.example.com', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 include:amazonses.com ~all']] },
      { name: 'em123.example.com', type: 'MX', status: 'NOERROR', ttl: 300, records: ['10 feedback-smtp.us-east-1.amazonses.com.'] },
      { name: 'amazonses.com', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=spf1 ip4:198.51.100.0/24 -all']] },
      { name: '_dmarc.example.com', type: 'TXT', status: 'NOERROR', ttl: 300, records: [['v=DMARC1; p=quarantine']] },
    ]);
    const { j } = analyze(file, snap);
    assert.equal(j.dkim[0].result, 'pass', JSON.stringify(j.dkim[0]));
    assert.equal(j.spf.result, 'pass', JSON.stringify(j.spf));
    assert.equal(j.dmarc.result, 'pass');
  });
});

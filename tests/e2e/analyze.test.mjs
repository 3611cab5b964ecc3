// `authlens analyze` end to end: sample messages (tests/data/messages/analyze-*.eml, signed with the
// committed test keys tests/data/messages/analyze-*-key.pem) against NSD serving
// tests/data/zones/analyze-{shop,esp}.test.zone, and offline from the same zone files, with the same
// expectations; then --ar, offline mode, text output and exit codes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { authlens, servers, sourceDir, zonesDir, authlensJson } from './lib.mjs';

const env = servers();
const messages = join(sourceDir, 'tests', 'data', 'messages');
const now = '1795000100';
const sources = {
  nsd: ['--resolver', env.AUTHLENS_NSD],
  'zone files': ['analyze-shop.test.zone', 'analyze-esp.test.zone'].flatMap((z) => ['--zone', join(zonesDir, z)]),
};

function analyze(file, source, extra = []) {
  return authlensJson(['analyze', join(messages, file), '--json', '--now', now, ...source, ...extra]);
}
const item = (j, list, id) => j.bulk_sender[list].items.find((i) => i.id === id);

for (const [name, source] of Object.entries(sources)) {
  describe(`analyze via ${name}`, () => {
    test('an aligned, signed bulk message passes SPF, DKIM and DMARC', () => {
      const { code, j } = analyze('analyze-aligned.eml', source);
      assert.equal(j.schema, 'authlens/report/v1');
      assert.equal(j.spf.result, 'pass');
      assert.equal(j.spf.domain, 'analyze-shop.test');
      assert.equal(j.spf.helo.result, 'pass');
      assert.equal(j.dkim.length, 1);
      assert.equal(j.dkim[0].result, 'pass');
      assert.equal(j.dkim[0].domain, 'analyze-shop.test');
      assert.equal(j.dmarc.result, 'pass');
      assert.equal(j.dmarc.policy, 'reject');
      assert.equal(j.arc.cv, 'none');
      assert.deepEqual(j.decision, { spf: { pass: true, aligned: true, domain: 'analyze-shop.test' },
        dkim: { pass: true, aligned: true }, dmarc: 'pass' });
      assert.equal(j.summary.headline_code, 'summary.pass.both');
      assert.equal(item(j, 'gmail_yahoo', 'unsubscribe.one_click').status, 'pass');
      assert.equal(item(j, 'gmail_yahoo', 'dkim.pass').params.bits, 2048);
      assert.equal(code, 0);
    });
    test('signed by the ESP, not by the author domain: DMARC fails', () => {
      const { code, j } = analyze('analyze-esp.eml', source);
      assert.equal(j.spf.result, 'pass');
      assert.equal(j.dkim[0].result, 'pass');
      assert.equal(j.dkim[0].domain, 'analyze-esp.test');
      assert.equal(j.dmarc.result, 'fail');
      assert.equal(j.dmarc.rfc7489.result, 'fail');
      assert.equal(j.summary.headline_code, 'summary.fail.dkim_not_aligned');
      assert.match(j.summary.headline, /signed by analyze-esp\.test, not by analyze-shop\.test/);
      assert.ok(j.spoofing.indicators.some((i) => i.code === 'spoofing.envelope_from.differs'));
      assert.equal(code, 1);
    });
    test('tampered in transit: the body hash fails, the receiver claimed pass', () => {
      const { code, j } = analyze('analyze-tampered.eml', source);
      assert.equal(j.dkim[0].result, 'fail');
      assert.equal(j.dkim[0].reason, 'body_hash_mismatch');
      assert.equal(j.spf.result, 'fail');  // handed off from an IP the SPF record does not list
      assert.equal(j.dmarc.result, 'fail');
      assert.equal(j.comparison.found, true);
      const codes = j.comparison.items.map((i) => i.code);
      assert.ok(codes.includes('compare.dkim.body_changed'), codes.join());
      assert.ok(codes.includes('compare.spf.different_ip'), codes.join());
      assert.equal(code, 1);
    });
    test('headers only: the body hash is not provided, never a failure', () => {
      const { j } = analyze('analyze-headers-only.eml', source);
      assert.equal(j.input.headers_only, true);
      assert.equal(j.dkim[0].body.state, 'not_provided');
      assert.equal(j.dkim[0].result, 'pass');
      assert.equal(j.dmarc.result, 'pass');
    });
    test('--ar prints an Authentication-Results field', () => {
      const r = authlens(['analyze', join(messages, 'analyze-aligned.eml'), '--ar', '--authserv-id', 'mx.test',
        '--now', now, ...source]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^Authentication-Results: mx\.test;/);
      assert.match(r.out, /spf=pass/);
      assert.match(r.out, /dkim=pass header\.d=analyze-shop\.test header\.s=s1/);
      assert.match(r.out, /dmarc=pass/);
    });
    test('--mail-from "" and "<>" are the null reverse-path: SPF checks postmaster@<HELO>', () => {
      for (const extra of [['--mail-from', ''], ['--mail-from', '<>'], ['--mail-from=']]) {
        const { j } = analyze('analyze-aligned.eml', source, extra);
        assert.equal(j.envelope.mail_from, '<>', extra.join(' '));
        assert.equal(j.envelope.mail_from_null, true);
        assert.equal(j.envelope.mail_from_source, 'given');
        assert.equal(j.spf.sender, 'postmaster@mail.analyze-shop.test');
        assert.equal(j.spf.result, 'pass');
        assert.equal(j.spf.null_sender, true);
        // The SPF-authenticated domain is the HELO domain, and it counts for alignment.
        assert.deepEqual(j.decision.spf, { pass: true, aligned: true, domain: 'mail.analyze-shop.test' });
      }
      const text = authlens(['analyze', join(messages, 'analyze-aligned.eml'), '--mail-from', '', '--now', now, ...source]);
      assert.match(text.out, /mail from <> \(given, null reverse-path/);
      // Without --mail-from the Return-Path is used.
      const { j } = analyze('analyze-aligned.eml', source);
      assert.equal(j.envelope.mail_from, 'bounce@analyze-shop.test');
      assert.equal(j.envelope.mail_from_null, false);
    });
    test('route.handoff_tls is the hand-off hop\'s TLS', () => {
      assert.equal(analyze('analyze-aligned.eml', source).j.route.handoff_tls, 'TLSv1.3');
      assert.equal(analyze('analyze-esp.eml', source).j.route.handoff_tls, 'TLSv1.2');
    });
    test('text output shows every section', () => {
      const r = authlens(['analyze', join(messages, 'analyze-esp.eml'), '--now', now, ...source]);
      assert.equal(r.code, 1, r.err);
      for (const s of ['SPF mailfrom:', 'DKIM:', 'DMARC:', 'ARC:', 'iprev:', 'Decision:', 'Gmail/Yahoo bulk:',
        'Outlook bulk:', 'Spoofing indicators:'])
        assert.ok(r.out.includes(s), `${s} missing:\n${r.out}`);
      assert.match(r.out.split('\n')[0], /^DMARC fails/);
    });
  });
}

describe('analyze without DNS', () => {
  test('--offline says dns.offline, never a guessed verdict', () => {
    const { code, j } = analyze('analyze-aligned.eml', ['--offline']);
    assert.equal(j.spf.reason, 'dns.offline');
    assert.equal(j.dkim[0].reason, 'dns.offline');
    assert.equal(j.dmarc.reason, 'dns.offline');
    assert.equal(j.summary.headline_code, 'summary.dns.offline');
    assert.equal(code, 1);
  });
  test('an unreachable resolver is a temporary failure (exit 3)', () => {
    const r = authlens(['analyze', join(messages, 'analyze-aligned.eml'), '--json', '--now', now,
      '--resolver', '127.0.0.1:9', '--timeout', '200']);
    assert.equal(r.code, 3, r.out + r.err);
    assert.equal(JSON.parse(r.out).dmarc.result, 'temperror');
  });
  test('usage errors exit 2', () => {
    assert.equal(authlens(['analyze', '/nonexistent.eml']).code, 2);
    assert.equal(authlens(['analyze', '--bogus']).code, 2);
  });
});
